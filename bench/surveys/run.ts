/**
 * `npm run bench:surveys`: N respondents (default 500) submitting a 20-question survey all at
 * once, each through their own real LTI launch session (made beforehand through the simulator's
 * launch flow), against baselines measured in the same run on the same server:
 *   bare GET /health    the same number of requests to a public endpoint (one SELECT 1), all at
 *                       once, before and after the submissions (the mean)
 *   form GET            each respondent opens the survey (session check, survey and questions
 *                       read, 20 questions rendered): the same path without the write
 *   submit              POST with 20 answers: validation, the completion, the response, the
 *                       completion credit queued in the grade outbox, one transaction; one
 *                       respondent in ten sends the same POST twice at once (one must be refused)
 *   resubmit            every respondent submits again: each must be refused (409), nothing written
 *   plain INSERT        inside the CoachLoop process, N single-row INSERT transactions at once (no
 *                       HTTP, no session, no checks): the database's own floor
 * Lost and duplicated submissions are counted from the database: every response carries its
 * respondent's number, and each number must appear exactly once, with one completion per person.
 *
 * Three processes: this one (launches and the load), the simulated LMS and CoachLoop.
 * Flags: --respondents N (500)  --launch-concurrency N (20)
 *        --db mysql://user:pass@127.0.0.1:3306/<name with "bench">  --verbose
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BrowserClient } from '../../src/simulator/client';
import { BenchChild, cleanUpOnSignal, freePort, killChildren, pad, percentile, prepareDatabases, REPO, stopChildren } from '../common/parent';
import type { BenchQuestion, CoachSettings, InsertBaseline, PreparedLaunch, SimulatorReady, SimulatorSettings, SurveyCheck, SurveySetup, ToolEndpoints } from './protocol';

const HERE = __dirname;
/** Respondents who submit before the measured pass (warming the submit path), counted in the checks. */
const WARMUP_RESPONDENTS = 20;

interface Options {
  respondents: number;
  launchConcurrency: number;
  db?: string;
  verbose: boolean;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: { respondents: { type: 'string' }, 'launch-concurrency': { type: 'string' }, db: { type: 'string' }, verbose: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: npm run bench:surveys -- [--respondents 500] [--launch-concurrency 20] [--db mysql://user:pass@127.0.0.1:3306/coachloop_bench_surveys] [--verbose]');
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
  return { respondents: count('respondents', values.respondents, 500), launchConcurrency: count('launch-concurrency', values['launch-concurrency'], 20), db, verbose: values.verbose ?? false };
}

/** A respondent: their browser (cookie jar), session token and number. */
interface Respondent {
  index: number;
  browser: BrowserClient;
  ltik: string;
}

/** The timings of one pass. */
interface Pass {
  name: string;
  requests: number;
  statuses: Record<string, number>;
  latenciesMs: number[];
  seconds: number;
  coachCpuMsPerRequest?: number;
}

/** Runs every request at once; returns each one's status and latency. */
async function allAtOnce(name: string, n: number, send: (i: number) => Promise<number>): Promise<Pass> {
  const statuses: Record<string, number> = {};
  const latenciesMs: number[] = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, async (_, i) => {
    const s = performance.now();
    const status = await send(i).catch(() => 0);
    latenciesMs.push(performance.now() - s);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }));
  return { name, requests: n, statuses, latenciesMs, seconds: (performance.now() - t0) / 1000 };
}

/** The answers respondent `index` gives: every question answered, the marker question with their number. */
function answersFor(questions: BenchQuestion[], index: number): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = { action: 'submit' };
  for (const [k, q] of questions.entries()) {
    const field = `q${q.id}`;
    if (q.marker) form[field] = String(index);
    else if (q.kind === 'likert5') form[field] = String(((index + k) % 5) + 1);
    else if (q.kind === 'single') form[field] = q.options[(index + k) % q.options.length];
    else if (q.kind === 'multiple') form[field] = [q.options[index % q.options.length], q.options[(index + 2) % q.options.length]];
    else if (q.kind === 'number') form[field] = String(index % 40);
    else if (q.kind === 'short_text') form[field] = `word ${index}`;
    else form[field] = `Respondent ${index} writes a few sentences here, as people do at the end of a year: what worked, what did not, and what they would like to try next. `.repeat(2);
  }
  return form;
}

