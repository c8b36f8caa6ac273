/**
 * View models of the survey list and the builder pages (plain objects only). Counts of people
 * below the minimum group size are shown as "fewer than N".
 */
import type { Actor } from '../../auth/actor';
import { pageBase } from '../coaching/pageModel';
import {
  AUDIENCE_ROLE_LABELS, AUDIENCE_ROLES, audienceText, COACHING_FILTER_LABELS, COACHING_FILTERS, KIND_LABELS, LIKERT_LABELS, QUESTION_KIND_LABELS, QUESTION_KINDS,
  SURVEY_KINDS, windowState, type WindowState,
} from './catalog';
import type { SurveyListItem } from './surveyQueries';
import type { Question, Survey } from './surveyRecords';
import { SURVEY_TEMPLATES } from './templates';

/** What the settings form shows (typed values after a 400, or the survey's). */
export interface SettingsValues {
  title?: string; description?: string; kind?: string; audienceRoles?: string[]; audienceCoaching?: string;
  opensOn?: string; closesOn?: string; anonymous?: string; editUntilClose?: string;
}

/** A question form's values (typed values after a 400, or the question's). */
export interface QuestionValues {
  kind?: string; prompt?: string; help?: string; required?: boolean; options?: string; min?: string; max?: string; compareKey?: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : undefined);

/** The settings form's values as typed (to show them again after a 400). */
export function typedSettings(body: Record<string, unknown>): SettingsValues {
  return {
    title: str(body.title), description: str(body.description), kind: str(body.kind), audienceRoles: strs(body.audienceRoles) ?? [], audienceCoaching: str(body.audienceCoaching),
    opensOn: str(body.opensOn), closesOn: str(body.closesOn), anonymous: str(body.anonymous), editUntilClose: str(body.editUntilClose),
  };
}

/** A question form's values as typed. */
export function typedQuestion(body: Record<string, unknown>): QuestionValues {
  return {
    kind: str(body.kind), prompt: str(body.prompt), help: str(body.help), required: body.required === 'yes', options: str(body.options),
    min: str(body.min), max: str(body.max), compareKey: str(body.compareKey),
  };
}

/** The survey's settings as form values. */
export function settingsOf(s: Survey): SettingsValues {
  return {
    title: s.title, description: s.description ?? '', kind: s.kind, audienceRoles: s.audienceRoles, audienceCoaching: s.audienceCoaching,
    opensOn: s.opensOn ?? '', closesOn: s.closesOn ?? '', anonymous: s.anonymous ? 'yes' : 'no', editUntilClose: s.editUntilClose ? 'edit' : 'once',
  };
}

/** The settings form's fields with their choices marked. */
export function settingsForm(v: SettingsValues) {
  const kind = v.kind ?? 'custom';
  const coaching = v.audienceCoaching ?? 'all';
  const roles = v.audienceRoles ?? ['teacher'];
  return {
    title: v.title ?? '', description: v.description ?? '', opensOn: v.opensOn ?? '', closesOn: v.closesOn ?? '',
    kinds: SURVEY_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k], selected: k === kind })),
    roles: AUDIENCE_ROLES.map((r) => ({ value: r, label: AUDIENCE_ROLE_LABELS[r], checked: roles.includes(r) })),
    coachings: COACHING_FILTERS.map((c) => ({ value: c, label: COACHING_FILTER_LABELS[c], checked: c === coaching })),
    anonymous: (v.anonymous ?? 'yes') === 'yes',
    editUntilClose: v.editUntilClose === 'edit',
  };
}

/** A question form's fields with their choices marked. */
export function questionForm(v: QuestionValues) {
  const kind = v.kind ?? 'likert5';
  return {
    prompt: v.prompt ?? '', help: v.help ?? '', required: v.required ?? true, options: v.options ?? '', min: v.min ?? '', max: v.max ?? '', compareKey: v.compareKey ?? '',
    kinds: QUESTION_KINDS.map((k) => ({ value: k, label: QUESTION_KIND_LABELS[k], selected: k === kind })),
  };
}

const STATE_TEXT: Record<WindowState, (s: Survey) => string> = {
  upcoming: (s) => `Opens ${s.opensOn}`,
  open: (s) => (s.closesOn ? `Open until ${s.closesOn}` : 'Open'),
  closed: (s) => `Closed ${s.closesOn}`,
};

/** "3 responses" or, below the minimum group size, "fewer than 5 responses". */
export function responseCount(n: number, min: number): string {
  if (n === 0) return 'No responses yet';
  if (n < min) return `Fewer than ${min} responses`;
  return `${n} response${n === 1 ? '' : 's'}`;
}

