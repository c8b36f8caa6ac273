/**
 * `npm run bench:grades`: draining 1,000 queued grades through the grade outbox to the simulated
 * LMS, without and with injected faults, against the LMS's own raw score rate measured in the
 * same run:
 *   raw client     a plain client posting the same number of scores straight to the score
 *                  service at the same concurrency with CoachLoop's own HTTP call (postScore, no
 *                  database), just before and just after the no-fault pass (the mean)
 *   no faults      CoachLoop drains N queued grades: throughput and its ratio to the raw rate
 *   faults         N more grades with R of the score requests failing (429, 500, 503, time-outs,
 *                  replies lost after the LMS stored the score) and line item calls failing too
 * Every pass is checked against the simulator's own records: each grade accepted exactly once
 * (lost = none accepted, duplicated = accepted more than once or not ours) and the gradebook's
 * last score per person and column is the grade.
 *
 * Three processes: this one (orchestration, the coach's launch and the raw client), the
 * simulated LMS and CoachLoop, each child on 127.0.0.1.
 *
 * Flags: --grades N (1000)  --learners N (250)  --concurrency N (8)  --batch N (64)  --workers N (1)
 *        --fault-rate R (0.3)  --db mysql://user:pass@127.0.0.1:3306/<name with "bench">
 *        --cpu-prof (a V8 CPU profile of CoachLoop in bench/results/prof-grades-<time>/)  --verbose
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { postScore, type AgsCall, type AgsScore } from '../../src/lti/agsScores';
import { BrowserClient } from '../../src/simulator/client';
import { BenchChild, cleanUpOnSignal, freePort, killChildren, pad, prepareDatabases, REPO, stopChildren } from '../common/parent';
import { checkPass, type PassCheck } from './verify';
import type { CoachSettings, DrainOptions, DrainReport, FaultMix, SimRecords, SimulatorReady, SimulatorSettings, ToolEndpoints } from './protocol';

const GOAL_RATIO = 0.8;
const WARMUP = { raw: 3000, grades: 500 };
const HERE = __dirname;
const MEDIA_LINE_ITEM = 'application/vnd.ims.lis.v2.lineitem+json';

interface Options {
  grades: number;
  learners: number;
  concurrency: number;
  batch: number;
  workers: number;
  faultRate: number;
  db?: string;
  verbose: boolean;
  cpuProf: boolean;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      grades: { type: 'string' }, learners: { type: 'string' }, concurrency: { type: 'string' }, batch: { type: 'string' }, workers: { type: 'string' },
      'fault-rate': { type: 'string' }, db: { type: 'string' }, verbose: { type: 'boolean', default: false }, 'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: npm run bench:grades -- [--grades 1000] [--learners 250] [--concurrency 8] [--batch 64] [--workers 1] [--fault-rate 0.3]\n' +
      '  [--db mysql://user:pass@127.0.0.1:3306/coachloop_bench_grades] [--cpu-prof] [--verbose]\nSee bench/README.md.');
    process.exit(0);
  }
  const count = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} expects a whole number ≥ 1, got ${JSON.stringify(raw)}`);
    return n;
  };
  const rate = values['fault-rate'] === undefined ? 0.3 : Number(values['fault-rate']);
  if (!(rate >= 0 && rate < 1)) throw new Error(`--fault-rate expects a number from 0 to below 1, got ${JSON.stringify(values['fault-rate'])}`);
  const db = values.db;
  if (db !== undefined && !/^(mysql|mariadb):\/\/[^/]+\/[^/?]+$/.test(db)) throw new Error('--db expects mysql://user:password@host:3306/database');
  return {
    grades: count('grades', values.grades, 1000), learners: count('learners', values.learners, 250), concurrency: count('concurrency', values.concurrency, 8),
    batch: count('batch', values.batch, 64), workers: count('workers', values.workers, 1), faultRate: rate, db, verbose: values.verbose ?? false,
    cpuProf: values['cpu-prof'] ?? false,
  };
}

/**
 * The raw client: `n` scores posted straight to the score service, `concurrency` at a time,
 * through the same HTTP call CoachLoop makes (postScore) with a fixed token: no database, no
 * outbox, so the comparison shows what the outbox adds.
 */
