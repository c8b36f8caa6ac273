/**
 * Inputs of the survey pages, and the rules of a survey definition: every form and parameter,
 * with messages a person understands. The same question and survey rules check the builder's
 * forms, the ready-made templates and a survey about to be published.
 */
import { z } from 'zod';
import { day } from '../coaching/schema';
import {
  AUDIENCE_ROLES, CHOICE_KINDS, COACHING_FILTERS, LIKERT_LABELS, LONG_TEXT_MAX, MAX_OPTIONS, MAX_QUESTIONS, QUESTION_KINDS, SHORT_TEXT_MAX, SURVEY_KINDS,
  type QuestionKind,
} from './catalog';

export { firstIssue, idParam } from '../coaching/schema';

/** An empty or blank form field counts as not given. */
const blank = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);
/** A form field that may come once, several times or not at all. */
const list = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const yes = (v: unknown) => v === 'yes' || v === 'on' || v === 'true';

// ---------------------------------------------------------------- question definitions

/** A question as stored and as templates write it. */
export const questionDefinition = z.object({
  kind: z.enum(QUESTION_KINDS, { error: 'Choose what kind of question it is.' }),
  prompt: z.string({ error: 'Write the question.' }).trim().min(1, 'Write the question: the prompt is empty.').max(500, 'Keep the question under 500 characters.'),
  help: z.string().trim().max(300, 'Keep the help text under 300 characters.').optional(),
  required: z.boolean(),
  options: z.array(z.string().trim().min(1, 'An option is empty.').max(120, 'Keep each option under 120 characters.')).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  compareKey: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,59}$/, 'A comparison key is up to 60 lowercase letters, digits, dots, dashes or underscores.').optional(),
}).superRefine((q, ctx) => {
  const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
  if ((CHOICE_KINDS as readonly string[]).includes(q.kind)) {
    const options = q.options ?? [];
    if (options.length < 2) issue(`A ${q.kind === 'single' ? 'single' : 'multiple'} choice question needs at least 2 options, one per line.`, 'options');
    if (options.length > MAX_OPTIONS) issue(`Use at most ${MAX_OPTIONS} options.`, 'options');
    const seen = new Set<string>();
    for (const o of options) {
      const key = o.toLowerCase();
      if (seen.has(key)) {
        issue(`Each option must be different: “${o}” appears twice.`, 'options');
        break;
      }
      seen.add(key);
    }
  } else if (q.options?.length) {
    issue('Only single and multiple choice questions have options.', 'options');
  }
  if (q.kind !== 'number' && (q.min !== undefined || q.max !== undefined)) issue('Only number questions have a smallest and largest value.', 'min');
  if (q.min !== undefined && q.max !== undefined && q.min > q.max) issue(`The smallest allowed number (${q.min}) is larger than the largest (${q.max}).`, 'min');
});
export type QuestionDefinition = z.infer<typeof questionDefinition>;

/** A survey's questions: at most MAX_QUESTIONS, compare keys unique. */
export const questionList = z.array(questionDefinition)
  .max(MAX_QUESTIONS, `A survey holds at most ${MAX_QUESTIONS} questions; split it into two surveys.`)
  .superRefine((qs, ctx) => {
    const keys = new Set<string>();
    for (const q of qs) {
      if (!q.compareKey) continue;
      if (keys.has(q.compareKey)) ctx.addIssue({ code: 'custom', message: `Two questions share the comparison key “${q.compareKey}”; each key names one question.` });
      keys.add(q.compareKey);
    }
  });

/** Settings every survey has (the builder's settings form after parsing, and templates). */
const settingsShape = {
  title: z.string({ error: 'Give the survey a title.' }).trim().min(1, 'Give the survey a title.').max(120, 'Keep the title under 120 characters.'),
  description: z.string().trim().max(2000, 'Keep the introduction under 2,000 characters.').optional(),
  kind: z.enum(SURVEY_KINDS, { error: 'Choose what kind of survey it is.' }),
  audienceRoles: z.array(z.enum(AUDIENCE_ROLES, { error: 'Choose who answers from the list.' })).min(1, 'Choose who answers the survey: teachers, coaches or admins.'),
  audienceCoaching: z.enum(COACHING_FILTERS, { error: 'Choose all teachers, coached teachers or teachers not coached.' }),
  anonymous: z.boolean(),
  editUntilClose: z.boolean(),
};

