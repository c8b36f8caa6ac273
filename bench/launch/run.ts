/**
 * `npm run bench:launch`: full LTI 1.3 launch round trips — login initiation → the simulator's
 * authorization endpoint (signed id_token) → id_token POST → ltik redirect → the tool's page —
 * for CoachLoop and for a bare ltijs tool doing the same launch, at concurrency 1 and 20.
 *
 * Four processes: this one (the load: a fresh BrowserClient, so a fresh cookie jar, per launch),
 * the simulated LMS, CoachLoop and the bare tool, each a child bound to 127.0.0.1. Tools are
 * measured alternately (bare c1, coachloop c1, bare c20, coachloop c20, then the same in reverse)
 * so machine drift touches both alike. Every launch is checked (status 200, the page names the
 * user); a run with failed launches reports the failures, not figures.
 *
 * Flags: --db mysql://user:pass@host:3306/name  (both tools on MariaDB/MySQL; the bare tool on <name>_bare)
 *        --quick  --launches-c1 N  --launches-c20 N  --warmup N  --rounds N  --users N
 *        --sql-stats (SQL statements per launch, by kind)  --cpu-prof (V8 profiles of both tools)
 *        --verbose (children's stdout)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { BrowserClient, type BrowserResponse } from '../../src/simulator/client';
import type { BenchDatabase } from '../common/coachloopServer';
import { BenchChild, cleanUpOnSignal, freePort, killChildren, percentile, prepareDatabases, REPO, stopChildren } from '../common/parent';
import type { ChildStats, Prepared, SimulatorReady, SimulatorSettings, ToolEndpoints, ToolName, ToolReady, ToolSettings } from './protocol';

const GOAL = 0.85;
const CONCURRENCIES = [1, 20] as const;
const LAUNCH_TIMEOUT_MS = 30_000;
const HERE = __dirname;

// ---------------------------------------------------------------- options

interface Options {
  db?: string;
  launchesC1: number;
  launchesC20: number;
  warmup: number;
  rounds: number;
  users: number;
  sqlStats: boolean;
  cpuProf: boolean;
  verbose: boolean;
  quick: boolean;
  /** process.env.NODE_ENV of the children (Express caches views only in production). */
  nodeEnv: string;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'launches-c1': { type: 'string' },
      'launches-c20': { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      users: { type: 'string' },
      'sql-stats': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'node-env': { type: 'string', default: 'production' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: npm run bench:launch -- [--db mysql://user:pass@127.0.0.1:3306/coachloop_bench] [--quick]\n' +
      '  [--launches-c1 150] [--launches-c20 600] [--warmup 30] [--rounds 2] [--users 500] [--sql-stats] [--cpu-prof]\n' +
      '  [--node-env production] [--verbose]\n' +
      'See bench/README.md.');
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const count = (name: string, raw: string | undefined, fallback: number, min: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} expects a whole number ≥ ${min}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const db = values.db;
  if (db !== undefined && !/^(mysql|mariadb):\/\/[^/]+\/[^/?]+$/.test(db)) throw new Error('--db expects mysql://user:password@host:3306/database');
  return {
    db,
    quick,
    launchesC1: count('launches-c1', values['launches-c1'], quick ? 20 : 150, 1),
    launchesC20: count('launches-c20', values['launches-c20'], quick ? 60 : 600, 1),
    warmup: count('warmup', values.warmup, quick ? 10 : 30, 0),
    rounds: count('rounds', values.rounds, 2, 1),
    users: count('users', values.users, 500, 1),
    sqlStats: values['sql-stats'] ?? false,
    cpuProf: values['cpu-prof'] ?? false,
    verbose: values.verbose ?? false,
    nodeEnv: values['node-env'] ?? 'production',
  };
}

// ---------------------------------------------------------------- child processes

/** A child's CPU time and SQL statement counts so far. */
function stats(child: BenchChild): Promise<ChildStats> {
  return child.request<ChildStats>('stats');
}

// ---------------------------------------------------------------- measuring

interface Failure {
  tool: ToolName;
  what: string;
}

interface Row {
  round: number;
  tool: ToolName;
  concurrency: number;
  launches: number;
  ok: number;
  seconds: number;
  launchesPerSecond: number;
  p50: number;
  p95: number;
  /** Launches by a user this tool had already seen in the run. */
  repeats: number;
  /** CPU time of the tool's process per launch (ms). */
  toolCpuMs: number;
  /** CPU time of the simulator's process per launch (ms). */
  simCpuMs: number;
  /** SQL statements per launch by kind (with --sql-stats). */
  sqlPerLaunch?: Record<string, number>;
  latencies: number[];
}


/** What a failed launch looked like, short enough to group by. */
function describe(res: BrowserResponse): string {
  const title = /<title>([^<]*)<\/title>/i.exec(res.html)?.[1]?.trim();
  const code = /\b([A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+)\b/.exec(res.html)?.[1];
  const text = res.html.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160);
  const why = res.status === 200 ? "a page without the learner's name" : `status ${res.status}`;
  return `${why} at ${new URL(res.url).pathname}${title ? ` — "${title}"` : ''}${code ? ` [${code}]` : ''}${title ? '' : ` — ${text}`}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Setup {
  sim: BenchChild;
  tools: Record<ToolName, BenchChild>;
  users: Array<{ sub: string; name: string }>;
  nextUser: Record<ToolName, number>;
  seen: Record<ToolName, Set<string>>;
  failures: Failure[];
}

function sqlDelta(before: ChildStats, after: ChildStats, launches: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [kind, n] of Object.entries(after.sql)) {
    const d = n - (before.sql[kind] ?? 0);
    if (d > 0) out[kind] = d / launches;
  }
  return out;
}

/** Runs `count` launches of one tool with `concurrency` at a time; every launch is checked. */
async function batch(s: Setup, tool: ToolName, concurrency: number, count: number, round: number): Promise<Row> {
  const picked = Array.from({ length: count }, () => s.users[s.nextUser[tool]++ % s.users.length]);
  let repeats = 0;
  for (const u of picked) {
    if (s.seen[tool].has(u.sub)) repeats += 1;
    else s.seen[tool].add(u.sub);
  }
  const launches = await s.sim.request<Prepared[]>('prepare', { tool, subs: picked.map((u) => u.sub) });
  const child = s.tools[tool];
  const [toolBefore, simBefore] = await Promise.all([stats(child), stats(s.sim)]);
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const prepared: Prepared = launches[i];
      const expected = picked[i].name;
      const t0 = performance.now();
      try {
        const res = await withTimeout(new BrowserClient().launch(prepared), LAUNCH_TIMEOUT_MS, 'a launch');
        const ms = performance.now() - t0;
        if (res.status === 200 && res.html.includes(expected)) latencies.push(ms);
        else s.failures.push({ tool, what: describe(res) });
      } catch (err) {
        s.failures.push({ tool, what: `error: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
  };
  const start = performance.now();
  await Promise.race([Promise.all(Array.from({ length: concurrency }, worker)), child.died, s.sim.died]);
  const seconds = (performance.now() - start) / 1000;
  const [toolAfter, simAfter] = await Promise.all([stats(child), stats(s.sim)]);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    round, tool, concurrency, launches: count, ok: latencies.length, seconds, repeats,
    launchesPerSecond: latencies.length / seconds,
    p50: percentile(sorted, 50), p95: percentile(sorted, 95),
    toolCpuMs: (toolAfter.cpuMicros - toolBefore.cpuMicros) / 1000 / count,
    simCpuMs: (simAfter.cpuMicros - simBefore.cpuMicros) / 1000 / count,
    sqlPerLaunch: Object.keys(toolAfter.sql).length ? sqlDelta(toolBefore, toolAfter, count) : undefined,
    latencies: sorted,
  };
}

