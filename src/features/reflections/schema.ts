/** Inputs of the reflection pages: every form and parameter, with messages a person understands. */
import { z } from 'zod';

export { firstIssue, idParam } from '../coaching/schema';

export const MAX_PROMPTS = 5;

/** An empty or blank form field counts as not given. */
const blankToUndefined = (v: unknown) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v);
export const MAX_ANSWER = 10_000;
export const MAX_FEEDBACK = 5_000;

/** A coach sets a reflection task: a title and 1–5 prompts, one per line. */
export const taskInput = z.object({
  title: z.string({ error: 'Give the reflection a title.' }).trim().min(1, 'Give the reflection a title.').max(120, 'Keep the title under 120 characters.'),
  prompts: z.string({ error: 'Write at least one question, one per line.' })
    .transform((s) => s.split(/\r?\n/).map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(300, 'Keep each question under 300 characters.'))
      .min(1, 'Write at least one question, one per line.')
      .max(MAX_PROMPTS, `Use at most ${MAX_PROMPTS} questions, so the reflection stays short.`)),
  return: z.enum(['cycle', 'queue']).optional(),
});

/** The teacher saves a draft (also what autosave posts) or submits. */
export const writeInput = z.object({
  action: z.enum(['save', 'submit', 'autosave'], { error: 'Choose to save a draft or to submit.' }),
  answers: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string({ error: 'Each answer must be text.' }).max(MAX_ANSWER, `Keep each answer under ${MAX_ANSWER.toLocaleString('en')} characters.`))
      .max(MAX_PROMPTS, 'This form has more answers than the reflection has questions. Reload the page and try again.'),
  ),
});

/** The coach (or an allowed admin) reviews: feedback, then return for revision or complete. */
export const reviewInput = z.object({
  decision: z.enum(['return', 'complete'], { error: 'Choose to return the reflection for revision or to complete it.' }),
  feedback: z.string({ error: 'Feedback must be text.' }).trim().max(MAX_FEEDBACK, `Keep the feedback under ${MAX_FEEDBACK.toLocaleString('en')} characters.`).optional().transform((s) => (s ? s : undefined)),
  points: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Points must be a number.' }).refine(Number.isFinite, 'Points must be a number.').min(0, 'Points cannot be below 0.')
      .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'Give points to at most two decimal places.').optional()),
}).refine((r) => r.decision !== 'return' || r.feedback !== undefined, { message: 'Say what to revise: returning a reflection needs feedback.', path: ['feedback'] });

/** The admin's reflection settings. */
export const settingsInput = z.object({
  grading: z.enum(['completion', 'points'], { error: 'Choose completion credit or points.' }),
  pointsMax: z.preprocess(blankToUndefined, z.coerce.number({ error: 'The most points must be a whole number.' }).int('The most points must be a whole number.')
      .min(1, 'The most points must be at least 1.').max(1000, 'Use at most 1000 points.').optional()),
  adminsMayGrade: z.enum(['yes', 'no'], { error: 'Choose whether program admins may grade reflections.' }),
}).refine((s) => s.grading !== 'points' || s.pointsMax !== undefined, { message: 'Say how many points a reflection is worth.', path: ['pointsMax'] });