type Settings = { audienceRoles: string[]; audienceCoaching: string; anonymous: boolean; editUntilClose: boolean; opensOn?: string; closesOn?: string };
function settingsRules(s: Settings, ctx: z.RefinementCtx): void {
  if (s.audienceCoaching !== 'all' && !s.audienceRoles.includes('teacher')) {
    ctx.addIssue({ code: 'custom', message: 'Coached or not coached applies to teachers: include teachers in the audience, or choose all.', path: ['audienceCoaching'] });
  }
  if (s.anonymous && s.editUntilClose) {
    ctx.addIssue({ code: 'custom', message: 'An anonymous response cannot be changed later: nothing links it to the person who gave it. Choose “submit once”, or make the survey named.', path: ['editUntilClose'] });
  }
  if (s.opensOn && s.closesOn && s.closesOn < s.opensOn) {
    ctx.addIssue({ code: 'custom', message: `The survey closes (${s.closesOn}) before it opens (${s.opensOn}): choose a closing date on or after the opening date.`, path: ['closesOn'] });
  }
}

/** A whole survey definition: a ready-made template, or a survey about to be published. */
export const surveyDefinition = z.object({ ...settingsShape, opensOn: z.string().optional(), closesOn: z.string().optional(), questions: questionList }).superRefine(settingsRules);
export type SurveyDefinition = z.infer<typeof surveyDefinition>;

// ---------------------------------------------------------------- builder forms

const optionalDay = (what: string) => z.preprocess(blank, day(what).optional());

/** The builder's settings form (create a blank survey, or change a survey's settings). */
export const settingsInput = z.object({
  ...settingsShape,
  description: z.preprocess(blank, settingsShape.description),
  audienceRoles: z.preprocess(list, settingsShape.audienceRoles),
  audienceCoaching: z.preprocess((v) => blank(v) ?? 'all', settingsShape.audienceCoaching),
  opensOn: optionalDay('the opening date'),
  closesOn: optionalDay('the closing date'),
  anonymous: z.enum(['yes', 'no'], { error: 'Choose whether responses are anonymous or named.' }).transform((v) => v === 'yes'),
  editUntilClose: z.enum(['once', 'edit'], { error: 'Choose whether people submit once or may edit until the survey closes.' }).transform((v) => v === 'edit'),
}).superRefine(settingsRules);
export type SettingsInput = z.infer<typeof settingsInput>;

const formNumber = (what: string) => z.preprocess(blank, z.coerce.number({ error: `${what} must be a number.` }).refine(Number.isFinite, `${what} must be a number.`).refine((n) => Math.abs(n) < 1e9, `${what} is too large.`).optional());

/** The builder's question form: options one per line; checkbox "required". */
export const questionInput = z.object({
  kind: z.enum(QUESTION_KINDS, { error: 'Choose what kind of question it is.' }),
  prompt: z.string({ error: 'Write the question: the prompt is empty.' }),
  help: z.preprocess(blank, z.string().optional()),
  required: z.preprocess(yes, z.boolean()),
  options: z.preprocess(blank, z.string().optional()),
  min: formNumber('The smallest allowed number'),
  max: formNumber('The largest allowed number'),
  compareKey: z.preprocess(blank, z.string().trim().toLowerCase().optional()),
}).transform((f): z.input<typeof questionDefinition> => {
  const choice = (CHOICE_KINDS as readonly string[]).includes(f.kind);
  const q: z.input<typeof questionDefinition> = { kind: f.kind, prompt: f.prompt, required: f.required };
  if (f.help !== undefined) q.help = f.help;
  // Options typed for another kind (the form keeps them when the kind changes) are dropped.
  if (choice) q.options = (f.options ?? '').split(/\r?\n/).map((o) => o.trim()).filter(Boolean);
  if (f.kind === 'number' && f.min !== undefined) q.min = f.min;
  if (f.kind === 'number' && f.max !== undefined) q.max = f.max;
  if (f.compareKey !== undefined) q.compareKey = f.compareKey;
  return q;
}).pipe(questionDefinition);

/** Move a question up or down. */
export const moveInput = z.object({ direction: z.enum(['up', 'down'], { error: 'Choose to move the question up or down.' }) });

/** Create a survey from a ready-made template. */
export const templateInput = (keys: readonly [string, ...string[]]) => z.object({ template: z.enum(keys, { error: 'Choose a template from the list.' }) });

