/**
 * The load benchmark's figures: per tool, requests, errors, throughput (flows/s and requests/s)
 * and p50/p95/p99 per step, side by side for CoachLoop and the bare ltijs tool; the database
 * checks; and the JSON written to bench/results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pad, percentile, REPO } from '../common/parent';
import { STEP_MEANING, STEPS, type FlowResult } from './flows';
import type { SlowSql, ToolName } from './protocol';

/** One tool's measured batch. */
export interface Batch {
  tool: ToolName;
  flows: FlowResult[];
  seconds: number;
  /** CPU time of the tool's process and of the simulator's during the batch (ms). */
  toolCpuMs: number;
  simCpuMs: number;
  loadBefore: number;
  loadAfter: number;
}

/** What the report needs besides the batches. */
export interface RunInfo {
  started: Date;
  database: string;
  teachers: number;
  warmup: number;
  order: ToolName[];
  loadBefore: number;
  loadAfter: number;
  /** Database checks: one line each, and the problems found. */
  checks: string[];
  problems: string[];
  options: Record<string, unknown>;
  /** With --slow-sql: CoachLoop's statements that took at least the threshold, grouped (whole run, warm-up included). */
  slowSql?: { thresholdMs: number; groups: SlowSql[] };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');

/** Figures of one batch. */
function figures(b: Batch) {
  const ok = b.flows.filter((f) => !f.error);
  const requests = b.flows.reduce((n, f) => n + f.requests, 0);
  const perStep = Object.fromEntries(STEPS.map((s) => {
    const xs = sorted(ok.flatMap((f) => f.steps.filter((x) => x.step === s).map((x) => x.ms)));
    const reqs = ok.flatMap((f) => f.steps.filter((x) => x.step === s).map((x) => x.requests));
    return [s, { p50: percentile(xs, 50), p95: percentile(xs, 95), p99: percentile(xs, 99), requestsPerFlow: reqs.length ? reqs.reduce((a, c) => a + c, 0) / reqs.length : NaN }];
  }));
  const whole = sorted(ok.map((f) => f.ms));
  return {
    flows: b.flows.length, okFlows: ok.length, errors: b.flows.length - ok.length, requests, seconds: b.seconds,
    flowsPerSecond: ok.length / b.seconds, requestsPerSecond: requests / b.seconds,
    flow: { p50: percentile(whole, 50), p95: percentile(whole, 95), p99: percentile(whole, 99) },
    perStep, toolCpuMsPerFlow: b.toolCpuMs / b.flows.length, simCpuMsPerFlow: b.simCpuMs / b.flows.length,
  };
}

/** Prints the table and the checks, writes the JSON; returns the exit status (1 on any error or failed check). */
export function report(batches: Record<ToolName, Batch>, info: RunInfo): number {
  const f = { coachloop: figures(batches.coachloop), bare: figures(batches.bare) };
  const out: string[] = [''];
  out.push(`Load benchmark, ${info.started.toISOString()}`);
  const cpus = os.cpus();
  out.push(`node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}; 1-min load average ${info.loadBefore.toFixed(2)} at the start, ${info.loadAfter.toFixed(2)} at the end`);
  out.push(`database: ${info.database}`);
  out.push(`${info.teachers} teachers at once per tool, each: 2 launches (OIDC login, signed id_token) and 3 writes; tools back to back in the order ${info.order.join(' → ')} after a warm-up of ${info.warmup} flows each`);
  out.push('');
  const head = ['', 'coachloop', 'bare', 'coachloop/bare'];
  const ratio = (a: number, b: number) => (b ? `${(a / b).toFixed(2)}×` : '–');
  const rows: string[][] = [
    ['flows (ok / all)', `${f.coachloop.okFlows} / ${f.coachloop.flows}`, `${f.bare.okFlows} / ${f.bare.flows}`, ''],
    ['errors', String(f.coachloop.errors), String(f.bare.errors), ''],
    ['requests', String(f.coachloop.requests), String(f.bare.requests), ''],
    ['wall s', f.coachloop.seconds.toFixed(1), f.bare.seconds.toFixed(1), ''],
    ['flows/s', f.coachloop.flowsPerSecond.toFixed(1), f.bare.flowsPerSecond.toFixed(1), ratio(f.coachloop.flowsPerSecond, f.bare.flowsPerSecond)],
    ['requests/s', f.coachloop.requestsPerSecond.toFixed(0), f.bare.requestsPerSecond.toFixed(0), ratio(f.coachloop.requestsPerSecond, f.bare.requestsPerSecond)],
    ['tool cpu ms/flow', f.coachloop.toolCpuMsPerFlow.toFixed(1), f.bare.toolCpuMsPerFlow.toFixed(1), ratio(f.coachloop.toolCpuMsPerFlow, f.bare.toolCpuMsPerFlow)],
    ['LMS cpu ms/flow', f.coachloop.simCpuMsPerFlow.toFixed(1), f.bare.simCpuMsPerFlow.toFixed(1), ''],
    ['load avg before → after', `${batches.coachloop.loadBefore.toFixed(2)} → ${batches.coachloop.loadAfter.toFixed(2)}`, `${batches.bare.loadBefore.toFixed(2)} → ${batches.bare.loadAfter.toFixed(2)}`, ''],
    ['whole flow p50/p95/p99 ms', `${ms(f.coachloop.flow.p50)} / ${ms(f.coachloop.flow.p95)} / ${ms(f.coachloop.flow.p99)}`, `${ms(f.bare.flow.p50)} / ${ms(f.bare.flow.p95)} / ${ms(f.bare.flow.p99)}`, ratio(f.coachloop.flow.p95, f.bare.flow.p95)],
  ];
  for (const s of STEPS) {
    const c = f.coachloop.perStep[s];
    const b = f.bare.perStep[s];
    rows.push([`${s} p50/p95/p99 ms (req)`, `${ms(c.p50)} / ${ms(c.p95)} / ${ms(c.p99)} (${c.requestsPerFlow.toFixed(0)})`, `${ms(b.p50)} / ${ms(b.p95)} / ${ms(b.p99)} (${b.requestsPerFlow.toFixed(0)})`, ratio(c.p95, b.p95)]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [head, ...rows]) out.push(row.map((c, i) => pad(c, widths[i], i === 0)).join('  '));
  out.push('the ratio column compares p95 for latencies; (req) = HTTP requests the step makes; latencies are whole steps as the load generator saw them,');
  out.push('mostly queueing with every flow in flight at once: on 2 cores the load generator, the LMS and the tool share the CPU.');
  out.push('steps:');
  for (const s of STEPS) out.push(`  ${s.padEnd(8)} coachloop: ${STEP_MEANING.coachloop[s]}; bare: ${STEP_MEANING.bare[s]}`);

  const errors = (['coachloop', 'bare'] as const).flatMap((tool) => batches[tool].flows.filter((x) => x.error).map((x) => ({ tool, ...x.error! })));
  if (errors.length) {
    out.push('');
    out.push(`errors (${errors.length}), grouped:`);
    const groups = new Map<string, number>();
    for (const e of errors) {
      const key = `${e.tool} · ${e.step} · ${e.what.replace(/\d{3,}/g, 'N')}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    for (const [key, n] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 20)) out.push(`  ${n} × ${key}`);
  }
  if (info.slowSql) {
    const all = info.slowSql.groups.reduce((n, g) => n + g.count, 0);
    out.push('');
    out.push(`CoachLoop statements that took ≥ ${info.slowSql.thresholdMs} ms to run (lock waits included, pool waits not): ${all}; by total time:`);
    for (const g of info.slowSql.groups.slice(0, 10)) out.push(`  ${String(g.count).padStart(5)} × total ${(g.totalMs / 1000).toFixed(1)} s, max ${g.maxMs} ms  ${g.sql}`);
  }
  out.push('');
  out.push('checked in the databases after the run:');
  for (const c of info.checks) out.push(`  ${c}`);
  const problems = [...info.problems];
  if (errors.length) problems.unshift(`${errors.length} flow(s) failed`);
  if (problems.length) {
    out.push('FAILED — the figures above are not a result:');
    for (const p of problems) out.push(`  - ${p}`);
  } else {
    out.push(`0 errors; every survey response and reflection stored exactly once (0 lost, 0 duplicated)`);
  }

  const dir = path.join(REPO, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `load-${info.started.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify({
    benchmark: 'load', date: info.started.toISOString(), node: process.version, cpus: { count: cpus.length, model: cpus[0]?.model }, loadAverage: { before: info.loadBefore, after: info.loadAfter },
    database: info.database, options: info.options, valid: problems.length === 0, problems, checks: info.checks, figures: f, slowSql: info.slowSql,
    errors: errors.slice(0, 200), text: out.join('\n'),
  }, null, 2)}\n`);
  out.push(`written to ${path.relative(REPO, file)}`);
  console.log(out.join('\n'));
  if (problems.length) console.error('\nLOAD BENCHMARK FAILED (see above).');
  return problems.length ? 1 : 0;
}
