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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BrowserClient } from '../../src/simulator/client';
import { BenchChild, cleanUpOnSignal, freePort, killChildren, pad, percentile, prepareDatabases, REPO, stopChildren } from '../common/parent';
import type { CoachReady, CoachReport, CoachSettings, PageTiming, Pass, SimulatorReady, SimulatorSettings, ToolEndpoints } from './protocol';

const GOALS = { fullSyncSeconds: 10, ratio: 1.3, peakRssMb: 200, secondSyncWrites: 0 };
const RUN_TIMEOUT_MS = 15 * 60_000;
const SAMPLE_MS = 20;
const HERE = __dirname;
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

// ---------------------------------------------------------------- report


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


async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  const started = new Date();
  const cpus = os.cpus();
  const loadBefore = os.loadavg()[0];
  const dbs = await prepareDatabases(opts.db, ['coachloop'], 'coachloop-bench-roster-');
  const db = { label: dbs.label, description: dbs.description, database: dbs.databases.coachloop, cleanup: () => dbs.cleanup() };
  const cleanup = async () => {
    await stopChildren();
    await db.cleanup();
  };
  cleanUpOnSignal(cleanup);

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
    const sim = await BenchChild.start<SimulatorReady>('simulator', path.join(HERE, 'simulatorProcess.ts'), simSettings, { verbose: opts.verbose });
    const coachSettings: CoachSettings = {
      port: coachPort, database: db.database, tool, courseId, expectedMembers, sampleMs: SAMPLE_MS,
      platform: { issuer: sim.ready.issuer, authorizationEndpoint: sim.ready.authorizationEndpoint, tokenEndpoint: sim.ready.tokenEndpoint, jwksUrl: sim.ready.jwksUrl, name: 'Bench LMS' },
    };
    const coach = await BenchChild.start<CoachReady>('coachloop', path.join(HERE, 'coachloopProcess.ts'), coachSettings, { verbose: opts.verbose, onProgress: (text) => console.log(`  ${text}`) });

    // The coach's launch creates the space and stores its NRPS URL (it also queues an automatic
    // sync job, which nothing runs here: createApp does not start the job runner).
    const launch = await new BrowserClient().launch(sim.ready.coachLaunch);
    if (launch.status !== 200 || !launch.html.includes('Cora Coach')) throw new Error(`the coach's launch failed: status ${launch.status} at ${launch.url}`);

    console.log('Measuring (warm-up page, floor A, full sync, second sync, floor B) …');
    const report = await Promise.race([coach.child.request<CoachReport>('run', {}, RUN_TIMEOUT_MS), coach.child.died]);
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
  killChildren();
  process.exit(1);
});