/** The survey list: what the actor may answer, and (for builders) the surveys they manage. */
export function presentSurveyList(actor: Actor, items: SurveyListItem[], canAnswer: (s: Survey) => boolean, min: number, notice?: string) {
  const builder = actor.role === 'admin' || actor.role === 'coach';
  const now = new Date();
  const forMe = items.filter((i) => i.survey.status === 'published' && canAnswer(i.survey)).map((i) => {
    const state = windowState(i.survey, now);
    const editable = i.done && i.survey.editUntilClose && !i.survey.anonymous && state === 'open';
    return {
      id: i.survey.id, title: i.survey.title, kind: KIND_LABELS[i.survey.kind], when: STATE_TEXT[state](i.survey), questions: i.questions,
      status: i.done ? 'Done' : i.hasDraft ? 'Started' : state === 'open' ? 'To answer' : state === 'upcoming' ? 'Not open yet' : 'Closed',
      chip: i.done ? 'chip-good' : state === 'open' ? 'chip-warn' : '',
      action: state !== 'open' ? undefined : editable ? 'Change your response' : i.done ? undefined : i.hasDraft ? 'Continue' : 'Answer',
      anonymous: i.survey.anonymous,
    };
  });
  const managed = builder ? items.filter((i) => actor.role === 'admin' || i.survey.createdBy === actor.person.id).map((i) => ({
    id: i.survey.id, title: i.survey.title, kind: KIND_LABELS[i.survey.kind], audience: audienceText(i.survey.audienceRoles, i.survey.audienceCoaching),
    draft: i.survey.status === 'draft', when: i.survey.status === 'draft' ? 'Draft' : STATE_TEXT[windowState(i.survey, now)](i.survey),
    questions: i.questions, responses: responseCount(i.completions, min), anonymous: i.survey.anonymous, placed: i.survey.resourceLinkId !== null,
  })) : undefined;
  return { ...pageBase(actor, '/app/surveys', 'Surveys'), notice, forMe, managed, builder };
}

/** The new-survey page: the ready-made templates and the blank survey's settings form. */
export function presentNewSurvey(actor: Actor, extra: { error?: string; values?: SettingsValues } = {}) {
  return {
    ...pageBase(actor, '/app/surveys', 'New survey'),
    error: extra.error,
    templates: SURVEY_TEMPLATES.map((t) => ({
      key: t.key, title: t.title, description: t.description, kind: KIND_LABELS[t.kind], audience: audienceText(t.audienceRoles, t.audienceCoaching),
      questions: t.questions.length, compared: t.questions.filter((q) => q.compareKey).length, prompts: t.questions.map((q) => q.prompt),
    })),
    form: settingsForm(extra.values ?? { anonymous: 'yes', editUntilClose: 'once', audienceRoles: ['teacher'] }),
  };
}

/** The builder page of a survey. */
export function presentBuilder(actor: Actor, survey: Survey, questions: Question[], answered: boolean, extra: {
  notice?: string; error?: string; errorAt?: 'settings' | 'add' | 'page' | number; settings?: SettingsValues; question?: QuestionValues;
} = {}) {
  const locked = answered;
  return {
    ...pageBase(actor, '/app/surveys', `Edit: ${survey.title}`),
    notice: extra.notice,
    error: extra.error,
    errorAt: extra.errorAt,
    settingsError: extra.errorAt === 'settings',
    addError: extra.errorAt === 'add',
    pageError: extra.errorAt === 'page',
    survey: {
      id: survey.id, title: survey.title, draft: survey.status === 'draft', kind: KIND_LABELS[survey.kind], audience: audienceText(survey.audienceRoles, survey.audienceCoaching),
      anonymous: survey.anonymous, placed: survey.resourceLinkId !== null, templateKey: survey.templateKey,
    },
    locked,
    settings: settingsForm(extra.errorAt === 'settings' && extra.settings ? extra.settings : settingsOf(survey)),
    questions: questions.map((q, i) => {
      const failed = extra.errorAt === q.id;
      const values: QuestionValues = failed && extra.question ? extra.question : {
        kind: q.kind, prompt: q.prompt, help: q.help ?? '', required: q.required, options: q.options.join('\n'),
        min: q.min === null ? '' : String(q.min), max: q.max === null ? '' : String(q.max), compareKey: q.compareKey ?? '',
      };
      return {
        id: q.id, number: i + 1, first: i === 0, last: i === questions.length - 1, prompt: q.prompt, help: q.help, kind: QUESTION_KIND_LABELS[q.kind], required: q.required,
        options: q.kind === 'likert5' ? [...LIKERT_LABELS] : q.options, range: q.kind === 'number' && (q.min !== null || q.max !== null) ? `${q.min ?? '…'} to ${q.max ?? '…'}` : undefined,
        compareKey: q.compareKey, failed, error: failed ? extra.error : undefined, form: questionForm(values),
      };
    }),
    newQuestion: questionForm(extra.errorAt === 'add' && extra.question ? extra.question : {}),
    canAdd: !locked,
  };
}
