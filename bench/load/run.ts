/**
 * `npm run bench:load`: 200 teachers at once, each launching from their LMS and submitting a
 * survey and a reflection, through CoachLoop; and the same 200 launch-and-write flows through a
 * bare ltijs tool in the same run, back to back, so the machine's load is comparable.
 *
 * Four processes on 127.0.0.1 (bench/common): this one (the load: a BrowserClient, so a cookie jar,
 * per teacher; see flows.ts), the simulated LMS (real RSA keys, JWKS, OIDC; simulatorProcess.ts),
 * CoachLoop (coachloopProcess.ts, on SQLite or with --db on MariaDB/MySQL) and the bare ltijs tool
 * (bench/common/bareLtijsTool.ts, on the same kind of database). Afterwards the databases are asked
 * what they hold: exactly one survey response and one submitted reflection per teacher, and three
 * rows per teacher in the bare tool. Any failed flow or check: FAILED and exit status 1.
 *
 * Flags: --db mysql://user:pass@host:3306/name (CoachLoop on <name>, the bare tool on <name>_bare;
 *        both recreated)  --teachers N (200)  --warmup N (10)  --order bare-first|coachloop-first
 *        --timeout S (per flow, 180)  --slow-sql MS (CoachLoop's statements that took ≥ MS, grouped)
 *        --verbose
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BrowserClient } from '../../src/simulator/client';
import type { BareRows, BareToolSettings } from '../common/bareProtocol';
import { BenchChild, cleanUpOnSignal, freePort, killChildren, prepareDatabases, stopChildren } from '../common/parent';
import { runFlow, type FlowResult } from './flows';
import type { CoachCheck, CoachSettings, CoachSetup, LinkSpec, PlacedTasks, PrepareRequest, PreparedLaunch, SimulatorReady, SlowSql, SimulatorSettings, ToolEndpoints, ToolName, ToolReady } from './protocol';
import { report, type Batch } from './report';

const HERE = __dirname;
const BARE_LINKS: [LinkSpec, LinkSpec] = [{ resourceLinkId: 'rl-bare-1' }, { resourceLinkId: 'rl-bare-2' }];

interface Options {
  db?: string;
  teachers: number;
  warmup: number;
  order: ToolName[];
  timeoutMs: number;
  slowSqlMs?: number;
  verbose: boolean;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' }, teachers: { type: 'string' }, warmup: { type: 'string' }, order: { type: 'string' }, timeout: { type: 'string' }, 'slow-sql': { type: 'string' },
      verbose: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: npm run bench:load -- [--db mysql://user:pass@127.0.0.1:3306/coachloop_bench_load] [--teachers 200] [--warmup 10]\n'
      + '  [--order bare-first|coachloop-first] [--timeout 180] [--slow-sql MS] [--verbose]\nSee bench/README.md.');
    process.exit(0);
  }
  const count = (name: string, raw: string | undefined, fallback: number, min: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} expects a whole number ≥ ${min}, got ${JSON.stringify(raw)}`);
    return n;
  };
  if (values.db !== undefined && !/^(mysql|mariadb):\/\/[^/]+\/[^/?]+$/.test(values.db)) throw new Error('--db expects mysql://user:password@host:3306/database');
  const order = values.order ?? 'bare-first';
  if (order !== 'bare-first' && order !== 'coachloop-first') throw new Error('--order expects bare-first or coachloop-first');
  return {
    db: values.db, teachers: count('teachers', values.teachers, 200, 1), warmup: count('warmup', values.warmup, 10, 0),
    order: order === 'bare-first' ? ['bare', 'coachloop'] : ['coachloop', 'bare'], timeoutMs: count('timeout', values.timeout, 180, 1) * 1000,
    ...(values['slow-sql'] !== undefined ? { slowSqlMs: count('slow-sql', values['slow-sql'], 0, 1) } : {}), verbose: values.verbose ?? false,
  };
}

const cpuMs = async (child: BenchChild) => (await child.request<{ cpuMicros: number }>('stats')).cpuMicros / 1000;

/** Runs the flows of `subs` (indexes from `first`), `concurrency` at a time (all at once by default). */
async function flows(o: {
  sim: BenchChild; tool: ToolName; base: string; subs: string[]; first: number; links: [LinkSpec, LinkSpec]; tasks?: PlacedTasks; markerPrefix: string; concurrency: number; timeoutMs: number;
}): Promise<FlowResult[]> {
  const prepare = (link: LinkSpec) => o.sim.request<PreparedLaunch[]>('prepare', { tool: o.tool, subs: o.subs, link } satisfies PrepareRequest, 120_000);
  const [one, two] = [await prepare(o.links[0]), await prepare(o.links[1])];
  const out: FlowResult[] = new Array(o.subs.length);
  let next = 0;
  const lane = async () => {
    while (next < o.subs.length) {
      const i = next++;
      const index = o.first + i;
      out[i] = await runFlow({
        tool: o.tool, base: o.base, index, name: `Teacher Bench${String(index).padStart(4, '0')}`, launches: [one[i], two[i]], tasks: o.tasks, markerPrefix: o.markerPrefix, timeoutMs: o.timeoutMs,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, o.subs.length) }, lane));
  return out;
}