async function rawPass(issuer: string, token: string, items: string[], learners: string[], n: number, concurrency: number, stampMs: number): Promise<{ seconds: number; ok: number; failed: number; cpuMs: number }> {
  const call: AgsCall = {
    platform: { issuer, clientId: 'bench-grades' },
    tokens: { serviceToken: async () => ({ accessToken: token, tokenType: 'Bearer', expiresIn: 3600 }), forgetServiceToken: async () => undefined },
    timeoutMs: 10_000,
  };
  let next = 0;
  let ok = 0;
  let failed = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const score: AgsScore = {
        userId: learners[Math.floor(i / items.length) % learners.length], scoreGiven: i % 11, scoreMaximum: 10, activityProgress: 'Completed',
        gradingProgress: 'FullyGraded', timestampMs: stampMs + i, comment: 'Thank you for this reflection.',
      };
      await postScore(call, items[i % items.length], score).then(() => ok++, () => failed++);
    }
  };
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - t0) / 1000, ok, failed, cpuMs: (used.user + used.system) / 1000 };
}

/** CPU time of the simulator process so far (ms). */
async function simCpuMs(sim: BenchChild): Promise<number> {
  return (await sim.request<{ cpuMicros: number }>('stats')).cpuMicros / 1000;
}

/** Runs `body` and adds the simulator's CPU time per request during it. */
async function withSimCpu<T extends object>(sim: BenchChild, requests: () => number, body: () => Promise<T>): Promise<T & { simCpuMsPerRequest: number }> {
  const before = await simCpuMs(sim);
  const out = await body();
  return { ...out, simCpuMsPerRequest: (await simCpuMs(sim) - before) / Math.max(1, requests()) };
}

type RawResult = { seconds: number; ok: number; failed: number; cpuMs: number; simCpuMsPerRequest: number };

interface CoachPass {
  simCpuMsPerRequest: number;
  name: string;
  rate: number;
  enqueueSeconds: number;
  drain: DrainReport;
  check: PassCheck;
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  const started = new Date();
  const cpus = os.cpus();
  const loadBefore = os.loadavg()[0];
  const dbs = await prepareDatabases(opts.db, ['coachloop'], 'coachloop-bench-grades-');
  const cleanup = async () => {
    await stopChildren();
    await dbs.cleanup();
  };
  cleanUpOnSignal(cleanup);