// ---------------------------------------------------------------- responding

/** One stored answer: 1–5 (agreement), an option label, several labels, a number or text. */
export type Answer = number | string | string[];
export type Answers = Record<string, Answer>;

/** A question as the response form needs it. */
export interface AnswerableQuestion {
  id: number;
  kind: QuestionKind;
  required: boolean;
  options: string[];
  min: number | null;
  max: number | null;
}

/** The form field of a question. */
export const fieldOf = (questionId: number) => `q${questionId}`;

const responseSchemas = new Map<string, ReturnType<typeof buildResponseInput>>();
const RESPONSE_SCHEMAS_KEPT = 500;

/**
 * The schema of a survey's response form. `submit` checks required questions too; a saved draft
 * only needs well-formed answers. Unanswered questions are left out of the result. Schemas are
 * kept per question list and mode: building one costs ~2 ms (zod compiles it), parsing ~0.05 ms.
 */
export function responseInput(questions: AnswerableQuestion[], mode: 'save' | 'submit') {
  const key = JSON.stringify([mode, questions.map((q) => [q.id, q.kind, q.required, q.options, q.min, q.max])]);
  let schema = responseSchemas.get(key);
  if (!schema) {
    schema = buildResponseInput(questions, mode);
    if (responseSchemas.size >= RESPONSE_SCHEMAS_KEPT) responseSchemas.delete(responseSchemas.keys().next().value!);
    responseSchemas.set(key, schema);
  }
  return schema;
}

function buildResponseInput(questions: AnswerableQuestion[], mode: 'save' | 'submit') {
  const shape: Record<string, z.ZodTypeAny> = {
    action: z.enum(['save', 'submit'], { error: 'Choose to save your answers or to submit them.' }),
  };
  questions.forEach((q, i) => {
    const n = `Question ${i + 1}`;
    let field: z.ZodTypeAny;
    switch (q.kind) {
      case 'likert5':
        field = z.coerce.number({ error: `${n}: choose a point on the scale.` }).int(`${n}: choose a point on the scale.`).min(1, `${n}: choose a point on the scale.`).max(LIKERT_LABELS.length, `${n}: choose a point on the scale.`);
        break;
      case 'single':
        field = z.string({ error: `${n}: choose one of the options.` }).refine((v) => q.options.includes(v), `${n}: choose one of the options.`);
        break;
      case 'multiple':
        field = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(z.string()).refine((vs) => vs.every((v) => q.options.includes(v)), `${n}: choose from the options shown.`)
          .transform((vs) => q.options.filter((o) => vs.includes(o))));
        break;
      case 'number': {
        let num = z.coerce.number({ error: `${n}: give a number.` }).refine(Number.isFinite, `${n}: give a number.`);
        if (q.min !== null) num = num.refine((v) => v >= q.min!, `${n}: give a number of at least ${q.min}.`);
        if (q.max !== null) num = num.refine((v) => v <= q.max!, `${n}: give a number of at most ${q.max}.`);
        field = num;
        break;
      }
      case 'short_text':
      case 'long_text': {
        const max = q.kind === 'short_text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
        field = z.string({ error: `${n}: write your answer as text.` }).max(max, `${n}: keep your answer under ${max.toLocaleString('en')} characters.`).transform((s) => s.replace(/\r\n/g, '\n'));
        break;
      }
    }
    const required = mode === 'submit' && q.required;
    const missing = q.kind === 'multiple' ? `${n} needs an answer: choose at least one option.` : `${n} needs an answer.`;
    shape[fieldOf(q.id)] = z.preprocess(
      (v) => {
        const value = Array.isArray(v) && q.kind !== 'multiple' ? v[0] : v;
        if (Array.isArray(value)) return value.length ? value.filter((x) => typeof x === 'string' && x !== '') : undefined;
        return blank(value);
      },
      required ? z.unknown().refine((v) => v !== undefined && !(Array.isArray(v) && v.length === 0), missing).pipe(field) : field.optional(),
    );
  });
  return z.object(shape).transform((form) => {
    const answers: Answers = {};
    for (const q of questions) {
      const v = form[fieldOf(q.id)] as Answer | undefined;
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      answers[String(q.id)] = v;
    }
    return { action: form.action as 'save' | 'submit', answers };
  });
}
