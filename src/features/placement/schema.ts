/** Input of the content picker (Deep Linking) form. */
import { z } from 'zod';

export { firstIssue } from '../coaching/schema';

export const MAX_PROMPTS = 5;
const ITEM = /^(home|goals|reflection|survey:\d{1,9})$/;

/** A title in the course: optional (the default applies), 1–120 characters when given. */
const title = z
  .string()
  .trim()
  .min(1, 'Give the link a title people will recognise in the course.')
  .max(120, 'Keep the title under 120 characters.')
  .optional();

/** The picks: one value or several (repeated `item` fields), each a key of the list. */
export const placementInput = z.object({
  item: z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string({ error: 'Choose one of the items in the list to add to your course.' })
      .regex(ITEM, 'Choose one of the items in the list to add to your course.'))
      .min(1, 'Choose what to add to your course.')
      .max(20, 'Add at most 20 items at once.'),
  ).transform((items) => [...new Set(items)]),
  homeTitle: title,
  goalsTitle: title,
  // The reflection's fields are read only when it is picked (see reflectionInput).
  reflectionTitle: z.string().optional(),
  reflectionPrompts: z.string().optional(),
});
export type PlacementInput = z.infer<typeof placementInput>;

/** A new reflection task typed in the picker: a title and 1–5 questions, one per line. */
export const reflectionInput = z.object({
  reflectionTitle: z.string({ error: 'Give the reflection a title.' }).trim().min(1, 'Give the reflection a title.').max(120, 'Keep the reflection\'s title under 120 characters.'),
  reflectionPrompts: z.string({ error: 'Write at least one question for the reflection, one per line.' })
    .transform((s) => s.split(/\r?\n/).map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(300, 'Keep each reflection question under 300 characters.'))
      .min(1, 'Write at least one question for the reflection, one per line.')
      .max(MAX_PROMPTS, `Use at most ${MAX_PROMPTS} questions, so the reflection stays short.`)),
});
