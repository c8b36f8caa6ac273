/**
 * Survey results as figures that are safe to show: per question, a distribution over the
 * responses, side by side with another survey's matching question (compare_key) or split into
 * coached and not-coached teachers. No database here.
 *
 * Suppression (the privacy wall): a distribution over fewer answers than the minimum group size is
 * not shown. A split is shown only when every part of what it splits is empty or large enough —
 * including the rest (responses in neither group): otherwise the overall figure minus the shown
 * group would give the hidden one away. Free text is shown pooled, shuffled and without any
 * attribute, only from respondent groups (role × coached) at the minimum size, and only when at
 * least that many such answers exist.
 */
import { CHOICE_KINDS, LIKERT_LABELS, TEXT_KINDS, type CoachingGroup } from './catalog';
import type { Answer } from './schema';
import type { Question } from './surveyRecords';

/** A stored response as results read it (never any id of a person). */
export interface ResponseData {
  roleGroup: string;
  coachingGroup: CoachingGroup | null;
  answers: Record<string, Answer>;
}

/** One bar of a distribution. */
export interface Bar {
  label: string;
  count: number;
  /** Share of the answers, 0–100, one decimal. */
  pct: number;
}

/** A question's answers over one group of responses. */
export type Distribution =
  | { shown: false; n: number; reason: 'none' | 'small' }
  | { shown: true; n: number; bars: Bar[]; mean?: number; median?: number };

/** Free-text answers: shown (pooled, shuffled) or withheld. */
export type TextAnswers = { shown: true; n: number; answers: string[] } | { shown: false; n: number; reason: 'none' | 'small' };

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The response's group for suppression purposes: role × coached. */
export const groupKey = (r: ResponseData) => `${r.roleGroup}/${r.coachingGroup ?? '-'}`;

/** How many responses each group (role × coached) has. */
export function groupSizes(responses: ResponseData[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const r of responses) sizes.set(groupKey(r), (sizes.get(groupKey(r)) ?? 0) + 1);
  return sizes;
}

/** The categories a question's bars are drawn for (likert labels, options; number bins come from the data). */
function categories(q: Question): string[] {
  if (q.kind === 'likert5') return [...LIKERT_LABELS];
  if ((CHOICE_KINDS as readonly string[]).includes(q.kind)) return q.options;
  return [];
}

/** Bins for number answers: one per whole value over a small range, otherwise five equal ranges. */
function numberBars(values: number[], q: Question): Bar[] {
  const lo = q.min ?? Math.min(...values);
  const hi = q.max ?? Math.max(...values);
  const n = values.length;
  if (values.every(Number.isInteger) && hi - lo <= 10) {
    return Array.from({ length: hi - lo + 1 }, (_, i) => {
      const count = values.filter((v) => v === lo + i).length;
      return { label: String(lo + i), count, pct: round1((count / n) * 100) };
    });
  }
  const width = (hi - lo) / 5 || 1;
  return Array.from({ length: 5 }, (_, i) => {
    const from = lo + i * width;
    const to = i === 4 ? hi : from + width;
    const count = values.filter((v) => v >= from && (i === 4 ? v <= to : v < to)).length;
    return { label: `${round1(from)}–${round1(to)}`, count, pct: round1((count / n) * 100) };
  });
}

/** The distribution of a (non-text) question's answers over some responses; withheld below `min`. */
export function distribution(q: Question, responses: ResponseData[], min: number): Distribution {
  const given = responses.map((r) => r.answers[String(q.id)]).filter((a): a is Answer => a !== undefined);
  const n = given.length;
  if (n === 0) return { shown: false, n, reason: 'none' };
  if (n < min) return { shown: false, n, reason: 'small' };
  if (q.kind === 'number') {
    const values = given.map(Number).filter(Number.isFinite).sort((a, b) => a - b);
    const median = values.length % 2 ? values[(values.length - 1) / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    return { shown: true, n, bars: numberBars(values, q), mean: round1(values.reduce((s, v) => s + v, 0) / values.length), median: round1(median) };
  }
  const labels = categories(q);
  const counts = new Map(labels.map((l) => [l, 0]));
  for (const a of given) {
    const picked = q.kind === 'likert5' ? [LIKERT_LABELS[Number(a) - 1]] : Array.isArray(a) ? a : [String(a)];
    for (const label of picked) if (label !== undefined && counts.has(label)) counts.set(label, counts.get(label)! + 1);
  }
  const bars = labels.map((label) => ({ label, count: counts.get(label)!, pct: round1((counts.get(label)! / n) * 100) }));
  const mean = q.kind === 'likert5' ? round1(given.reduce<number>((s, a) => s + Number(a), 0) / n) : undefined;
  return { shown: true, n, bars, ...(mean !== undefined ? { mean } : {}) };
}

/**
 * Whether splitting `total` answers into `parts` (the rest being everything in none of them) is
 * safe: every part, and the rest, is either empty or at least `min`.
 */
export function splitIsSafe(parts: number[], total: number, min: number): boolean {
  const rest = total - parts.reduce((s, p) => s + p, 0);
  return [...parts, rest].every((p) => p === 0 || p >= min);
}

/** A question's answers split into coached and not-coached teachers, or withheld as a whole. */
export type CoachingSplit = { shown: true; coached: Distribution; notCoached: Distribution } | { shown: false };

/** The coached / not-coached split of a question (both withheld when showing them could reveal a small group). */
export function coachingSplit(q: Question, responses: ResponseData[], min: number): CoachingSplit {
  const answered = responses.filter((r) => r.answers[String(q.id)] !== undefined);
  const coached = responses.filter((r) => r.coachingGroup === 'coached');
  const notCoached = responses.filter((r) => r.coachingGroup === 'not_coached');
  const count = (rs: ResponseData[]) => rs.filter((r) => r.answers[String(q.id)] !== undefined).length;
  if (!splitIsSafe([count(coached), count(notCoached)], answered.length, min)) return { shown: false };
  return { shown: true, coached: distribution(q, coached, min), notCoached: distribution(q, notCoached, min) };
}

/** Fisher–Yates with a given random source (tests pass a seeded one). */
export function shuffled<T>(items: T[], random: () => number = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A text question's answers in aggregate-safe form (see the file comment). */
export function textAnswers(q: Question, responses: ResponseData[], min: number, random: () => number = Math.random): TextAnswers {
  const sizes = groupSizes(responses);
  const pool = responses
    .filter((r) => (sizes.get(groupKey(r)) ?? 0) >= min)
    .map((r) => r.answers[String(q.id)])
    .filter((a): a is string => typeof a === 'string' && a.trim() !== '');
  if (pool.length === 0) return { shown: false, n: 0, reason: 'none' };
  if (pool.length < min) return { shown: false, n: pool.length, reason: 'small' };
  return { shown: true, n: pool.length, answers: shuffled(pool, random) };
}

/** Whether the question's answers are free text. */
export const isText = (q: Question) => (TEXT_KINDS as readonly string[]).includes(q.kind);
