/** Inputs of the coaching pages: every form and parameter, with messages a person understands. */
import { z } from 'zod';
import { tagIds } from '../learning/schema';
import {
  CYCLE_STATUS_KEYS, GOAL_STATUS_KEYS, GRADE_BAND_KEYS, SESSION_KIND_KEYS, SPECIALTY_KEYS,
} from './catalog';

/** A form field that may come once (string) or several times (array), or not at all. */
const many = <T extends z.ZodTypeAny>(item: T, min: [number, string], max: [number, string]) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).min(min[0], min[1]).max(max[0], max[1]));

/** A calendar day, YYYY-MM-DD, that exists. */
export const day = (what: string) => z.string({ error: `Give ${what} as a date.` }).trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, `Give ${what} as a date (YYYY-MM-DD).`)
  .refine((s) => { const d = new Date(`${s}T00:00:00Z`); return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s); }, `${what[0].toUpperCase()}${what.slice(1)} is not a real date.`);

const optionalText = (max: number, what: string) => z.string().trim().max(max, `Keep ${what} under ${max} characters.`).optional().transform((s) => (s ? s : undefined));
const requiredText = (max: number, what: string) => z.string({ error: `Write ${what}.` }).trim().min(1, `Write ${what}.`).max(max, `Keep ${what} under ${max} characters.`);
const number = (what: string) => z.coerce.number({ error: `${what} must be a number.` }).refine(Number.isFinite, `${what} must be a number.`).refine((n) => Math.abs(n) < 1e9, `${what} is too large.`);

/** An id in a URL; anything else is "not found", not a 400. */
export const idParam = (name: string) => z.object({ [name]: z.coerce.number().int().positive().max(2_147_483_647) });

/** A teacher's opt-in and profile. */
export const teacherProfileInput = z.object({
  subjects: z.string({ error: 'Name the subjects you teach.' }).trim().min(1, 'Name the subjects you teach.').max(200, 'Keep subjects under 200 characters.')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean).slice(0, 12)),
  gradeBand: z.enum(GRADE_BAND_KEYS, { error: 'Choose your grade band from the list.' }),
  needAreas: many(z.enum(SPECIALTY_KEYS, { error: 'Choose the areas from the list.' }), [1, 'Choose at least one area you want help with.'], [5, 'Choose at most 5 areas, so your coach can focus.']),
  needsNote: optionalText(2000, 'what you want help with'),
  consent: z.literal('yes', { error: 'Tick the box to say you are choosing coaching yourself.' }),
});

/** Pause, resume or leave coaching. */
export const participationInput = z.object({
  status: z.enum(['opted_in', 'paused', 'left'], { error: 'Choose to take part, pause or leave.' }),
});

/** A coach's profile. */
export const coachProfileInput = z.object({
  specialties: many(z.enum(SPECIALTY_KEYS, { error: 'Choose specialties from the list.' }), [1, 'Choose at least one specialty.'], [SPECIALTY_KEYS.length, 'Choose specialties from the list.']),
  gradeBands: many(z.enum(GRADE_BAND_KEYS, { error: 'Choose grade bands from the list.' }), [1, 'Choose at least one grade band.'], [GRADE_BAND_KEYS.length, 'Choose grade bands from the list.']),
  capacity: z.coerce.number({ error: 'Caseload capacity must be a whole number.' }).int('Caseload capacity must be a whole number.').min(1, 'Caseload capacity must be at least 1.').max(60, 'A caseload above 60 teachers is not realistic coaching; use at most 60.'),
});

/** Confirm a coach for a teacher. */
export const assignmentInput = z.object({
  teacherId: z.coerce.number({ error: 'Choose a teacher.' }).int().positive('Choose a teacher.'),
  coachId: z.coerce.number({ error: 'Choose a coach.' }).int().positive('Choose a coach.'),
});

/** Space settings an admin controls. */
export const coachingSettingsInput = z.object({
  coachesConfirm: z.enum(['yes', 'no'], { error: 'Choose whether coaches may take on teachers themselves.' }),
});

/** A custom cycle model: one stage per line. */
export const cycleModelInput = z.object({
  name: requiredText(80, 'a name for the model'),
  stages: z.string({ error: 'List the stages, one per line.' })
    .transform((s) => s.split(/\r?\n/).map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(80, 'Keep each stage name under 80 characters.')).min(2, 'A model needs at least 2 stages, one per line.').max(12, 'Use at most 12 stages.')),
});

