/**
 * Inputs of the program dashboard: the filters (course and a range of whole months) and the CSV
 * section. Months, not days: the rollups are monthly, and whole months keep anyone from isolating
 * a single day's sessions by comparing two ranges that differ by a day.
 */
import { z } from 'zod';

/** A calendar month, YYYY-MM. */
const month = (what: string) => z.string().trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, `Give the ${what} month as YYYY-MM, for example 2026-09.`)
  .refine((s) => s >= '2000-01' && s <= '2099-12', `The ${what} month must be between 2000-01 and 2099-12.`);

/** An empty field counts as not given. */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === '' || v === undefined ? undefined : v), schema.optional());

/** The dashboard's filters as they come in the query string. */
export const dashboardFilters = z.object({
  /** A course id, or "all" (account-level launches only). */
  space: optional(z.union([z.literal('all'), z.coerce.number({ error: 'Choose a course from the list.' }).int('Choose a course from the list.').positive('Choose a course from the list.').max(2_147_483_647, 'Choose a course from the list.')])),
  from: optional(month('first')),
  to: optional(month('last')),
}).refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'The first month must not be after the last month.', path: ['to'] });

export type DashboardFilters = z.infer<typeof dashboardFilters>;

/** The CSV export's sections: each chart's table. */
export const CSV_SECTIONS = [
  'hours-by-kind', 'coach-time', 'hours-by-month', 'hours-by-coach', 'reach', 'cycles',
  'goals', 'stages', 'survey-practice', 'hours-vs-goals', 'survey-impact', 'alignment',
] as const;
export type CsvSection = (typeof CSV_SECTIONS)[number];

export const csvQuery = z.object({
  section: z.enum(CSV_SECTIONS, { error: `Name the table to export: section=${CSV_SECTIONS.join(', ')}.` }),
});

/** The first message of a failed parse, for the page. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'Something in the filters is not right.';
}