// ---------------------------------------------------------------- report

const HEADER = 'tool        conc  launches    ok  launches/s  p50 ms  p95 ms  repeat %  tool cpu ms/launch';

function line(r: { tool: string; concurrency: number; launches: number; ok: number; launchesPerSecond: number; p50: number; p95: number; repeats: number; toolCpuMs: number }): string {
  const f = (n: number, w: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-').padStart(w);
  return `${r.tool.padEnd(10)} ${String(r.concurrency).padStart(5)} ${String(r.launches).padStart(9)} ${String(r.ok).padStart(5)} ` +
    `${f(r.launchesPerSecond, 11)} ${f(r.p50, 7)} ${f(r.p95, 7)} ${f((100 * r.repeats) / r.launches, 9, 0)} ${f(r.toolCpuMs, 19)}`;
}

interface Summary {
  tool: ToolName;
  concurrency: number;
  launches: number;
  ok: number;
  launchesPerSecond: number;
  p50: number;
  p95: number;
  repeats: number;
  toolCpuMs: number;
  simCpuMs: number;
  sqlPerLaunch?: Record<string, number>;
}

/** Mean of the rounds' throughputs; p50/p95 over every launch of every round. */
function summarise(rows: Row[], tool: ToolName, concurrency: number): Summary {
  const mine = rows.filter((r) => r.tool === tool && r.concurrency === concurrency);
  const all = mine.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const mean = (f: (r: Row) => number) => mine.reduce((sum, r) => sum + f(r), 0) / mine.length;
  let sql: Record<string, number> | undefined;
  if (mine.every((r) => r.sqlPerLaunch)) {
    sql = {};
    for (const r of mine) for (const [k, v] of Object.entries(r.sqlPerLaunch ?? {})) sql[k] = (sql[k] ?? 0) + v / mine.length;
  }
  return {
    tool, concurrency,
    launches: mine.reduce((n, r) => n + r.launches, 0),
    ok: mine.reduce((n, r) => n + r.ok, 0),
    repeats: mine.reduce((n, r) => n + r.repeats, 0),
    launchesPerSecond: mean((r) => r.launchesPerSecond),
    p50: percentile(all, 50), p95: percentile(all, 95),
    toolCpuMs: mean((r) => r.toolCpuMs), simCpuMs: mean((r) => r.simCpuMs),
    sqlPerLaunch: sql,
  };
}

function formatSql(sql: Record<string, number> | undefined): string {
  if (!sql) return '-';
  const total = Object.values(sql).reduce((a, b) => a + b, 0);
  const parts = Object.entries(sql).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`);
  return `${total.toFixed(1)} (${parts.join(', ')})`;
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  const started = new Date();
  const cpus = os.cpus();
  const loadBefore = os.loadavg()[0];
  const dbs = await prepareDatabases(opts.db, ['coachloop', 'bare'], 'coachloop-bench-');
  const cleanup = async () => {
    await stopChildren();
    await dbs.cleanup();
  };
  cleanUpOnSignal(cleanup);

  try {
    const [simPort, coachPort, barePort] = [await freePort(), await freePort(), await freePort()];
    const endpoints = (tool: ToolName, port: number): ToolEndpoints => ({
      clientId: `bench-${tool}`, deploymentId: 'bench-deployment-1', name: tool === 'bare' ? 'Bare ltijs tool' : 'CoachLoop',
      loginUrl: `http://127.0.0.1:${port}/lti/login`, launchUrl: `http://127.0.0.1:${port}/lti/launch`, jwksUrl: `http://127.0.0.1:${port}/lti/keys`,
    });
    const tools: Record<ToolName, ToolEndpoints> = { bare: endpoints('bare', barePort), coachloop: endpoints('coachloop', coachPort) };
    const simSettings: SimulatorSettings = { port: simPort, users: opts.users, courseId: 'bench-course', tools };

    console.log(`Starting the simulated LMS, CoachLoop and the bare ltijs tool (database: ${dbs.description}) …`);
    const sim = await BenchChild.start<SimulatorReady>('simulator', path.join(HERE, 'simulatorProcess.ts'), simSettings, { verbose: opts.verbose, nodeEnv: opts.nodeEnv });
    const platform = {
      issuer: sim.ready.issuer, authorizationEndpoint: sim.ready.authorizationEndpoint, tokenEndpoint: sim.ready.tokenEndpoint,
      jwksUrl: sim.ready.jwksUrl, name: 'Bench LMS',
    };
    const profDir = path.join(REPO, 'bench', 'results', `prof-${started.toISOString().replace(/[:.]/g, '-')}`);
    const nodeFlags = (name: string) => (opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=${name}-\${pid}.cpuprofile`] : []);
    const toolSettings = (tool: ToolName, port: number, database: BenchDatabase): ToolSettings => ({ port, database, tool: tools[tool], platform, countSql: opts.sqlStats });
    const [coach, bare] = await Promise.all([
      BenchChild.start<ToolReady>('coachloop', path.join(HERE, 'coachloopProcess.ts'), toolSettings('coachloop', coachPort, dbs.databases.coachloop), { nodeFlags: nodeFlags('coachloop'), verbose: opts.verbose, nodeEnv: opts.nodeEnv }),
      BenchChild.start<ToolReady>('bare', path.join(HERE, '..', 'common', 'bareLtijsTool.ts'), toolSettings('bare', barePort, dbs.databases.bare), { nodeFlags: nodeFlags('bare'), verbose: opts.verbose, nodeEnv: opts.nodeEnv }),
    ]);

    const setup: Setup = {
      sim: sim.child, tools: { coachloop: coach.child, bare: bare.child }, users: sim.ready.users,
      nextUser: { bare: 0, coachloop: 0 }, seen: { bare: new Set(), coachloop: new Set() }, failures: [],
    };
    const count = (c: number) => (c === 1 ? opts.launchesC1 : opts.launchesC20);

    if (opts.warmup > 0) {
      console.log(`Warming up: ${opts.warmup} launches per tool at concurrency ${Math.min(10, opts.warmup)} …`);
      for (const tool of ['bare', 'coachloop'] as const) await batch(setup, tool, Math.min(10, opts.warmup), opts.warmup, 0);
    }
    const warmupFailures = setup.failures.length;

    const forward: Array<[ToolName, number]> = CONCURRENCIES.flatMap((c) => [['bare', c], ['coachloop', c]] as Array<[ToolName, number]>);
    const rows: Row[] = [];
    for (let round = 1; round <= opts.rounds; round += 1) {
      const order = round % 2 === 1 ? forward : [...forward].reverse();
      for (const [tool, c] of order) {
        process.stdout.write(`round ${round}: ${tool} at concurrency ${c}, ${count(c)} launches … `);
        const row = await batch(setup, tool, c, count(c), round);
        rows.push(row);
        console.log(`${row.launchesPerSecond.toFixed(1)} launches/s${row.ok < row.launches ? ` (${row.launches - row.ok} FAILED)` : ''}`);
      }
    }
    const loadCpu = process.cpuUsage();
    const loadAfter = os.loadavg()[0];
    await cleanup();

    // ---- report
    const summaries = CONCURRENCIES.flatMap((c) => (['bare', 'coachloop'] as const).map((t) => summarise(rows, t, c)));
    const failed = setup.failures.length > 0;
    const ratio: Record<string, number | null> = {};
    for (const c of CONCURRENCIES) {
      const b = summaries.find((x) => x.tool === 'bare' && x.concurrency === c)!;
      const k = summaries.find((x) => x.tool === 'coachloop' && x.concurrency === c)!;
      ratio[`c${c}`] = failed ? null : k.launchesPerSecond / b.launchesPerSecond;
    }
    const out: string[] = [];
    out.push('');
    out.push(`Launch benchmark, ${started.toISOString()}`);
    out.push(`node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}; ` +
      `1-min load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} at the end (other work on the machine skews figures)`);
    out.push(`database: ${dbs.description}`);
    out.push(`${opts.users} learners round-robin, a fresh cookie jar per launch; warm-up ${opts.warmup} launches per tool; ` +
      `${opts.rounds} round(s): bare c1, coachloop c1, bare c20, coachloop c20, then the reverse order`);
    out.push(`child processes: NODE_ENV=${opts.nodeEnv}${opts.nodeEnv === 'production' ? ' (Express caches views, as in production)' : ' (Express recompiles views on every render)'}, ` +
      'stack traces not source-mapped (as `node dist/…`)');
    out.push('repeat % = launches by a learner the tool had already seen in this run (CoachLoop writes nothing for a launch it recorded unchanged < 5 min ago)');
    out.push('');
    out.push('Per round:');
    out.push(`round ${HEADER}`);
    for (const r of rows) out.push(`${String(r.round).padEnd(5)} ${line(r)}`);
    out.push('');
    out.push(`Result: launches/s = mean of the ${opts.rounds} round(s); p50/p95 over all their launches:`);
    out.push(HEADER);
    for (const sm of summaries) out.push(line(sm));
    out.push('');
    if (failed) {
      out.push(`FAILED: ${setup.failures.length} launch(es) failed${warmupFailures ? ` (${warmupFailures} during warm-up)` : ''} — the figures above are not a result.`);
      const grouped = new Map<string, number>();
      for (const f of setup.failures) grouped.set(`${f.tool}: ${f.what}`, (grouped.get(`${f.tool}: ${f.what}`) ?? 0) + 1);
      for (const [what, n] of [...grouped].sort((a, b) => b[1] - a[1]).slice(0, 15)) out.push(`  ${String(n).padStart(5)} × ${what}`);
      if (grouped.size > 15) out.push(`  … and ${grouped.size - 15} other kinds`);
    } else {
      const fmt = (v: number | null) => (v === null ? '-' : `${v.toFixed(2)}x`);
      const verdict = CONCURRENCIES.every((c) => (ratio[`c${c}`] ?? 0) >= GOAL) ? 'goal met' : 'goal NOT met';
      out.push(`ratio coachloop/bare at c1: ${fmt(ratio.c1)}, at c20: ${fmt(ratio.c20)} (goal ≥ ${GOAL}x: ${verdict})`);
    }
    out.push(`CPU per launch (mean, ms): ${summaries.map((s) => `${s.tool} c${s.concurrency} tool ${s.toolCpuMs.toFixed(1)} / simulator ${s.simCpuMs.toFixed(1)}`).join('; ')}; ` +
      `load generator ${((loadCpu.user + loadCpu.system) / 1000).toFixed(0)} ms in all`);
    if (opts.sqlStats) {
      out.push('SQL statements per launch (with --sql-stats the tools log every statement, so their figures are a little lower than without):');
      for (const sm of summaries) out.push(`  ${sm.tool.padEnd(10)} c${String(sm.concurrency).padEnd(3)} ${formatSql(sm.sqlPerLaunch)}`);
    }
    if (opts.cpuProf) out.push(`CPU profiles (open in Chrome DevTools → Performance): ${path.relative(REPO, profDir)}/`);

    const resultsDir = path.join(REPO, 'bench', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `launch-${started.toISOString().replace(/[:.]/g, '-')}.json`);
    const json = {
      benchmark: 'launch', date: started.toISOString(), node: process.version, platform: `${os.platform()} ${os.arch()}`,
      cpus: { count: cpus.length, model: cpus[0]?.model }, loadAverage: { before: loadBefore, after: loadAfter }, database: dbs.description, options: opts,
      order: 'round 1: bare c1, coachloop c1, bare c20, coachloop c20; each next round in the reverse order of the one before',
      aggregation: 'launches/s: mean of the rounds; p50/p95: over every launch of every round',
      goal: GOAL, ratio, valid: !failed,
      summary: summaries,
      rounds: rows.map(({ latencies: _latencies, ...r }) => r),
      failures: setup.failures,
      text: out.join('\n'),
    };
    fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    out.push(`written to ${path.relative(REPO, file)}`);
    console.log(out.join('\n'));
    return failed ? 1 : 0;
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}

main().then((code) => {
  process.exit(code);
}, (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  killChildren();
  process.exit(1);
});
