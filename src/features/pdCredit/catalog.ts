/**
 * The words and defaults of PD credit: what a tenant's rules hold, the defaults used until an
 * admin saves rules, the rounding steps offered, and school years. No database here.
 */
import { SESSION_KIND_KEYS, type SessionKind } from '../coaching/catalog';

/** Rounding steps an admin may choose (0: no rounding beyond two decimals). */
export const ROUNDING_STEPS = [0, 0.1, 0.25, 0.5, 1] as const;
export type RoundingStep = (typeof ROUNDING_STEPS)[number];

export const ROUNDING_LABELS: Record<string, string> = {
  '0': 'No rounding (two decimals)', '0.1': 'Down to a tenth (0.1)', '0.25': 'Down to a quarter (0.25)', '0.5': 'Down to a half (0.5)', '1': 'Down to a whole credit (1)',
};

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A tenant's PD-credit rules. */
export interface CreditRules {
  /** Shown at the top of the summary. */
  programName: string;
  /** What credits are called ("PD credits", "CEUs", "clock hours"). */
  creditUnit: string;
  /** One credit per this many weighted hours. */
  hoursPerCredit: number;
  /** How much an hour of each kind of session counts (1 fully, 0.5 half, 0 not at all). */
  kindWeights: Record<SessionKind, number>;
  /** Credits per completed cycle, completed reflection and group session attended. */
  perCycle: number;
  perReflection: number;
  perGroupSession: number;
  /** Credits are rounded down to a multiple of this (0: to two decimals). */
  roundingStep: RoundingStep;
  /** At most this many credits in one school year (undefined: no cap). */
  capPerYear?: number;
  /** School years start on the 1st of this month (1–12). */
  yearStartMonth: number;
  /** Teachers and admins may send credits to the LMS gradebook. */
  gradebookPassback: boolean;
  /** What the gradebook column is out of. */
  gradebookMaximum: number;
}

/** The rules until an admin saves their own: 1 credit per 10 hours, every kind fully, rounded down to a quarter. */
export const DEFAULT_RULES: CreditRules = {
  programName: 'Instructional coaching',
  creditUnit: 'PD credits',
  hoursPerCredit: 10,
  kindWeights: Object.fromEntries(SESSION_KIND_KEYS.map((k) => [k, 1])) as Record<SessionKind, number>,
  perCycle: 0,
  perReflection: 0,
  perGroupSession: 0,
  roundingStep: 0.25,
  capPerYear: undefined,
  yearStartMonth: 7,
  gradebookPassback: false,
  gradebookMaximum: 10,
};

/** A date range, both days inclusive (YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The last day of a month (month 1–12). */
function lastDayOf(year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}

/** The school year a day falls in, for years starting on the 1st of `startMonth`. */
export function schoolYearOf(day: string, startMonth: number): DayRange & { label: string } {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const start = m >= startMonth ? y : y - 1;
  const endYear = startMonth === 1 ? start : start + 1;
  const endMonth = startMonth === 1 ? 12 : startMonth - 1;
  return {
    from: `${start}-${pad(startMonth)}-01`,
    to: lastDayOf(endYear, endMonth),
    label: startMonth === 1 ? String(start) : `${start}–${String(start + 1).slice(2)}`,
  };
}

/** Widens a range to whole months (what program admins see: no single day can be isolated). */
export function wholeMonths(range: DayRange): DayRange {
  return { from: `${range.from.slice(0, 7)}-01`, to: lastDayOf(Number(range.to.slice(0, 4)), Number(range.to.slice(5, 7))) };
}

/** Today as YYYY-MM-DD (UTC). */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The outbox source type of PD-credit grades. */
export const GRADE_SOURCE = 'pd-credit';

/** The gradebook key of a school year's PD-credit column (one column per course and school year). */
export function resourceKeyOf(year: DayRange): string {
  return `pd-credit:${year.from}`;
}