  try {
    const [simPort, coachPort] = [await freePort(), await freePort()];
    const courseId = 'grades-bench-course';
    const tool: ToolEndpoints = {
      clientId: 'bench-grades', deploymentId: 'bench-deployment-1',
      loginUrl: `http://127.0.0.1:${coachPort}/lti/login`, launchUrl: `http://127.0.0.1:${coachPort}/lti/launch`, jwksUrl: `http://127.0.0.1:${coachPort}/lti/keys`,
    };
    console.log(`Starting the simulated LMS (${opts.learners} learners) and CoachLoop (${dbs.description}) …`);
    const simSettings: SimulatorSettings = { port: simPort, learners: opts.learners, courseId, coachSub: 'bench-coach', tool };
    const sim = await BenchChild.start<SimulatorReady>('simulator', path.join(HERE, 'simulatorProcess.ts'), simSettings, { verbose: opts.verbose });
    const coachSettings: CoachSettings = {
      port: coachPort, database: dbs.databases.coachloop, tool, courseId,
      platform: { issuer: sim.ready.issuer, authorizationEndpoint: sim.ready.authorizationEndpoint, tokenEndpoint: sim.ready.tokenEndpoint, jwksUrl: sim.ready.jwksUrl, name: 'Bench LMS' },
    };
    const profDir = path.join(REPO, 'bench', 'results', `prof-grades-${started.toISOString().replace(/[:.]/g, '-')}`);
    const nodeFlags = opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-name=coachloop-${pid}.cpuprofile'] : [];
    const coach = await BenchChild.start<{ url: string }>('coachloop', path.join(HERE, 'coachloopProcess.ts'), coachSettings, { verbose: opts.verbose, nodeFlags });
    const launch = await new BrowserClient().launch(sim.ready.coachLaunch);
    if (launch.status !== 200) throw new Error(`the coach's launch failed: status ${launch.status} at ${launch.url}`);
    await coach.child.request('prepare', { learners: sim.ready.learners });

    // The raw client's own columns, so its scores never meet CoachLoop's.
    const token = await coach.child.request<string>('token');
    const rawItems: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const res = await fetch(`${sim.ready.issuer}/api/lti/courses/${courseId}/line_items`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': MEDIA_LINE_ITEM }, body: JSON.stringify({ label: `Raw ${i}`, scoreMaximum: 10, tag: 'raw' }),
      });
      rawItems.push(((await res.json()) as { id: string }).id);
    }
    const drainOptions: DrainOptions = {
      concurrency: opts.concurrency, batchSize: opts.batch, workers: opts.workers, requestTimeoutMs: 1000, baseBackoffMs: 200, maxBackoffMs: 2000, maxRetryAfterMs: 1000,
    };
    const coachPass = async (name: string, rate: number, tasks: number[], grades: number): Promise<CoachPass> => {
      const mix: FaultMix = { rate, seed: 4242 + tasks[0], hangMs: 3000 };
      await sim.child.request('faults', { mix });
      const { seconds: enqueueSeconds } = await coach.child.request<{ seconds: number }>('enqueue', { tasks, grades, maxAttempts: 20 }, 600_000);
      const simBefore = await simCpuMs(sim.child);
      const drain = await Promise.race([coach.child.request<DrainReport>('drain', { tasks, options: drainOptions }, 900_000), coach.child.died]);
      const simUsed = (await simCpuMs(sim.child)) - simBefore;
      const lineItems = [...new Set(drain.grades.map((g) => g.lineItemUrl))];
      const records = await sim.child.request<SimRecords>('records', { lineItems });
      await sim.child.request('faults', { mix: { ...mix, rate: 0 } });
      const check = checkPass(drain.grades, records);
      console.log(`  ${name}: ${grades} grades in ${drain.seconds.toFixed(2)} s (${(grades / drain.seconds).toFixed(0)}/s); lost ${check.lost}, duplicated ${check.duplicated}`);
      return { name, rate, enqueueSeconds, drain, check, simCpuMsPerRequest: simUsed / Math.max(1, records.seen) };
    };

    // Warm-up: both processes' JIT and caches (the simulator's first few hundred requests are slow).
    console.log(`Warming up (${WARMUP.raw} raw scores, ${WARMUP.grades} grades) …`);
    await rawPass(sim.ready.issuer, token, rawItems, sim.ready.learners, WARMUP.raw, opts.concurrency, Date.parse('2030-01-01T00:00:00Z'));
    await coachPass('warm-up', 0, [99], WARMUP.grades);
    console.log(`Measuring: raw A, CoachLoop without faults, raw B, CoachLoop with ${Math.round(opts.faultRate * 100)}% faults …`);
    const rawA = await withSimCpu(sim.child, () => opts.grades, () => rawPass(sim.ready.issuer, token, rawItems, sim.ready.learners, opts.grades, opts.concurrency, Date.parse('2030-01-02T00:00:00Z')));
    console.log(`  raw A: ${opts.grades} scores in ${rawA.seconds.toFixed(2)} s (${(opts.grades / rawA.seconds).toFixed(0)}/s)`);
    const clean = await coachPass('CoachLoop, no faults', 0, [1, 2, 3, 4], opts.grades);
    const rawB = await withSimCpu(sim.child, () => opts.grades, () => rawPass(sim.ready.issuer, token, rawItems, sim.ready.learners, opts.grades, opts.concurrency, Date.parse('2030-01-03T00:00:00Z')));
    const floor = await withSimCpu(sim.child, () => opts.grades, () => coach.child.request<{ seconds: number; cpuMs: number; failed: number }>('floor', {
      items: rawItems, learners: sim.ready.learners, scores: opts.grades, concurrency: opts.concurrency, stampMs: Date.parse('2030-01-04T00:00:00Z'),
    }));
    console.log(`  floor (postScore in the CoachLoop process): ${opts.grades} scores in ${floor.seconds.toFixed(2)} s (${(opts.grades / floor.seconds).toFixed(0)}/s)`);
    console.log(`  raw B: ${opts.grades} scores in ${rawB.seconds.toFixed(2)} s (${(opts.grades / rawB.seconds).toFixed(0)}/s)`);
    const faulty = await coachPass(`CoachLoop, ${Math.round(opts.faultRate * 100)}% faults`, opts.faultRate, [5, 6, 7, 8], opts.grades);
    const loadAfter = os.loadavg()[0];
    await cleanup();
    return report({ opts, started, cpus, loadBefore, loadAfter, db: dbs, rawA, rawB, floor, passes: [clean, faulty], drainOptions });
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}

