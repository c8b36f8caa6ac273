/**
 * `npm run bench:roster`: a Names-and-Roles roster sync of a large course (10,000 learners and a
 * coach by default, pages of 50 as Canvas sends them), in one run:
 *   floor        fetching every page with fetchMembershipPage, storing nothing (run before and after the syncs);
 *   full sync    syncRoster into the empty space: wall time and its ratio to the floor;
 *   second sync  nothing changed: wall time and the write statements it issued (goal: none);
 *   peak RSS     of the CoachLoop process, sampled every 20 ms during each pass.
 *
 * Three processes: this one (orchestration and the coach's launch), the simulated LMS and
 * CoachLoop, each child bound to 127.0.0.1, so the LMS's CPU and memory are not CoachLoop's.
 * The run checks what the sync stored (every member active, nothing changed by the second sync)
 * and fails loudly otherwise.
 *
 * Flags: --members N (10000)  --page-size N (50)  --db mysql://user:pass@127.0.0.1:3306/<name with "bench">  --verbose
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { BrowserClient } from '../../src/simulator/client';
import type {
  BenchDatabase, ChildMessage, CoachReady, CoachReport, CoachSettings, PageTiming, ParentMessage, Pass, SimulatorReady, SimulatorSettings, ToolEndpoints,
} from './protocol';

const GOALS = { fullSyncSeconds: 10, ratio: 1.3, peakRssMb: 200, secondSyncWrites: 0 };
const READY_TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = 15 * 60_000;
const SAMPLE_MS = 20;
const HERE = __dirname;
const REPO = path.resolve(HERE, '..', '..');
const MB = 1024 * 1024;

// ---------------------------------------------------------------- options

interface Options {
  members: number;
  pageSize: number;
  db?: string;
  verbose: boolean;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      members: { type: 'string' },
      'page-size': { type: 'string' },
      db: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: npm run bench:roster -- [--members 10000] [--page-size 50] [--db mysql://user:pass@127.0.0.1:3306/coachloop_bench_roster] [--verbose]\nSee bench/README.md.');
    process.exit(0);
  }
  const count = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} expects a whole number ≥ 1, got ${JSON.stringify(raw)}`);
    return n;
  };
  const db = values.db;
  if (db !== undefined && !/^(mysql|mariadb):\/\/[^/]+\/[^/?]+$/.test(db)) throw new Error('--db expects mysql://user:password@host:3306/database');
  return { members: count('members', values.members, 10_000), pageSize: count('page-size', values['page-size'], 50), db, verbose: values.verbose ?? false };
}

// ---------------------------------------------------------------- child processes

/** A child process of the run: its ready line, its messages and an orderly stop. */
class Child {
  private exited = false;
  private stopping = false;
  private readonly exitPromise: Promise<void>;
  /** Rejects when the child exits before it was told to stop. */
  readonly died: Promise<never>;
  private listener: ((m: ChildMessage) => void) | undefined;

  private constructor(readonly name: string, readonly proc: ChildProcess) {
    this.exitPromise = new Promise<void>((resolve) => proc.once('exit', () => {
      this.exited = true;
      resolve();
    }));
    this.died = new Promise<never>((_resolve, reject) => {
      proc.once('exit', (code, signal) => {
        if (!this.stopping) reject(new Error(`${name} exited unexpectedly (${signal ?? `status ${code}`})`));
      });
    });
    this.died.catch(() => undefined);
    proc.on('error', () => undefined);
    proc.on('message', (raw: unknown) => this.listener?.(raw as ChildMessage));
  }

