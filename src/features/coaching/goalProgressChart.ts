/**
 * A small progress chart for a goal: check-in values over time against the baseline and the
 * target, as SVG coordinates the template draws (no client script, so it works under the CSP and
 * in any LMS frame). The check-in list next to it is the table alternative.
 */
import { AT_RISK_PROGRESS, AT_RISK_WINDOW_DAYS } from './catalog';

export interface Checkin {
  id: number;
  checkedOn: string;
  value: number;
  note: string | null;
  evidenceUrl: string | null;
}

export interface ProgressChart {
  width: number;
  height: number;
  /** "x,y x,y …" for an SVG polyline (empty without check-ins). */
  points: string;
  dots: Array<{ x: number; y: number; label: string }>;
  baselineY: number;
  targetY: number;
  /** Share of the way from baseline to target reached by the latest check-in (0–1, clamped). */
  progress: number;
  /** Latest value, or the baseline without check-ins. */
  latest: number;
  /** Plain-language summary for screen readers and the caption. */
  summary: string;
}

const W = 240;
const H = 80;
const PAD = 8;

/** Share of the way from baseline to target reached by a value (works for goals that go down too). */
export function progressOf(baseline: number, target: number, value: number): number {
  if (target === baseline) return value === target ? 1 : 0;
  return Math.min(1, Math.max(0, (value - baseline) / (target - baseline)));
}

/** Builds the chart of a goal from its check-ins (any order). */
export function goalProgressChart(goal: { baseline: number; target: number; unit: string; dueOn: string }, checkins: Checkin[]): ProgressChart {
  const sorted = [...checkins].sort((a, b) => a.checkedOn.localeCompare(b.checkedOn) || a.id - b.id);
  const values = [goal.baseline, goal.target, ...sorted.map((c) => c.value)];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const y = (v: number) => Math.round((H - PAD - ((v - lo) / span) * (H - 2 * PAD)) * 10) / 10;
  const n = sorted.length;
  const x = (i: number) => Math.round((n <= 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (n - 1)) * 10) / 10;
  const dots = sorted.map((c, i) => ({ x: x(i), y: y(c.value), label: `${c.checkedOn}: ${formatNumber(c.value)} ${goal.unit}` }));
  const latest = n ? sorted[n - 1].value : goal.baseline;
  const progress = progressOf(goal.baseline, goal.target, latest);
  const summary = n
    ? `${n} check-in${n === 1 ? '' : 's'}; latest ${formatNumber(latest)} ${goal.unit} (baseline ${formatNumber(goal.baseline)}, target ${formatNumber(goal.target)}): ${Math.round(progress * 100)}% of the way.`
    : `No check-ins yet. Baseline ${formatNumber(goal.baseline)} ${goal.unit}, target ${formatNumber(goal.target)} ${goal.unit}.`;
  return { width: W, height: H, points: dots.map((d) => `${d.x},${d.y}`).join(' '), dots, baselineY: y(goal.baseline), targetY: y(goal.target), progress, latest, summary };
}

/**
 * A goal is at risk when it is still in progress and either past its due date, or due within
 * AT_RISK_WINDOW_DAYS with less than AT_RISK_PROGRESS of the way covered.
 */
export function isAtRisk(goal: { status: string; dueOn: string; baseline: number; target: number }, latest: number | undefined, today: string): boolean {
  if (goal.status !== 'in_progress') return false;
  if (goal.dueOn < today) return true;
  const daysLeft = (Date.parse(`${goal.dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  return daysLeft <= AT_RISK_WINDOW_DAYS && progressOf(goal.baseline, goal.target, latest ?? goal.baseline) < AT_RISK_PROGRESS;
}

/** A number without trailing zeros (12, 12.5). */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}
