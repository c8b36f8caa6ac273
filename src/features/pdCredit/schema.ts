/** Inputs of the PD-credit pages: the admin's rules form, the summary's date range and the send form. */
import { z } from 'zod';
import { SESSION_KIND_KEYS, SESSION_KINDS } from '../coaching/catalog';
import { day } from '../coaching/schema';
import { ROUNDING_STEPS } from './catalog';

export { firstIssue, idParam } from '../coaching/schema';

/** An empty or blank form field counts as not given. */
const blank = (v: unknown) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v);

/** A decimal number from a form field, with at most two decimals, between min and max. */
const decimal = (what: string, min: number, max: number) => z.preprocess(blank, z.coerce.number({ error: `Give ${what} as a number.` })
  .refine(Number.isFinite, `Give ${what} as a number.`)
  .refine((n) => n >= min, `${what[0].toUpperCase()}${what.slice(1)} must be at least ${min}.`)
  .refine((n) => n <= max, `${what[0].toUpperCase()}${what.slice(1)} must be at most ${max}.`)
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, `Give ${what} with at most two decimals.`));

const text = (what: string, max: number) => z.string({ error: `Write ${what}.` }).trim().min(1, `Write ${what}.`).max(max, `Keep ${what} under ${max} characters.`)
  // Plain words only: the text is printed on the summary and written into CSV files.
  .refine((s) => !/[<>]/.test(s) && ![...s].some((ch) => ch.charCodeAt(0) < 32), `Use letters, numbers and ordinary punctuation in ${what}.`);

const weightFields = Object.fromEntries(SESSION_KIND_KEYS.map((k) => [`weight_${k}`, decimal(`the weight of “${SESSION_KINDS[k]}”`, 0, 5)])) as Record<`weight_${string}`, ReturnType<typeof decimal>>;

/** The admin's rules form. */
export const rulesInput = z.object({
  programName: text('the program name', 120),
  creditUnit: text('what the credits are called', 40),
  hoursPerCredit: decimal('the hours per credit', 0.25, 1000),
  ...weightFields,
  perCycle: decimal('the credits per completed cycle', 0, 100),
  perReflection: decimal('the credits per completed reflection', 0, 100),
  perGroupSession: decimal('the credits per group session', 0, 100),
  roundingStep: z.enum(ROUNDING_STEPS.map(String) as [string, ...string[]], { error: 'Choose how credits are rounded from the list.' }).transform(Number),
  capPerYear: z.preprocess(blank, decimal('the cap per school year', 0.25, 1000).optional()),
  yearStartMonth: z.coerce.number({ error: 'Choose the month the school year starts in.' }).int('Choose the month the school year starts in.').min(1, 'Choose the month the school year starts in.').max(12, 'Choose the month the school year starts in.'),
  gradebookPassback: z.enum(['yes', 'no'], { error: 'Choose whether credits may be sent to the LMS gradebook.' }),
  gradebookMaximum: decimal('what the gradebook column is out of', 1, 1000),
});

/** The summary's range as it comes in the query string (either end may be left out: the school year's). */
export const rangeQuery = z.object({
  from: z.preprocess(blank, day('the first day').optional()),
  to: z.preprocess(blank, day('the last day').optional()),
});

/** The send form: the range shown on the page. */
export const sendInput = z.object({
  from: day('the first day'),
  to: day('the last day'),
});
