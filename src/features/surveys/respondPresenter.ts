/**
 * View model of the response form: the same page for respondents and for the builder's preview
 * ("exactly as respondents will see it"), with the survey's state in plain words.
 */
import type { Actor } from '../../auth/actor';
import { pageBase, when } from '../coaching/pageModel';
import { KIND_LABELS, LIKERT_LABELS, LONG_TEXT_MAX, SHORT_TEXT_MAX, windowState } from './catalog';
import { fieldOf } from './schema';
import type { Question, Survey } from './surveyRecords';

/** Form values per question id: what the person typed, a draft, or their named response. */
export type FormValues = Record<string, string | string[]>;

/** Stored answers (numbers, labels, lists) as form values. */
export function formValuesOf(answers: Record<string, unknown> | undefined): FormValues {
  const out: FormValues = {};
  for (const [id, a] of Object.entries(answers ?? {})) out[id] = Array.isArray(a) ? a.map(String) : String(a);
  return out;
}

/** The form's fields as typed (after a 400). */
export function typedAnswers(questions: Question[], body: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const q of questions) {
    const v = body[fieldOf(q.id)];
    if (typeof v === 'string') out[String(q.id)] = v;
    else if (Array.isArray(v)) out[String(q.id)] = v.map(String);
  }
  return out;
}

export interface RespondState {
  mode: 'respond' | 'preview';
  /** The person already submitted. */
  done?: boolean;
  /** Their submitted (named) response may still change. */
  editable?: boolean;
  values?: FormValues;
  draftSavedAt?: Date;
  notice?: string;
  error?: string;
}

/** The response page (or its preview). */
export function presentRespondPage(actor: Actor, survey: Survey, questions: Question[], state: RespondState) {
  const window = windowState(survey);
  const preview = state.mode === 'preview';
  const values = state.values ?? {};
  const showForm = preview || (window === 'open' && (!state.done || state.editable));
  let status: string | undefined;
  if (!preview) {
    if (window === 'upcoming') status = `This survey opens on ${survey.opensOn}. You can answer it from then.`;
    else if (window === 'closed') status = `This survey closed on ${survey.closesOn}. Answers are no longer accepted.`;
    else if (state.done && state.editable) status = `You have submitted this survey. You can change your response until it closes${survey.closesOn ? ` on ${survey.closesOn}` : ''}.`;
    else if (state.done) status = 'You have submitted this survey. Thank you: one response per person is kept.';
  }
  return {
    ...pageBase(actor, '/app/surveys', preview ? `Preview: ${survey.title}` : survey.title),
    preview,
    notice: state.notice,
    error: state.error,
    status,
    showForm,
    draftSavedAt: state.draftSavedAt ? when(state.draftSavedAt) : undefined,
    canSaveDraft: !state.done,
    submitLabel: state.done ? 'Update your response' : 'Submit',
    survey: {
      id: survey.id, title: survey.title, description: survey.description, kind: KIND_LABELS[survey.kind], anonymous: survey.anonymous,
      closesOn: survey.closesOn, editUntilClose: survey.editUntilClose,
    },
    questions: questions.map((q, i) => {
      const v = values[String(q.id)];
      const one = Array.isArray(v) ? v[0] : v;
      const many = Array.isArray(v) ? v : v === undefined ? [] : [v];
      const base = { id: q.id, field: fieldOf(q.id), number: i + 1, prompt: q.prompt, help: q.help, required: q.required, kind: q.kind };
      switch (q.kind) {
        case 'likert5':
          return { ...base, radios: LIKERT_LABELS.map((label, k) => ({ value: String(k + 1), label, checked: one === String(k + 1), idx: k })) };
        case 'single':
          return { ...base, radios: q.options.map((label, k) => ({ value: label, label, checked: one === label, idx: k })) };
        case 'multiple':
          return { ...base, checks: q.options.map((label, k) => ({ value: label, label, checked: many.includes(label), idx: k })) };
        case 'number':
          return { ...base, numeric: true, value: one ?? '', min: q.min === null ? undefined : String(q.min), max: q.max === null ? undefined : String(q.max), range: q.min !== null || q.max !== null ? `${q.min ?? 'any'} to ${q.max ?? 'any'}` : undefined };
        case 'short_text':
          return { ...base, shortText: true, value: one ?? '', maxlength: SHORT_TEXT_MAX };
        case 'long_text':
          return { ...base, longText: true, value: one ?? '', maxlength: LONG_TEXT_MAX };
      }
    }),
  };
}