/** Start a cycle. */
export const cycleInput = z.object({
  teacherId: z.coerce.number({ error: 'Choose a teacher.' }).int().positive('Choose a teacher.'),
  focus: requiredText(200, 'the focus of the cycle'),
  model: z.string({ error: 'Choose a cycle model.' }).regex(/^(impact|student-centered|custom:\d{1,9})$/, 'Choose a cycle model from the list.'),
  startsOn: day('the start date'),
  endsOn: day('the end date').optional().or(z.literal('').transform(() => undefined)),
  status: z.enum(['planned', 'active'], { error: 'Choose whether the cycle starts now or is planned.' }).default('active'),
}).refine((c) => !c.endsOn || c.endsOn >= c.startsOn, { message: 'The end date must be on or after the start date.', path: ['endsOn'] });

/** Move a cycle to a stage (its index). */
export const stageInput = z.object({
  stage: z.coerce.number({ error: 'Choose a stage.' }).int('Choose a stage.').min(0, 'Choose a stage.').max(20, 'Choose a stage.'),
});

export const cycleStatusInput = z.object({
  status: z.enum(CYCLE_STATUS_KEYS, { error: 'Choose a status from the list.' }),
});

/** One entry of the session log. */
export const sessionInput = z.object({
  kind: z.enum(SESSION_KIND_KEYS, { error: 'Choose what kind of session it was.' }),
  heldOn: day('the session date'),
  minutes: z.coerce.number({ error: 'Minutes must be a whole number.' }).int('Minutes must be a whole number.').min(1, 'A session lasts at least 1 minute.').max(600, 'A session of more than 10 hours is probably a typo; log at most 600 minutes.'),
  format: z.enum(['in_person', 'virtual'], { error: 'Choose in person or virtual.' }),
  notes: optionalText(5000, 'the notes'),
  nextSteps: optionalText(2000, 'the next steps'),
  /** Standards tags of the session (checked against the tenant's taxonomy by the command). */
  tags: tagIds,
});

/** A group session: the same fields plus attendees and the catalog offering it belongs to. */
export const groupSessionInput = sessionInput.extend({
  offeringId: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ error: 'Choose the offering from the catalog.' }).int('Choose the offering from the catalog.').positive('Choose the offering from the catalog.').max(2_147_483_647, 'Choose the offering from the catalog.').optional()),
  attendees: many(z.coerce.number({ error: 'Choose attendees from the list.' }).int('Choose attendees from the list.').positive('Choose attendees from the list.').max(2_147_483_647, 'Choose attendees from the list.'), [1, 'Choose who attended.'], [200, 'Choose at most 200 attendees.']),
});

/** A PEERS/SMART goal. */
export const goalInput = z.object({
  statement: requiredText(500, 'the goal'),
  studentOutcome: requiredText(500, 'the outcome for students'),
  successMeasure: requiredText(300, 'how success is measured'),
  baseline: number('The baseline'),
  target: number('The target'),
  unit: requiredText(40, 'the unit (for example % of students)'),
  dueOn: day('the due date'),
  /** Standards and curriculum tags from the taxonomy. */
  tags: tagIds,
  /** Other alignment, as written (tags not in the district's list), separated by commas. */
  alignment: z.string().trim().max(300, 'Keep the other alignment tags under 300 characters.').default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean).slice(0, 10)),
}).refine((g) => g.baseline !== g.target, { message: 'The target must differ from the baseline, or there is nothing to measure.', path: ['target'] });

/** A progress check-in on a goal. */
export const checkinInput = z.object({
  checkedOn: day('the check-in date'),
  value: number('The value'),
  note: optionalText(2000, 'the note'),
  evidenceUrl: z.string().trim().max(500, 'Keep the link under 500 characters.').optional()
    .transform((s) => (s ? s : undefined))
    .refine((s) => s === undefined || /^https?:\/\/[^\s]+$/i.test(s), 'The evidence link must start with http:// or https://.'),
});

export const goalStatusInput = z.object({
  status: z.enum(GOAL_STATUS_KEYS, { error: 'Choose a goal status from the list.' }),
});

/** The first message of a failed parse, for the page. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'Something in the form is not right.';
}