  /** Forks a TypeScript child (through tsx) and waits for its ready line. */
  static async start<R>(name: string, file: string, settings: object, verbose: boolean): Promise<{ child: Child; ready: R }> {
    const proc = fork(path.join(HERE, file), [JSON.stringify(settings)], {
      cwd: REPO,
      env: { ...process.env, NODE_ENV: 'production' },
      execArgv: ['--require', require.resolve('tsx/cjs')],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const child = new Child(name, proc);
    children.push(child);
    const lines = readline.createInterface({ input: proc.stdout! });
    const ready = new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not get ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      lines.on('line', (line) => {
        if (line.startsWith('{"ready":true')) {
          clearTimeout(timer);
          resolve(JSON.parse(line) as R);
        } else if (verbose) {
          process.stderr.write(`[${name}] ${line}\n`);
        }
      });
      child.died.catch((err: unknown) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return { child, ready: await ready };
  }

  /** Asks the CoachLoop child to run the measurements; prints its progress lines. */
  run(): Promise<CoachReport> {
    const answer = new Promise<CoachReport>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not finish within ${RUN_TIMEOUT_MS / 60_000} min`)), RUN_TIMEOUT_MS);
      this.listener = (m) => {
        if (m.type === 'progress') {
          console.log(`  ${m.text}`);
          return;
        }
        clearTimeout(timer);
        if (m.type === 'report') resolve(m.report);
        else reject(new Error(`${this.name}: ${m.message}`));
      };
    });
    this.proc.send({ type: 'run' } satisfies ParentMessage);
    return Promise.race([answer, this.died]);
  }

  /** Asks the child to stop, then kills it if it has not exited within 8 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.exited) return;
    if (this.proc.connected) this.proc.send({ type: 'stop' } satisfies ParentMessage, () => undefined);
    else this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 8000);
    await this.exitPromise;
    clearTimeout(timer);
  }

  /** Last resort at process exit: no child may outlive the run. */
  killNow(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}

const children: Child[] = [];

async function stopChildren(): Promise<void> {
  await Promise.all(children.map((c) => c.stop()));
}

process.on('exit', () => {
  for (const c of children) c.killNow();
});

/** A free TCP port on 127.0.0.1 (listen on port 0, close). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- database

/** A fresh SQLite file in a temporary folder, or the named MariaDB/MySQL database dropped and recreated. */
async function prepareDatabase(db: string | undefined): Promise<{ label: string; description: string; database: BenchDatabase; cleanup(): Promise<void> }> {
  if (!db) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coachloop-bench-roster-'));
    return {
      label: 'SQLite',
      description: `SQLite (fresh file ${path.join(dir, 'coachloop.sqlite')})`,
      database: { kind: 'sqlite', file: path.join(dir, 'coachloop.sqlite') },
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = new URL(db.replace(/^mariadb:/, 'mysql:'));
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`--db: database name ${JSON.stringify(name)} must be letters, digits and _`);
  if (!name.includes('bench')) throw new Error(`--db: the run drops and recreates the database, so its name must contain "bench" (got ${name})`);
  const connection = await mysql.createConnection({
    host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password),
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const [rows] = await connection.query('SELECT VERSION() AS v');
    const version = (rows as Array<{ v: string }>)[0]?.v ?? '?';
    const isMaria = /mariadb/i.test(version);
    return {
      label: `${isMaria ? 'MariaDB' : 'MySQL'} ${version.replace(/-.*$/, '')}`,
      description: `${isMaria ? 'MariaDB' : 'MySQL'} ${version} at ${url.hostname}:${url.port || 3306}, database ${name} (recreated empty)`,
      database: { kind: 'mysql', url: url.toString() },
      cleanup: async () => undefined,
    };
  } finally {
    await connection.end();
  }
}

// ---------------------------------------------------------------- report

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Sums and per-page percentiles of one pass's page timings. */
function pageStats(pages: PageTiming[]) {
  const sum = (f: (p: PageTiming) => number) => pages.reduce((s, p) => s + f(p), 0);
  const pct = (f: (p: PageTiming) => number, q: number) => percentile(pages.map(f).sort((a, b) => a - b), q);
  return {
    pages: pages.length,
    totalMs: sum((p) => p.totalMs), tokenMs: sum((p) => p.tokenMs), httpMs: sum((p) => p.httpMs), sqlMs: sum((p) => p.sqlMs), otherMs: sum((p) => p.otherMs),
    statements: sum((p) => p.statements),
    p50TotalMs: pct((p) => p.totalMs, 50), p95TotalMs: pct((p) => p.totalMs, 95), maxTotalMs: pct((p) => p.totalMs, 100),
    p50HttpMs: pct((p) => p.httpMs, 50), p50SqlMs: pct((p) => p.sqlMs, 50), p95SqlMs: pct((p) => p.sqlMs, 95), p50OtherMs: pct((p) => p.otherMs, 50),
  };
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padEnd(width) : text.padStart(width);
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  const started = new Date();
  const cpus = os.cpus();
  const loadBefore = os.loadavg()[0];
  const db = await prepareDatabase(opts.db);
  const cleanup = async () => {
    await stopChildren();
    await db.cleanup();
  };
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping the benchmark's processes.`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const [simPort, coachPort] = [await freePort(), await freePort()];
    const courseId = 'roster-bench-course';
    const tool: ToolEndpoints = {
      clientId: 'bench-roster', deploymentId: 'bench-deployment-1',
      loginUrl: `http://127.0.0.1:${coachPort}/lti/login`, launchUrl: `http://127.0.0.1:${coachPort}/lti/launch`, jwksUrl: `http://127.0.0.1:${coachPort}/lti/keys`,
    };
    const expectedMembers = opts.members + 1;
    const expectedPages = Math.ceil(expectedMembers / opts.pageSize);

    console.log(`Starting the simulated LMS (${opts.members} learners + 1 coach, pages of ${opts.pageSize}) and CoachLoop (${db.description}) …`);
    const simSettings: SimulatorSettings = { port: simPort, members: opts.members, pageSize: opts.pageSize, courseId, coachSub: 'bench-coach', tool };
    const sim = await Child.start<SimulatorReady>('simulator', 'simulatorProcess.ts', simSettings, opts.verbose);
    const coachSettings: CoachSettings = {
      port: coachPort, database: db.database, tool, courseId, expectedMembers, sampleMs: SAMPLE_MS,
      platform: { issuer: sim.ready.issuer, authorizationEndpoint: sim.ready.authorizationEndpoint, tokenEndpoint: sim.ready.tokenEndpoint, jwksUrl: sim.ready.jwksUrl, name: 'Bench LMS' },
    };
    const coach = await Child.start<CoachReady>('coachloop', 'coachloopProcess.ts', coachSettings, opts.verbose);

    // The coach's launch creates the space and stores its NRPS URL (it also queues an automatic
    // sync job, which nothing runs here: createApp does not start the job runner).
    const launch = await new BrowserClient().launch(sim.ready.coachLaunch);
    if (launch.status !== 200 || !launch.html.includes('Cora Coach')) throw new Error(`the coach's launch failed: status ${launch.status} at ${launch.url}`);

    console.log('Measuring (warm-up page, floor A, full sync, second sync, floor B) …');
    const report = await coach.child.run();
    const loadAfter = os.loadavg()[0];
    await cleanup();

    // ---- checks
    const pass = (name: string): Pass => {
      const p = report.passes.find((x) => x.name === name);
      if (!p) throw new Error(`no pass ${name} in the report`);
      return p;
    };
    const floorA = pass('floor A');
    const floorB = pass('floor B');
    const full = pass('full sync');
    const second = pass('second sync');
    const problems: string[] = [];
    for (const f of [floorA, floorB]) {
      if (f.pages !== expectedPages || f.members !== expectedMembers) problems.push(`${f.name} read ${f.pages} pages and ${f.members} members, expected ${expectedPages} and ${expectedMembers}`);
    }
    if (full.pages !== expectedPages || full.members !== expectedMembers) problems.push(`the full sync read ${full.pages} pages and ${full.members} members, expected ${expectedPages} and ${expectedMembers}`);
    if (full.result?.added !== opts.members) problems.push(`the full sync added ${full.result?.added} memberships, expected ${opts.members} (the coach's came from the launch)`);
    if (report.activeAfterFull !== expectedMembers) problems.push(`after the full sync the space has ${report.activeAfterFull} active memberships, expected ${expectedMembers}`);
    if (report.activeAfterSecond !== expectedMembers) problems.push(`after the second sync the space has ${report.activeAfterSecond} active memberships, expected ${expectedMembers}`);
    if (second.result?.unchanged !== expectedMembers) problems.push(`the second sync found ${second.result?.unchanged} members unchanged, expected ${expectedMembers} (result ${JSON.stringify(second.result)})`);
    if (report.peopleAfterSecond !== expectedMembers) problems.push(`the tenant has ${report.peopleAfterSecond} people, expected ${expectedMembers}`);

    // ---- figures
    const floorSeconds = (floorA.seconds + floorB.seconds) / 2;
    const ratio = full.seconds / floorSeconds;
    const peakRss = Math.max(full.peakRss, second.peakRss);
    const goals = {
      fullSync: { goal: `≤ ${GOALS.fullSyncSeconds} s`, met: full.seconds <= GOALS.fullSyncSeconds },
      ratio: { goal: `≤ ${GOALS.ratio}x the floor`, met: ratio <= GOALS.ratio },
      peakRss: { goal: `≤ ${GOALS.peakRssMb} MB`, met: peakRss / MB <= GOALS.peakRssMb },
      secondSyncWrites: { goal: `${GOALS.secondSyncWrites} writes to people/memberships`, met: second.rosterWrites <= GOALS.secondSyncWrites },
    };

    const out: string[] = [];
    out.push('');
    out.push(`Roster sync benchmark, ${started.toISOString()}`);
    out.push(`node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}; 1-min load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} at the end`);
    out.push(`database: ${db.description}`);
    out.push(`course: ${opts.members} learners + 1 coach = ${expectedMembers} members, NRPS pages of ${opts.pageSize}; simulator and CoachLoop in separate processes (NODE_ENV=production)`);
    out.push('floor = mean of two page-fetch-only passes (before and after the syncs); peak RSS = CoachLoop process, sampled every 20 ms during the syncs');
    out.push('');
    const head = ['database', 'members', 'pages', 'floor s', 'full sync s', 'ratio', 'second sync s', 'second-sync writes', 'peak RSS MB'];
    const row = [
      db.label, String(expectedMembers), String(full.pages), floorSeconds.toFixed(2), full.seconds.toFixed(2), `${ratio.toFixed(2)}x`,
      second.seconds.toFixed(2), String(second.rosterWrites), (peakRss / MB).toFixed(0),
    ];
    const goalRow = ['goal', '', '', '', `≤ ${GOALS.fullSyncSeconds}`, `≤ ${GOALS.ratio}x`, '', String(GOALS.secondSyncWrites), `≤ ${GOALS.peakRssMb}`];
    const metRow = ['', '', '', '', goals.fullSync.met ? 'met' : 'NOT MET', goals.ratio.met ? 'met' : 'NOT MET', '', goals.secondSyncWrites.met ? 'met' : 'NOT MET', goals.peakRss.met ? 'met' : 'NOT MET'];
    const widths = head.map((h, i) => Math.max(h.length, row[i].length, goalRow[i].length, metRow[i].length));
    for (const r of [head, row, goalRow, metRow]) out.push(r.map((c, i) => pad(c, widths[i], i === 0)).join('  '));
    out.push('');

    out.push('Where the time goes, per pass (sums over pages, ms; "other" = JSON validation, diffing, building statements: CoachLoop CPU outside SQL):');
    const phead = ['pass', 'wall s', 'pages', 'token', 'http', 'sql', 'other', 'p50 page', 'p95 page', 'max page', 'p50 sql', 'SQL statements', 'writes', 'cpu ms', 'RSS before→peak MB'];
    const prows = report.passes.map((p) => {
      const s = pageStats(p.pagesTimed);
      const sql = Object.entries(p.sql).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || '0';
      return [
        p.name, p.seconds.toFixed(2), String(s.pages), s.tokenMs.toFixed(0), s.httpMs.toFixed(0), s.sqlMs.toFixed(0), s.otherMs.toFixed(0),
        s.p50TotalMs.toFixed(1), s.p95TotalMs.toFixed(1), s.maxTotalMs.toFixed(1), s.p50SqlMs.toFixed(1), sql, `${p.writes} (${p.rosterWrites} roster)`, p.cpuMs.toFixed(0),
        `${(p.rssBefore / MB).toFixed(0)}→${(p.peakRss / MB).toFixed(0)}`,
      ];
    });
    const pw = phead.map((h, i) => Math.max(h.length, ...prows.map((r) => r[i].length)));
    for (const r of [phead, ...prows]) out.push(r.map((c, i) => pad(c, pw[i], i === 0 || i === 11)).join('  '));
    out.push(`CoachLoop RSS idle (after the launch) ${(report.rssIdle / MB).toFixed(0)} MB; process peak since start (maxRSS) ${(report.maxRssEver / MB).toFixed(0)} MB`);
    out.push(`full sync result: ${JSON.stringify(full.result)}; second sync result: ${JSON.stringify(second.result)}`);
    out.push('');
    if (problems.length) {
      out.push('FAILED: what the sync stored is not right — the figures above are not a result:');
      for (const p of problems) out.push(`  - ${p}`);
    } else {
      out.push(`checked: ${report.activeAfterFull} active memberships after the full sync, ${report.activeAfterSecond} after the second, ${report.peopleAfterSecond} people; the second sync found every member unchanged`);
      const missed = Object.entries(goals).filter(([, g]) => !g.met).map(([k, g]) => `${k} (${g.goal})`);
      out.push(missed.length ? `goals NOT met: ${missed.join(', ')}` : 'all goals met');
    }

    const resultsDir = path.join(REPO, 'bench', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `roster-${started.toISOString().replace(/[:.]/g, '-')}.json`);
    const json = {
      benchmark: 'roster', date: started.toISOString(), node: process.version, platform: `${os.platform()} ${os.arch()}`,
      cpus: { count: cpus.length, model: cpus[0]?.model }, loadAverage: { before: loadBefore, after: loadAfter },
      database: db.description, options: { ...opts, db: opts.db?.replace(/\/\/[^@]*@/, '//***@') },
      members: expectedMembers, pages: full.pages, valid: problems.length === 0, problems,
      figures: {
        floorSeconds, floorASeconds: floorA.seconds, floorBSeconds: floorB.seconds, fullSyncSeconds: full.seconds, ratio,
        secondSyncSeconds: second.seconds, secondSyncRosterWrites: second.rosterWrites, secondSyncWrites: second.writes, peakRssMb: peakRss / MB,
      },
      goals,
      passes: report.passes.map((p) => ({ ...p, pageStats: pageStats(p.pagesTimed) })),
      rssIdleMb: report.rssIdle / MB, maxRssEverMb: report.maxRssEver / MB,
      text: out.join('\n'),
    };
    fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    out.push(`written to ${path.relative(REPO, file)}`);
    console.log(out.join('\n'));
    if (problems.length) console.error('\nROSTER BENCHMARK FAILED: the sync did not store the roster correctly (see above).');
    return problems.length ? 1 : 0;
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}

main().then((code) => {
  process.exit(code);
}, (err: unknown) => {
  console.error(`ROSTER BENCHMARK FAILED: ${err instanceof Error ? err.message : String(err)}`);
  for (const c of children) c.killNow();
  process.exit(1);
});
