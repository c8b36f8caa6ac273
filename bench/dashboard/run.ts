/**
 * `npm run bench:dashboard`: the program dashboard of a district with 1,000,000 coaching sessions,
 * 200,000 goal check-ins and 100,000 survey responses (npm run seed:district's generator, in the
 * CoachLoop process, into the benchmark's tenant), requested as a browser would — the page with
 * its charts, over HTTP, with a real launch session — against a baseline page of the same server
 * (the home page) in the same run:
 *   baseline         GET /app/home (course admin)
 *   course           GET /app/dashboard, course admin: their course, all time
 *   all, no filters  GET /app/dashboard, account-level admin: every course, all time (the heaviest)
 *   all, a year      … every course, one school year
 *   one course, year … one course chosen, one school year
 * Requests go one at a time, the cases interleaved so a slow spell of the machine touches them
 * alike; p50/p95 per case, the goal is p95 ≤ 300 ms for every dashboard case. Then the page's
 * queries are timed one by one and the plan (EXPLAIN) of the slowest is printed.
 *
 * Flags: --db mysql://user:pass@127.0.0.1:3306/<name with "bench">  --teachers N (5000)  --sessions N (1000000)
 *        --checkins N (200000)  --responses N (100000)  --requests N (100 per case)  --warmup N (10)  --seed S (1)  --verbose
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { districtDefaults } from '../../src/cli/seedDistrict';
import { schoolYearOf } from '../../src/features/dashboard/scope';
import { BrowserClient, decodeHtmlEntities } from '../../src/simulator/client';
import { BenchChild, freePort, killChildren, pad, percentile, prepareDatabases, REPO, stopChildren } from '../common/parent';
import type { ExplainResult, SeedResult, SimulatorReady, SimulatorSettings, ToolEndpoints } from './protocol';

const GOAL_P95_MS = 300;
const HERE = __dirname;

interface Options {
  db?: string;
  teachers: number;
  sessions: number;
  checkins: number;
  responses: number;
  requests: number;
  warmup: number;
  seed: number;
  verbose: boolean;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' }, teachers: { type: 'string' }, sessions: { type: 'string' }, checkins: { type: 'string' }, responses: { type: 'string' },
      requests: { type: 'string' }, warmup: { type: 'string' }, seed: { type: 'string' }, verbose: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: npm run bench:dashboard -- [--db mysql://user:pass@127.0.0.1:3306/coachloop_bench_dashboard] [--teachers 5000] [--sessions 1000000]\n' +
      '  [--checkins 200000] [--responses 100000] [--requests 100] [--warmup 10] [--seed 1] [--verbose]\nSee bench/README.md.');
    process.exit(0);
  }
  const count = (name: string, raw: string | undefined, fallback: number, min = 1): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} expects a whole number ≥ ${min}, got ${JSON.stringify(raw)}`);
    return n;
  };
  if (values.db !== undefined && !/^(mysql|mariadb):\/\/[^/]+\/[^/?]+$/.test(values.db)) throw new Error('--db expects mysql://user:password@host:3306/database');
  return {
    db: values.db, teachers: count('teachers', values.teachers, 5000), sessions: count('sessions', values.sessions, 1_000_000), checkins: count('checkins', values.checkins, 200_000, 0),
    responses: count('responses', values.responses, 100_000, 0), requests: count('requests', values.requests, 100), warmup: count('warmup', values.warmup, 10, 0),
    seed: count('seed', values.seed, 1, 0), verbose: values.verbose ?? false,
  };
}

interface Case {
  name: string;
  browser: BrowserClient;
  path: string;
  /** Text the page must contain. */
  expect: string;
  dashboard: boolean;
  times: number[];
  failures: string[];
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  const started = new Date();
  const cpus = os.cpus();
  const loadBefore = os.loadavg()[0];
  const dbs = await prepareDatabases(opts.db, ['coachloop'], 'coachloop-bench-dashboard-');
  const cleanup = async () => {
    await stopChildren();
    await dbs.cleanup();
  };
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) return;
    interrupted = true;
    console.error('\nSIGINT: stopping the benchmark’s processes.');
    void cleanup().finally(() => process.exit(130));
  });

  try {
    const [simPort, coachPort] = [await freePort(), await freePort()];
    const district = districtDefaults(opts.teachers, { sessions: opts.sessions, checkins: opts.checkins, responses: opts.responses, seed: opts.seed });
    const courses = Array.from({ length: district.schools }, (_, i) => ({ id: `${district.prefix}-school-${String(i + 1).padStart(2, '0')}`, title: `School ${i + 1}` }));
    const tool: ToolEndpoints = {
      clientId: 'bench-dashboard', deploymentId: 'bench-deployment-1',
      loginUrl: `http://127.0.0.1:${coachPort}/lti/login`, launchUrl: `http://127.0.0.1:${coachPort}/lti/launch`, jwksUrl: `http://127.0.0.1:${coachPort}/lti/keys`,
    };
    console.log(`Starting the simulated LMS (${courses.length} courses) and CoachLoop (${dbs.description}) …`);
    const simSettings: SimulatorSettings = { port: simPort, tool, courses, adminSub: `${district.prefix}-admin` };
    const sim = await BenchChild.start<SimulatorReady>('simulator', path.join(HERE, 'simulatorProcess.ts'), simSettings, { verbose: opts.verbose });
    const coach = await BenchChild.start<{ url: string }>('coachloop', path.join(HERE, 'coachloopProcess.ts'), {
      port: coachPort, database: dbs.databases.coachloop, tool,
      platform: { issuer: sim.ready.issuer, authorizationEndpoint: sim.ready.authorizationEndpoint, tokenEndpoint: sim.ready.tokenEndpoint, jwksUrl: sim.ready.jwksUrl, name: 'Bench LMS' },
    }, { verbose: opts.verbose, onProgress: (line) => console.log(`  ${line}`) });

    console.log(`Generating the district: ${opts.teachers} teachers, ${opts.sessions} sessions, ${opts.checkins} check-ins, ${opts.responses} survey responses …`);
    const seed = await Promise.race([coach.child.request<SeedResult>('seed', { teachers: opts.teachers, sessions: opts.sessions, checkins: opts.checkins, responses: opts.responses, seed: opts.seed }, 3_600_000), coach.child.died]);
    const rowCount = Object.values(seed.rows).reduce((s, n) => s + n, 0);
    console.log(`  ${rowCount.toLocaleString('en-US')} rows in ${seed.seconds.toFixed(1)} s: ${Math.round(seed.rowsPerSecond).toLocaleString('en-US')} rows/s (rollups rebuilt included)`);

    const courseAdmin = new BrowserClient();
    const accountAdmin = new BrowserClient();
    const launched = await courseAdmin.launch(sim.ready.courseLaunch);
    const accountLaunched = await accountAdmin.launch(sim.ready.accountLaunch);
    for (const [who, page] of [['course admin', launched], ['account-level admin', accountLaunched]] as const) {
      if (page.status !== 200) throw new Error(`the ${who}'s launch failed: status ${page.status} at ${page.url}`);
    }
    const ltik = (html: string) => decodeURIComponent(/[?&]ltik=([^"&]+)/.exec(decodeHtmlEntities(html))?.[1] ?? '');
    const courseLtik = ltik(launched.html);
    const accountLtik = ltik(accountLaunched.html);
    // The school year the data ends in (generator default --until 2026-05-29).
    const year = schoolYearOf(new Date(`${district.until}T00:00:00Z`));
    const first = seed.spaces[0];
    const make = (name: string, browser: BrowserClient, token: string, p: string, expect: string, dashboard = true): Case =>
      ({ name, browser, path: `${p}${p.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(token)}`, expect, dashboard, times: [], failures: [] });
    const cases: Case[] = [
      make('baseline: home page', courseAdmin, courseLtik, '/app/home', 'CoachLoop', false),
      make('dashboard: own course, all time', courseAdmin, courseLtik, '/app/dashboard', '<svg class="bar-chart"'),
      make('dashboard: all courses, no filters', accountAdmin, accountLtik, '/app/dashboard', '<svg class="bar-chart"'),
      make('dashboard: all courses, a school year', accountAdmin, accountLtik, `/app/dashboard?from=${year.from}&to=${year.to}`, '<svg class="bar-chart"'),
      make('dashboard: one course, a school year', accountAdmin, accountLtik, `/app/dashboard?space=${first.id}&from=${year.from}&to=${year.to}`, '<svg class="bar-chart"'),
    ];
    const url = coach.ready.url;
    const hit = async (c: Case, record: boolean) => {
      const t0 = performance.now();
      const res = await c.browser.request('GET', `${url}${c.path}`);
      const ms = performance.now() - t0;
      if (res.status !== 200 || !res.html.includes(c.expect)) c.failures.push(`status ${res.status}${res.status === 200 ? ', expected text missing' : ''}`);
      else if (record) c.times.push(ms);
    };
    console.log(`Warming up (${opts.warmup} requests per case), then ${opts.requests} per case, one at a time, the cases interleaved …`);
    for (let i = 0; i < opts.warmup; i++) for (const c of cases) await hit(c, false);
    const cpu0 = await coach.child.request<{ ms: number }>('cpu');
    const t0 = performance.now();
    for (let i = 0; i < opts.requests; i++) for (const c of cases) await hit(c, true);
    const wall = performance.now() - t0;
    const cpu1 = await coach.child.request<{ ms: number }>('cpu');

    console.log('Timing the queries of the heaviest page one by one and explaining the slowest …');
    const explain = await coach.child.request<ExplainResult>('explain', { spaceIds: seed.spaces.map((s) => s.id) }, 300_000);
    const explainYear = await coach.child.request<ExplainResult>('explain', { spaceIds: [first.id], from: year.from, to: year.to }, 300_000);
    const loadAfter = os.loadavg()[0];
    await cleanup();
    return report({ opts, started, cpus, loadBefore, loadAfter, db: dbs, seed, rowCount, cases, explain, explainYear, serverCpuMsPerRequest: (cpu1.ms - cpu0.ms) / (opts.requests * cases.length), wall });
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}

function report(r: {
  opts: Options; started: Date; cpus: os.CpuInfo[]; loadBefore: number; loadAfter: number; db: { label: string; description: string };
  seed: SeedResult; rowCount: number; cases: Case[]; explain: ExplainResult; explainYear: ExplainResult; serverCpuMsPerRequest: number; wall: number;
}): number {
  const out: string[] = [''];
  out.push(`Dashboard benchmark, ${r.started.toISOString()}`);
  out.push(`node ${process.version}, ${os.platform()} ${os.arch()}, ${r.cpus.length} × ${r.cpus[0]?.model ?? 'CPU'}; 1-min load average ${r.loadBefore.toFixed(2)} before, ${r.loadAfter.toFixed(2)} at the end`);
  out.push(`database: ${r.db.description}`);
  const rows = r.seed.rows;
  out.push(`district: ${rows.people?.toLocaleString('en-US')} people, ${rows.spaces} courses, ${rows.cycles?.toLocaleString('en-US')} cycles, ${rows.coaching_sessions?.toLocaleString('en-US')} sessions ` +
    `(${rows.session_attendees?.toLocaleString('en-US')} attendances), ${rows.goals?.toLocaleString('en-US')} goals, ${rows.goal_checkins?.toLocaleString('en-US')} check-ins, ` +
    `${(rows.survey_responses ?? 0).toLocaleString('en-US')} survey responses; generated ${r.rowCount.toLocaleString('en-US')} rows in ${r.seed.seconds.toFixed(1)} s ` +
    `(${Math.round(r.seed.rowsPerSecond).toLocaleString('en-US')} rows/s, rollups rebuilt included)`);
  out.push('');
  const baseline = r.cases[0];
  const base50 = percentile([...baseline.times].sort((a, b) => a - b), 50);
  const head = ['case', 'requests', 'p50 ms', 'p95 ms', 'max ms', 'mean ms', 'p50 vs baseline', 'failed'];
  const table = r.cases.map((c) => {
    const sorted = [...c.times].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    return [c.name, String(c.times.length), p50.toFixed(1), percentile(sorted, 95).toFixed(1), (sorted[sorted.length - 1] ?? NaN).toFixed(1),
      (sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length)).toFixed(1), c === baseline ? '1.0x' : `${(p50 / base50).toFixed(1)}x`, String(c.failures.length)];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  for (const row of [head, ...table]) out.push(row.map((c, i) => pad(c, widths[i], i === 0)).join('  '));
  out.push('');
  out.push(`CoachLoop process CPU: ${r.serverCpuMsPerRequest.toFixed(1)} ms per request over all cases; ${((r.opts.requests * r.cases.length) / (r.wall / 1000)).toFixed(1)} requests/s one at a time.`);
  const explainBlock = (title: string, e: ExplainResult) => {
    out.push('');
    out.push(`${title}: the page's ${e.queries.length} queries timed one by one (ms): ${e.queries.slice(0, 8).map((q) => q.ms.toFixed(1)).join(', ')}${e.queries.length > 8 ? ', …' : ''}; total ${e.queries.reduce((s, q) => s + q.ms, 0).toFixed(1)}`);
    out.push(`slowest (${e.queries[0]?.ms.toFixed(1)} ms): ${e.heaviest}`);
    out.push('plan:');
    for (const line of e.plan) out.push(`  ${line}`);
  };
  explainBlock('All courses, all time', r.explain);
  explainBlock('One course, a school year', r.explainYear);
  out.push('');
  const dashboards = r.cases.filter((c) => c.dashboard);
  const failed = r.cases.filter((c) => c.failures.length);
  const worst = Math.max(...dashboards.map((c) => percentile([...c.times].sort((a, b) => a - b), 95)));
  if (failed.length) out.push(`FAILED: ${failed.map((c) => `${c.name}: ${c.failures.length} (${c.failures[0]})`).join('; ')}`);
  out.push(worst <= GOAL_P95_MS ? `goal met: every dashboard case has p95 ≤ ${GOAL_P95_MS} ms (worst ${worst.toFixed(1)} ms)` : `goal NOT met: a dashboard case has p95 ${worst.toFixed(1)} ms (goal ≤ ${GOAL_P95_MS} ms)`);
  const resultsDir = path.join(REPO, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `dashboard-${r.started.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify({
    benchmark: 'dashboard', date: r.started.toISOString(), node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: { count: r.cpus.length, model: r.cpus[0]?.model },
    loadAverage: { before: r.loadBefore, after: r.loadAfter }, database: r.db.description, options: { ...r.opts, db: r.opts.db?.replace(/\/\/[^@]*@/, '//***@') },
    seed: { seconds: r.seed.seconds, rowsPerSecond: r.seed.rowsPerSecond, rows: r.seed.rows },
    cases: r.cases.map((c) => ({ name: c.name, path: c.path.replace(/ltik=[^&]+/, 'ltik=…'), times: c.times, failures: c.failures })),
    explain: { allTime: r.explain, schoolYear: r.explainYear }, goalP95Ms: GOAL_P95_MS, worstP95Ms: worst, text: out.join('\n'),
  }, null, 2)}\n`);
  out.push(`written to ${path.relative(REPO, file)}`);
  console.log(out.join('\n'));
  return failed.length ? 1 : 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`DASHBOARD BENCHMARK FAILED: ${err instanceof Error ? err.message : String(err)}`);
  killChildren();
  process.exit(1);
});