/** Exactly one of each index 0..n-1 among the markers: how many are missing and how many extra. */
function lostAndDuplicated(markers: Array<number | string>, expected: Array<number | string>): { lost: number; duplicated: number } {
  const seen = new Map<string, number>();
  for (const m of markers) seen.set(String(m), (seen.get(String(m)) ?? 0) + 1);
  let lost = 0;
  let duplicated = 0;
  const wanted = new Set(expected.map(String));
  for (const e of wanted) {
    const n = seen.get(e) ?? 0;
    if (n === 0) lost += 1;
    if (n > 1) duplicated += n - 1;
  }
  for (const [m, n] of seen) if (!wanted.has(m)) duplicated += n;
  return { lost, duplicated };
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  const started = new Date();
  const loadBefore = os.loadavg()[0];
  const dbs = await prepareDatabases(opts.db, ['coachloop', 'bare'], 'coachloop-bench-load-');
  const cleanup = async () => {
    await stopChildren();
    await dbs.cleanup();
  };
  cleanUpOnSignal(cleanup);

  try {
    const n = opts.teachers;
    const [simPort, coachPort, barePort] = [await freePort(), await freePort(), await freePort()];
    const courseId = 'load-bench-course';
    const coachSub = 'bench-coach';
    const endpoints = (clientId: string, port: number): ToolEndpoints => ({
      clientId, deploymentId: 'bench-deployment-1',
      loginUrl: `http://127.0.0.1:${port}/lti/login`, launchUrl: `http://127.0.0.1:${port}/lti/launch`, jwksUrl: `http://127.0.0.1:${port}/lti/keys`,
    });
    const tools: Record<ToolName, ToolEndpoints> = { coachloop: endpoints('bench-load-coachloop', coachPort), bare: endpoints('bench-load-bare', barePort) };
    console.log(`Starting the simulated LMS (${n + opts.warmup} teachers and a coach), CoachLoop and the bare ltijs tool (${dbs.description}) …`);
    const sim = await BenchChild.start<SimulatorReady>('simulator', path.join(HERE, 'simulatorProcess.ts'), { port: simPort, teachers: n + opts.warmup, courseId, coachSub, tools } satisfies SimulatorSettings, { verbose: opts.verbose });
    const platform = { issuer: sim.ready.issuer, authorizationEndpoint: sim.ready.authorizationEndpoint, tokenEndpoint: sim.ready.tokenEndpoint, jwksUrl: sim.ready.jwksUrl, name: 'Bench LMS' };
    const [coach, bare] = await Promise.all([
      BenchChild.start<ToolReady>('coachloop', path.join(HERE, 'coachloopProcess.ts'), { port: coachPort, database: dbs.databases.coachloop, tool: tools.coachloop, platform, courseId, coachSub, ...(opts.slowSqlMs ? { slowSqlMs: opts.slowSqlMs } : {}) } satisfies CoachSettings, { verbose: opts.verbose }),
      BenchChild.start<ToolReady>('bare', path.join(HERE, '..', 'common', 'bareLtijsTool.ts'), { port: barePort, database: dbs.databases.bare, tool: tools.bare, platform } satisfies BareToolSettings, { verbose: opts.verbose }),
    ]);
    const children: Record<ToolName, BenchChild> = { coachloop: coach.child, bare: bare.child };
    const bases: Record<ToolName, string> = { coachloop: coach.ready.url, bare: bare.ready.url };

    // The coach's launch records the course; then the surveys and reflection tasks are placed in it.
    const [coachLaunch] = await sim.child.request<PreparedLaunch[]>('prepare', { tool: 'coachloop', subs: [coachSub], link: { resourceLinkId: 'rl-home' } } satisfies PrepareRequest);
    const home = await new BrowserClient().launch(coachLaunch);
    if (home.status !== 200) throw new Error(`the coach's launch failed: status ${home.status} at ${home.url}`);
    const setup = await coach.child.request<CoachSetup>('setup');
    const measuredSubs = sim.ready.teachers.slice(0, n);
    const warmSubs = sim.ready.teachers.slice(n);
    const links = (tool: ToolName, tasks: PlacedTasks): [LinkSpec, LinkSpec] => (tool === 'bare' ? BARE_LINKS : [tasks.surveyLink, tasks.reflectionLink]);

    if (opts.warmup) {
      console.log(`Warming up: ${opts.warmup} flows per tool, 5 at a time (CoachLoop's on a survey and reflection task of their own) …`);
      for (const tool of opts.order) {
        const warm = await flows({ sim: sim.child, tool, base: bases[tool], subs: warmSubs, first: n, links: links(tool, setup.warmup), tasks: setup.warmup, markerPrefix: 'warm-', concurrency: 5, timeoutMs: opts.timeoutMs });
        const failed = warm.filter((f) => f.error);
        if (failed.length) throw new Error(`${failed.length} warm-up flow(s) of ${tool} failed, e.g. at ${failed[0].error!.step}: ${failed[0].error!.what}`);
      }
    }

    const batches = {} as Record<ToolName, Batch>;
    for (const tool of opts.order) {
      console.log(`Measuring ${tool}: ${n} teachers at once …`);
      const before = { tool: await cpuMs(children[tool]), sim: await cpuMs(sim.child), load: os.loadavg()[0] };
      const t0 = performance.now();
      const results = await flows({ sim: sim.child, tool, base: bases[tool], subs: measuredSubs, first: 0, links: links(tool, setup.measured), tasks: setup.measured, markerPrefix: '', concurrency: n, timeoutMs: opts.timeoutMs });
      const seconds = (performance.now() - t0) / 1000;
      batches[tool] = {
        tool, flows: results, seconds, toolCpuMs: (await cpuMs(children[tool])) - before.tool, simCpuMs: (await cpuMs(sim.child)) - before.sim, loadBefore: before.load, loadAfter: os.loadavg()[0],
      };
      const errors = results.filter((f) => f.error).length;
      console.log(`  ${results.length - errors} of ${results.length} flows ok in ${seconds.toFixed(1)} s${errors ? `, ${errors} failed` : ''}`);
    }

    // What the databases hold.
    const m = setup.measured;
    const c = await coach.child.request<CoachCheck>('verify', { surveyId: m.surveyId, taskId: m.taskId, markerQuestionId: m.questions.find((q) => q.marker)!.id });
    const b = await bare.child.request<BareRows>('verify');
    const slowSql = opts.slowSqlMs ? await coach.child.request<SlowSql[]>('slowSql') : undefined;
    const loadAfter = os.loadavg()[0];
    await cleanup();

    const indexes = measuredSubs.map((_, i) => i);
    const survey = lostAndDuplicated(c.surveyMarkers, indexes);
    const reflection = lostAndDuplicated(c.reflectionMarkers, indexes);
    const bareMeasured = b.markers.filter((x) => !x.startsWith('warm-'));
    const bareRows = lostAndDuplicated(bareMeasured, indexes.flatMap((i) => [`${i}:1`, `${i}:2`, `${i}:3`]));
    const checks = [
      `coachloop survey: ${c.responses} responses (expected ${n}), ${c.completions} completions for ${c.completionPeople} people, ${c.drafts} drafts left, ${c.countedAnswers} answers counted for the dashboard (expected ${n * c.comparedQuestions}); lost ${survey.lost}, duplicated ${survey.duplicated}`,
      `coachloop reflections: ${c.submittedReflections} submitted of ${c.reflections} (expected ${n}), by ${c.reflectionTeachers} teachers, ${c.submitEvents} submission events; lost ${reflection.lost}, duplicated ${reflection.duplicated}`,
      `bare tool: ${bareMeasured.length} rows (expected ${3 * n}); lost ${bareRows.lost}, duplicated ${bareRows.duplicated}`,
    ];
    const problems: string[] = [];
    if (c.responses !== n || survey.lost || survey.duplicated) problems.push(`survey responses: ${c.responses}, lost ${survey.lost}, duplicated ${survey.duplicated} (expected exactly ${n})`);
    if (c.completions !== n || c.completionPeople !== n || c.drafts) problems.push(`survey completions: ${c.completions} for ${c.completionPeople} people, ${c.drafts} drafts (expected ${n}, ${n}, 0)`);
    if (c.countedAnswers !== n * c.comparedQuestions) problems.push(`dashboard answer counts: ${c.countedAnswers} (expected ${n * c.comparedQuestions})`);
    if (c.submittedReflections !== n || c.reflections !== n || c.reflectionTeachers !== n || c.submitEvents !== n || reflection.lost || reflection.duplicated) {
      problems.push(`reflections: ${c.submittedReflections} submitted of ${c.reflections}, ${c.reflectionTeachers} teachers, ${c.submitEvents} events, lost ${reflection.lost}, duplicated ${reflection.duplicated} (expected exactly ${n})`);
    }
    if (bareMeasured.length !== 3 * n || bareRows.lost || bareRows.duplicated) problems.push(`bare tool rows: ${bareMeasured.length}, lost ${bareRows.lost}, duplicated ${bareRows.duplicated} (expected exactly ${3 * n})`);
    return report(batches, {
      started, database: dbs.description, teachers: n, ...(slowSql ? { slowSql: { thresholdMs: opts.slowSqlMs!, groups: slowSql } } : {}), warmup: opts.warmup, order: opts.order, loadBefore, loadAfter, checks, problems,
      options: { ...opts, db: opts.db?.replace(/\/\/[^@]*@/, '//***@') },
    });
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`LOAD BENCHMARK FAILED: ${err instanceof Error ? err.message : String(err)}`);
  killChildren();
  process.exit(1);
});
