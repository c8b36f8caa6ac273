/**
 * The credit arithmetic: from a teacher's coaching facts over a range and the tenant's rules to
 * the credits, with every step written out so a person can check it with a calculator. Pure
 * (no database); the hand-computed test fixture checks it line by line.
 *
 * credits = Σ over kinds (hours × weight) ÷ hours per credit
 *         + completed cycles × credits per cycle
 *         + completed reflections × credits per reflection
 *         + group sessions attended × credits per group session,
 * then rounded DOWN to the rounding step (no one is credited for time not yet logged), then
 * capped at the cap per school year.
 */
import { SESSION_KIND_KEYS, SESSION_KINDS, type SessionKind } from '../coaching/catalog';
import type { CreditRules } from './catalog';

/** What a teacher did over the range (from the session log, cycles and reflections). */
export interface CreditFacts {
  /** Minutes and sessions attended per kind (a group session counts once for each attendee). */
  byKind: Record<SessionKind, { minutes: number; sessions: number }>;
  /** Group sessions (no cycle) the teacher attended. */
  groupSessions: number;
  /** Cycles completed (closed as completed) within the range. */
  cyclesCompleted: number;
  /** Reflections first completed within the range. */
  reflectionsCompleted: number;
}

/** One line of the arithmetic. */
export interface CreditLine {
  label: string;
  /** How the line's value is worked out, in words and numbers. */
  working: string;
  credits: number;
}

/** The credits and how they were worked out. */
export interface CreditResult {
  hoursByKind: Array<{ kind: SessionKind; label: string; sessions: number; minutes: number; hours: number; weight: number; weightedHours: number }>;
  totalHours: number;
  weightedHours: number;
  lines: CreditLine[];
  /** Before rounding and cap. */
  rawCredits: number;
  /** After rounding down to the step. */
  roundedCredits: number;
  /** What the rules give (after the cap). */
  credits: number;
  /** Whether the cap lowered the credits. */
  capped: boolean;
  rounding: string;
  capping?: string;
}

/** An empty set of facts (every kind at zero). */
export function noFacts(): CreditFacts {
  return {
    byKind: Object.fromEntries(SESSION_KIND_KEYS.map((k) => [k, { minutes: 0, sessions: 0 }])) as CreditFacts['byKind'],
    groupSessions: 0, cyclesCompleted: 0, reflectionsCompleted: 0,
  };
}

/** A number as people write it: at most `digits` decimals, no trailing zeros ("2.75", "3", "0.1"). */
export function fmt(n: number, digits = 2): string {
  const fixed = n.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Cleans float noise: a value to four decimals. */
const clean = (n: number) => Math.round(n * 10_000) / 10_000;

/** Rounds down to a multiple of `step` (0: down to two decimals). */
export function roundDown(value: number, step: number): number {
  const unit = step > 0 ? step : 0.01;
  // The epsilon keeps 2.9999999 (float noise) from dropping a whole step.
  return clean(Math.floor(value / unit + 1e-9) * unit);
}

/** Works out the credits the rules give for the facts. */
export function calculateCredits(facts: CreditFacts, rules: CreditRules): CreditResult {
  const hoursByKind = SESSION_KIND_KEYS.map((kind) => {
    const { minutes, sessions } = facts.byKind[kind] ?? { minutes: 0, sessions: 0 };
    const weight = rules.kindWeights[kind] ?? 0;
    // Exact in minutes × hundredths of a weight; divided once at the end.
    const weightedHours = (minutes * Math.round(weight * 100)) / 6000;
    return { kind, label: SESSION_KINDS[kind], sessions, minutes, hours: clean(minutes / 60), weight, weightedHours: clean(weightedHours) };
  });
  const totalMinutes = hoursByKind.reduce((s, k) => s + k.minutes, 0);
  const weightedCentiMinutes = hoursByKind.reduce((s, k) => s + k.minutes * Math.round(k.weight * 100), 0);
  const weightedHours = clean(weightedCentiMinutes / 6000);
  const unit = rules.creditUnit;

  const fromHours = clean(weightedCentiMinutes / 6000 / rules.hoursPerCredit);
  const lines: CreditLine[] = [
    { label: 'Hours of coaching', working: `${fmt(weightedHours)} weighted hours ÷ ${fmt(rules.hoursPerCredit)} hours per credit = ${fmt(fromHours, 4)}`, credits: fromHours },
  ];
  const counted = (label: string, n: number, per: number, what: string) => {
    if (per === 0) return;
    const credits = clean(n * per);
    lines.push({ label, working: `${n} ${what} × ${fmt(per)} = ${fmt(credits, 4)}`, credits });
  };
  counted('Completed coaching cycles', facts.cyclesCompleted, rules.perCycle, facts.cyclesCompleted === 1 ? 'cycle' : 'cycles');
  counted('Completed reflections', facts.reflectionsCompleted, rules.perReflection, facts.reflectionsCompleted === 1 ? 'reflection' : 'reflections');
  counted('Group sessions attended', facts.groupSessions, rules.perGroupSession, facts.groupSessions === 1 ? 'group session' : 'group sessions');

  const rawCredits = clean(lines.reduce((s, l) => s + l.credits, 0));
  const roundedCredits = roundDown(rawCredits, rules.roundingStep);
  const rounding = rules.roundingStep > 0
    ? `${fmt(rawCredits, 4)} rounded down to a multiple of ${fmt(rules.roundingStep)} = ${fmt(roundedCredits)}`
    : `${fmt(rawCredits, 4)} rounded down to two decimals = ${fmt(roundedCredits)}`;
  const cap = rules.capPerYear;
  const capped = cap !== undefined && roundedCredits > cap;
  const credits = capped ? cap : roundedCredits;
  return {
    hoursByKind, totalHours: clean(totalMinutes / 60), weightedHours, lines, rawCredits, roundedCredits, credits, capped, rounding,
    capping: cap !== undefined ? `${capped ? `${fmt(roundedCredits)} is above the cap, so` : `${fmt(roundedCredits)} is within the cap of ${fmt(cap)} ${unit} per school year:`} ${fmt(credits)}${capped ? ` (the cap of ${fmt(cap)} ${unit} per school year)` : ''}` : undefined,
  };
}
