/** Inputs of the professional-learning pages: taxonomy, catalog and links, with messages a person understands. */
import { z } from 'zod';
import { SPECIALTY_KEYS } from '../coaching/catalog';
import { MAX_TAGS, OFFERING_KIND_KEYS } from './catalog';

/** A form field that may come once (string) or several times (array), or not at all. */
const many = <T extends z.ZodTypeAny>(item: T, max: [number, string]) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(max[0], max[1]));

const id = (message: string) => z.coerce.number({ error: message }).int(message).positive(message).max(2_147_483_647, message);

/** Standards tags chosen in a form (checked against the tenant's taxonomy by the command). */
export const tagIds = many(id('Choose standards and curriculum tags from the list.'), [MAX_TAGS, `Choose at most ${MAX_TAGS} standards or curriculum tags.`]);

/** An http(s) link a browser can open. */
export const httpUrl = (what: string) => z.string({ error: `Give the ${what} (a web address starting with https://).` }).trim()
  .min(1, `Give the ${what} (a web address starting with https://).`)
  .max(500, `Keep the ${what} under 500 characters.`)
  .refine((s) => {
    if (!/^https?:\/\//i.test(s) || /\s/.test(s)) return false;
    try { const u = new URL(s); return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0; } catch { return false; }
  }, `The ${what} must be a full web address starting with http:// or https://.`);

/** A district tag: a name and, optionally, the district's own code. */
export const districtTagInput = z.object({
  name: z.string({ error: 'Name the tag.' }).trim().min(1, 'Name the tag.').max(120, 'Keep the name under 120 characters.'),
  code: z.string().trim().max(24, 'Keep the code under 24 characters.').regex(/^[A-Za-z0-9.\-_ ]*$/, 'Use letters, digits, dots, dashes or spaces in the code.').optional().transform((s) => (s ? s : undefined)),
});

/** A catalog offering. */
export const offeringInput = z.object({
  title: z.string({ error: 'Give the offering a title.' }).trim().min(1, 'Give the offering a title.').max(200, 'Keep the title under 200 characters.'),
  kind: z.enum(OFFERING_KIND_KEYS, { error: 'Choose what kind of offering it is.' }),
  url: httpUrl('link'),
  focusAreas: many(z.enum(SPECIALTY_KEYS, { error: 'Choose focus areas from the list.' }), [SPECIALTY_KEYS.length, 'Choose focus areas from the list.'])
    .refine((a) => a.length > 0, 'Choose at least one focus area, so coaches can find it for the right cycles.'),
  tags: tagIds,
});

/** Link professional learning to a cycle or one of its goals: a catalog offering, or a link of one's own. */
export const linkInput = z.object({
  goalId: z.preprocess((v) => (v === '' || v === 'cycle' ? undefined : v), id('Choose the goal it serves from the list.').optional()),
  offeringId: z.preprocess((v) => (v === '' ? undefined : v), id('Choose an offering from the catalog.').optional()),
  url: z.preprocess((v) => (v === '' ? undefined : v), httpUrl('link').optional()),
  title: z.string().trim().max(200, 'Keep the title under 200 characters.').optional().transform((s) => (s ? s : undefined)),
  why: z.string({ error: 'Say in one line why it matters for this goal.' }).trim().min(1, 'Say in one line why it matters for this goal.').max(300, 'Keep “why it matters” under 300 characters.'),
  return: z.enum(['cycle', 'coaching']).optional(),
}).refine((l) => (l.offeringId === undefined) !== (l.url === undefined), { message: 'Choose an offering from the catalog or paste a link, one of the two.', path: ['url'] })
  .refine((l) => l.url === undefined || l.title !== undefined, { message: 'Give the link a short title, so you both know what it is.', path: ['title'] });

/** The catalog page's filter. */
export const catalogFilter = z.object({
  focus: z.preprocess((v) => (v === '' ? undefined : v), z.enum(SPECIALTY_KEYS, { error: 'Choose a focus area from the list.' }).optional()),
});

/** The first message of a failed parse, for the page. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'Something in the form is not right.';
}