/** Launches every respondent through the survey's placed link, `concurrency` at a time. */
async function launchAll(sim: BenchChild, subs: string[], concurrency: number): Promise<Respondent[]> {
  const prepared = await sim.request<PreparedLaunch[]>('prepare', { subs }, 120_000);
  const out: Respondent[] = new Array(subs.length);
  let next = 0;
  const lane = async () => {
    while (next < subs.length) {
      const i = next++;
      const browser = new BrowserClient();
      const page = await browser.launch(prepared[i]);
      const m = /[?&]ltik=([^"&]+)/.exec(page.html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'));
      if (page.status !== 200 || !m) throw new Error(`launch of ${subs[i]} failed: status ${page.status} at ${page.url}`);
      out[i] = { index: i, browser, ltik: decodeURIComponent(m[1]) };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return out;
}

async function cpuMs(child: BenchChild): Promise<number> {
  return (await child.request<{ cpuMicros: number }>('stats')).cpuMicros / 1000;
}

/** Lost and duplicated submissions from the database's own records. */
function check(db: SurveyCheck, expected: number): { lost: number; duplicated: number; problems: string[] } {
  const seen = new Map<number, number>();
  for (const m of db.markers) seen.set(m, (seen.get(m) ?? 0) + 1);
  let lost = 0;
  let duplicated = 0;
  for (let i = 0; i < expected; i++) {
    const n = seen.get(i) ?? 0;
    if (n === 0) lost++;
    if (n > 1) duplicated += n - 1;
  }
  duplicated += db.markers.filter((m) => !(m >= 0 && m < expected)).length;
  const problems: string[] = [];
  if (lost) problems.push(`${lost} submission(s) lost (no response carries their number)`);
  if (duplicated) problems.push(`${duplicated} duplicated response(s)`);
  if (db.completions !== expected || db.distinctPeople !== expected) problems.push(`completions: ${db.completions} rows for ${db.distinctPeople} people, expected ${expected}`);
  if (db.responses !== expected) problems.push(`responses: ${db.responses}, expected ${expected}`);
  if (db.outboxRows !== expected || db.outboxPeople !== expected) problems.push(`completion credit: ${db.outboxRows} outbox rows for ${db.outboxPeople} people, expected ${expected}`);
  if (db.drafts) problems.push(`${db.drafts} draft(s) left`);
  return { lost, duplicated, problems };
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  const started = new Date();
  const cpus = os.cpus();
  const loadBefore = os.loadavg()[0];
  const dbs = await prepareDatabases(opts.db, ['coachloop'], 'coachloop-bench-surveys-');
  const cleanup = async () => {
    await stopChildren();
    await dbs.cleanup();
  };
  cleanUpOnSignal(cleanup);

  try {
    const n = opts.respondents;
    const total = n + WARMUP_RESPONDENTS;
    const [simPort, coachPort] = [await freePort(), await freePort()];
    const courseId = 'surveys-bench-course';
    const resourceLinkId = 'rl-survey-bench';
    const coachSub = 'bench-coach';
    const tool: ToolEndpoints = {
      clientId: 'bench-surveys', deploymentId: 'bench-deployment-1',
      loginUrl: `http://127.0.0.1:${coachPort}/lti/login`, launchUrl: `http://127.0.0.1:${coachPort}/lti/launch`, jwksUrl: `http://127.0.0.1:${coachPort}/lti/keys`,
    };
    console.log(`Starting the simulated LMS (${total} learners) and CoachLoop (${dbs.description}) …`);
    const simSettings: SimulatorSettings = { port: simPort, respondents: total, courseId, coachSub, resourceLinkId, tool };
    const sim = await BenchChild.start<SimulatorReady>('simulator', path.join(HERE, 'simulatorProcess.ts'), simSettings, { verbose: opts.verbose });
    const coachSettings: CoachSettings = {
      port: coachPort, database: dbs.databases.coachloop, tool, courseId, coachSub, resourceLinkId,
      platform: { issuer: sim.ready.issuer, authorizationEndpoint: sim.ready.authorizationEndpoint, tokenEndpoint: sim.ready.tokenEndpoint, jwksUrl: sim.ready.jwksUrl, name: 'Bench LMS' },
    };
    const coach = await BenchChild.start<{ url: string; mountedByBench: boolean }>('coachloop', path.join(HERE, 'coachloopProcess.ts'), coachSettings, { verbose: opts.verbose });
    const [coachLaunch] = await sim.child.request<PreparedLaunch[]>('prepare', { subs: [coachSub] });
    const launched = await new BrowserClient().launch(coachLaunch);
    if (launched.status !== 200) throw new Error(`the coach's launch failed: status ${launched.status} at ${launched.url}`);
    const setup = await coach.child.request<SurveySetup>('setup');
    const base = coach.ready.url;
    const respondPath = `/app/surveys/${setup.surveyId}/respond`;

    console.log(`Launching ${total} respondents through the placed survey link (${opts.launchConcurrency} at a time) …`);
    const l0 = performance.now();
    const people = await launchAll(sim.child, sim.ready.learners, opts.launchConcurrency);
    const launchSeconds = (performance.now() - l0) / 1000;
    console.log(`  ${total} launch sessions in ${launchSeconds.toFixed(1)} s`);
    const url = (r: Respondent, p: string) => `${base}${p}?ltik=${encodeURIComponent(r.ltik)}`;
    const warm = people.slice(n);
    const measured = people.slice(0, n);

    console.log(`Warming up (${WARMUP_RESPONDENTS} submissions, form pages, /health) …`);
    for (const r of warm) {
      const res = await r.browser.request('POST', url(r, respondPath), { form: answersFor(setup.questions, r.index) });
      if (res.status !== 303) throw new Error(`warm-up submission failed: status ${res.status}`);
    }
    await allAtOnce('warm-up health', 200, async () => (await fetch(`${base}/health`)).status);
    await allAtOnce('warm-up form', 50, async (i) => (await measured[i % n].browser.request('GET', url(measured[i % n], respondPath))).status);

    const withCpu = async (pass: () => Promise<Pass>): Promise<Pass> => {
      const before = await cpuMs(coach.child);
      const p = await pass();
      return { ...p, coachCpuMsPerRequest: ((await cpuMs(coach.child)) - before) / p.requests };
    };
    console.log(`Measuring, ${n} requests at once each: /health, form GET, submit, resubmit, /health …`);
    const healthA = await withCpu(() => allAtOnce('bare GET /health (A)', n, async () => (await fetch(`${base}/health`)).status));
    const form = await withCpu(() => allAtOnce('form GET (session + read + render)', n, async (i) => (await measured[i].browser.request('GET', url(measured[i], respondPath))).status));
    const forms = measured.map((r) => answersFor(setup.questions, r.index));
    // One respondent in ten double-submits: a second identical POST in flight at the same time.
    const doubles = Math.ceil(n / 10);
    const who = (i: number) => (i < n ? i : (i - n) * 10);
    const submit = await withCpu(() => allAtOnce('submit POST (20 answers; 1 in 10 twice at once)', n + doubles, async (i) => (await measured[who(i)].browser.request('POST', url(measured[who(i)], respondPath), { form: forms[who(i)] })).status));
    const afterSubmit = await coach.child.request<SurveyCheck>('verify', { surveyId: setup.surveyId, markerQuestionId: setup.questions.find((q) => q.marker)!.id });
    const resubmit = await withCpu(() => allAtOnce('resubmit POST (must be 409)', n, async (i) => (await measured[i].browser.request('POST', url(measured[i], respondPath), { form: forms[i] })).status));
    const afterResubmit = await coach.child.request<SurveyCheck>('verify', { surveyId: setup.surveyId, markerQuestionId: setup.questions.find((q) => q.marker)!.id });
    const healthB = await withCpu(() => allAtOnce('bare GET /health (B)', n, async () => (await fetch(`${base}/health`)).status));
    const sample = Object.fromEntries(Object.entries(forms[0]).filter(([k]) => k !== 'action'));
    const inserts = await coach.child.request<InsertBaseline>('inserts', { n, sample }, 300_000);
    const insertPass: Pass = { name: 'plain INSERT tx (in process)', requests: n, statuses: { ok: n }, latenciesMs: inserts.latenciesMs, seconds: inserts.seconds };
    const loadAfter = os.loadavg()[0];
    await cleanup();

    const first = check(afterSubmit, total);
    const second = check(afterResubmit, total);
    const problems = [...first.problems.map((p) => `after submit: ${p}`), ...second.problems.map((p) => `after resubmit: ${p}`)];
    if ((submit.statuses['303'] ?? 0) !== n || (submit.statuses['409'] ?? 0) !== doubles) problems.push(`submit: ${JSON.stringify(submit.statuses)} (expected ${n} × 303 and ${doubles} × 409)`);
    if ((resubmit.statuses['409'] ?? 0) !== n) problems.push(`resubmit: ${JSON.stringify(resubmit.statuses)} (expected ${n} × 409)`);
    if ((form.statuses['200'] ?? 0) !== n) problems.push(`form GET: ${JSON.stringify(form.statuses)} (expected ${n} × 200)`);
    return report({ opts, started, cpus, loadBefore, loadAfter, db: dbs, launchSeconds, passes: [healthA, form, submit, resubmit, healthB, insertPass], first, second, problems, total });
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }
}

function report(r: {
  opts: Options; started: Date; cpus: os.CpuInfo[]; loadBefore: number; loadAfter: number; db: { label: string; description: string }; launchSeconds: number;
  passes: Pass[]; first: { lost: number; duplicated: number }; second: { lost: number; duplicated: number }; problems: string[]; total: number;
}): number {
  const n = r.opts.respondents;
  const out: string[] = [''];
  out.push(`Survey submission benchmark, ${r.started.toISOString()}`);
  out.push(`node ${process.version}, ${os.platform()} ${os.arch()}, ${r.cpus.length} × ${r.cpus[0]?.model ?? 'CPU'}; 1-min load average ${r.loadBefore.toFixed(2)} before, ${r.loadAfter.toFixed(2)} at the end`);
  out.push(`database: ${r.db.description}`);
  out.push(`${n} respondents at once (each its own LTI launch session, made beforehand in ${r.launchSeconds.toFixed(1)} s), a 20-question anonymous survey placed in the course; ${WARMUP_RESPONDENTS} more submitted first as warm-up`);
  out.push('p50/p95 per pass are over its requests; the submit pass has 10% more requests than respondents (the double submissions)');
  out.push('');
  const head = ['pass', 'requests', 'statuses', 'p50 ms', 'p95 ms', 'max ms', 'wall s', 'req/s', 'CoachLoop cpu ms/req'];
  const rows = r.passes.map((p) => {
    const sorted = [...p.latenciesMs].sort((a, b) => a - b);
    return [
      p.name, String(p.requests), Object.entries(p.statuses).map(([s, c]) => `${s}×${c}`).join(' '), percentile(sorted, 50).toFixed(1), percentile(sorted, 95).toFixed(1),
      sorted[sorted.length - 1].toFixed(1), p.seconds.toFixed(2), (p.requests / p.seconds).toFixed(0), p.coachCpuMsPerRequest === undefined ? '' : p.coachCpuMsPerRequest.toFixed(2),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [head, ...rows]) out.push(row.map((c, i) => pad(c, widths[i], i === 0)).join('  '));
  const p95 = (name: string) => percentile([...r.passes.find((p) => p.name.startsWith(name))!.latenciesMs].sort((a, b) => a - b), 95);
  const healthP95 = (p95('bare GET /health (A)') + p95('bare GET /health (B)')) / 2;
  out.push('');
  out.push(`submit p95 = ${(p95('submit') / healthP95).toFixed(1)}× the bare endpoint's p95 (mean of A and B), ${(p95('submit') / p95('form GET')).toFixed(1)}× the form GET's, ${(p95('submit') / p95('plain INSERT')).toFixed(1)}× the plain INSERT's`);
  out.push('latencies are whole round trips measured by the load generator (this process) with every request in flight at once, so they are mostly queueing: on 2 cores the');
  out.push('load generator, the simulator and CoachLoop share the CPU. plain INSERT = N single-row INSERT transactions started at once inside the CoachLoop process.');
  out.push(`checked in the database (${r.total} expected, warm-up included): after submit lost ${r.first.lost}, duplicated ${r.first.duplicated}; after resubmit lost ${r.second.lost}, duplicated ${r.second.duplicated}`);
  if (r.problems.length) {
    out.push('FAILED — the figures above are not a result:');
    for (const p of r.problems) out.push(`  - ${p}`);
  } else {
    out.push('every submission stored exactly once: one completion, one response carrying its number, one completion credit queued; every resubmission refused (409)');
  }
  const resultsDir = path.join(REPO, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `surveys-${r.started.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = {
    benchmark: 'surveys', date: r.started.toISOString(), node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: { count: r.cpus.length, model: r.cpus[0]?.model },
    loadAverage: { before: r.loadBefore, after: r.loadAfter }, database: r.db.description, options: { ...r.opts, db: r.opts.db?.replace(/\/\/[^@]*@/, '//***@') },
    valid: r.problems.length === 0, problems: r.problems, launchSeconds: r.launchSeconds, checks: { afterSubmit: r.first, afterResubmit: r.second },
    passes: r.passes.map((p) => {
      const sorted = [...p.latenciesMs].sort((a, b) => a - b);
      return { name: p.name, requests: p.requests, statuses: p.statuses, seconds: p.seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1], coachCpuMsPerRequest: p.coachCpuMsPerRequest };
    }),
    text: out.join('\n'),
  };
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  out.push(`written to ${path.relative(REPO, file)}`);
  console.log(out.join('\n'));
  if (r.problems.length) console.error('\nSURVEYS BENCHMARK FAILED (see above).');
  return r.problems.length ? 1 : 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`SURVEYS BENCHMARK FAILED: ${err instanceof Error ? err.message : String(err)}`);
  killChildren();
  process.exit(1);
});