function report(r: {
  opts: Options; started: Date; cpus: os.CpuInfo[]; loadBefore: number; loadAfter: number; db: { label: string; description: string };
  rawA: RawResult; rawB: RawResult; floor: { seconds: number; cpuMs: number; failed: number; simCpuMsPerRequest: number }; passes: CoachPass[]; drainOptions: DrainOptions;
}): number {
  const { opts } = r;
  const rawRate = (opts.grades / r.rawA.seconds + opts.grades / r.rawB.seconds) / 2;
  const out: string[] = [''];
  out.push(`Grade delivery benchmark, ${r.started.toISOString()}`);
  out.push(`node ${process.version}, ${os.platform()} ${os.arch()}, ${r.cpus.length} × ${r.cpus[0]?.model ?? 'CPU'}; 1-min load average ${r.loadBefore.toFixed(2)} before, ${r.loadAfter.toFixed(2)} at the end`);
  out.push(`database: ${r.db.description}`);
  out.push(`${opts.grades} grades per pass over ${opts.learners} learners × ${Math.ceil(opts.grades / opts.learners)} reflection tasks; ${opts.workers} worker(s), ${opts.concurrency} scores in flight each, batches of ${opts.batch}; raw client at concurrency ${opts.concurrency}`);
  out.push(`faults: ${Math.round(opts.faultRate * 100)}% of score requests (429 and 503 with Retry-After 1 s, 500, hangs of 3 s against a 1 s time-out, replies lost after the LMS stored the score) and of line item calls (503); bench backoff 0.2–2 s, Retry-After capped at 1 s`);
  out.push('');
  const head = ['pass', 'grades', 'seconds', 'grades/s', 'vs raw', 'requests', 'faulted', 're-sent', 'retries', 'lost', 'duplicated', 'gradebook ok', 'cpu ms/grade', 'LMS cpu ms/req'];
  const rows: string[][] = [
    ['raw client A', String(opts.grades), r.rawA.seconds.toFixed(2), (opts.grades / r.rawA.seconds).toFixed(0), '', String(r.rawA.ok + r.rawA.failed), '', '', '', '', '', '', (r.rawA.cpuMs / opts.grades).toFixed(2), r.rawA.simCpuMsPerRequest.toFixed(2)],
    ['raw client B', String(opts.grades), r.rawB.seconds.toFixed(2), (opts.grades / r.rawB.seconds).toFixed(0), '', String(r.rawB.ok + r.rawB.failed), '', '', '', '', '', '', (r.rawB.cpuMs / opts.grades).toFixed(2), r.rawB.simCpuMsPerRequest.toFixed(2)],
    ['raw client (mean)', '', '', rawRate.toFixed(0), '1.00x', '', '', '', '', '', '', '', '', ''],
    ['floor (CoachLoop proc.)', String(opts.grades), r.floor.seconds.toFixed(2), (opts.grades / r.floor.seconds).toFixed(0), `${(opts.grades / r.floor.seconds / rawRate).toFixed(2)}x`,
      String(opts.grades), '', '', '', '', '', '', (r.floor.cpuMs / opts.grades).toFixed(2), r.floor.simCpuMsPerRequest.toFixed(2)],
  ];
  for (const p of r.passes) {
    const rate = opts.grades / p.drain.seconds;
    rows.push([
      p.name, String(p.check.grades), p.drain.seconds.toFixed(2), rate.toFixed(0), `${(rate / rawRate).toFixed(2)}x`, String(p.check.requests), String(p.check.faulted),
      String(p.check.resent), String(p.drain.stats.waiting), String(p.check.lost), String(p.check.duplicated), `${p.check.gradebookOk}/${p.check.grades}`, (p.drain.cpuMs / p.check.grades).toFixed(2),
      p.simCpuMsPerRequest.toFixed(2),
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [head, ...rows]) out.push(row.map((c, i) => pad(c, widths[i], i === 0)).join('  '));
  out.push('');
  out.push('requests = score requests that reached the LMS; faulted = answered by an injected fault instead; re-sent = refused as "not newer" (409) because an earlier');
  out.push('attempt had been stored although its reply was lost; retries = grades put back to wait; lost = grades the LMS never accepted; duplicated = accepted more than');
  out.push('once or not CoachLoop\'s; gradebook ok = grades that are the LMS gradebook\'s last score for their person and column; cpu ms/grade = CoachLoop\'s');
  out.push('process (raw rows: the raw client\'s); LMS cpu ms/req = the simulator\'s process per score request that reached it. floor = the same scores posted');
  out.push('with postScore from inside the CoachLoop process (no database, no outbox), after raw B: what CoachLoop\'s process manages for HTTP alone.');
  for (const p of r.passes) out.push(`${p.name}: enqueue ${p.check.grades} grades (one transaction each) ${p.enqueueSeconds.toFixed(2)} s; worker ${JSON.stringify(p.drain.stats)}; outbox ${JSON.stringify(p.check.statuses)}`);
  const clean = r.passes[0];
  const ratio = opts.grades / clean.drain.seconds / rawRate;
  const problems = r.passes.flatMap((p) => p.check.problems.map((x) => `${p.name}: ${x}`));
  out.push('');
  if (problems.length) {
    out.push('FAILED: grades were lost or duplicated — the figures above are not a result:');
    for (const p of problems.slice(0, 20)) out.push(`  - ${p}`);
  } else {
    out.push(`checked against the simulator's records: every grade accepted exactly once, none lost, none duplicated, every gradebook cell holds its grade (both passes)`);
    out.push(ratio >= GOAL_RATIO ? `goal met: no-fault throughput ${ratio.toFixed(2)}x the raw rate (goal ≥ ${GOAL_RATIO}x)` : `goal NOT met: no-fault throughput ${ratio.toFixed(2)}x the raw rate (goal ≥ ${GOAL_RATIO}x)`);
  }
  const resultsDir = path.join(REPO, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `grades-${r.started.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = {
    benchmark: 'grades', date: r.started.toISOString(), node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: { count: r.cpus.length, model: r.cpus[0]?.model },
    loadAverage: { before: r.loadBefore, after: r.loadAfter }, database: r.db.description, options: { ...opts, db: opts.db?.replace(/\/\/[^@]*@/, '//***@') }, drainOptions: r.drainOptions,
    valid: problems.length === 0, problems, rawRate, ratio, goal: GOAL_RATIO,
    raw: { a: r.rawA, b: r.rawB }, floor: r.floor,
    passes: r.passes.map((p) => ({ name: p.name, faultRate: p.rate, enqueueSeconds: p.enqueueSeconds, seconds: p.drain.seconds, cpuMs: p.drain.cpuMs, stats: p.drain.stats, check: { ...p.check, problems: p.check.problems.slice(0, 50) } })),
    text: out.join('\n'),
  };
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  out.push(`written to ${path.relative(REPO, file)}`);
  console.log(out.join('\n'));
  if (problems.length) console.error('\nGRADES BENCHMARK FAILED: grades were lost or duplicated (see above).');
  return problems.length ? 1 : 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`GRADES BENCHMARK FAILED: ${err instanceof Error ? err.message : String(err)}`);
  killChildren();
  process.exit(1);
});
