/**
 * Loading surveys and their questions — and authorizing the actor in the same call, so no route or
 * command can touch a survey without the check. A survey of another space, or one the actor may
 * not know of, is "not found".
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { forbidden, HttpError, notFound } from '../../auth/httpError';
import { storedDate } from '../../jobs/jobRows';
import type { AudienceRole, CoachingFilter, QuestionKind, SurveyKind } from './catalog';
import { isCoached } from './audienceQueries';
import { refusalFor, surveyAbilities, type SurveyAbilities, type SurveyAction } from './policy';

/** A survey and its settings. */
export interface Survey {
  id: number;
  tenantId: number;
  spaceId: number;
  title: string;
  description: string | null;
  kind: SurveyKind;
  audienceRoles: AudienceRole[];
  audienceCoaching: CoachingFilter;
  /** First and last day answers are accepted (YYYY-MM-DD, UTC), or null. */
  opensOn: string | null;
  closesOn: string | null;
  anonymous: boolean;
  editUntilClose: boolean;
  status: 'draft' | 'published';
  templateKey: string | null;
  createdBy: number | null;
  resourceLinkId: string | null;
  lineItemUrl: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
}

/** A question of a survey. */
export interface Question {
  id: number;
  surveyId: number;
  position: number;
  kind: QuestionKind;
  prompt: string;
  help: string | null;
  required: boolean;
  options: string[];
  min: number | null;
  max: number | null;
  compareKey: string | null;
}

type DateValue = Date | string;
export interface SurveyRow {
  id: number; tenant_id: number; space_id: number; title: string; description: string | null; kind: string; audience_roles: string; audience_coaching: string;
  opens_on: string | null; closes_on: string | null; anonymous: number | boolean; edit_until_close: number | boolean; status: string; template_key: string | null;
  created_by: number | null; resource_link_id: string | null; lineitem_url: string | null; published_at: DateValue | null; updated_at: DateValue;
}

const bool = (v: number | boolean | string) => Boolean(Number(v));
const num = (v: number | string | null) => (v === null || v === undefined ? null : Number(v));

/** Converts a database row (either dialect) into a survey. */
export function toSurvey(r: SurveyRow): Survey {
  return {
    id: Number(r.id), tenantId: Number(r.tenant_id), spaceId: Number(r.space_id), title: r.title, description: r.description, kind: r.kind as SurveyKind,
    audienceRoles: JSON.parse(r.audience_roles) as AudienceRole[], audienceCoaching: r.audience_coaching as CoachingFilter, opensOn: r.opens_on, closesOn: r.closes_on,
    anonymous: bool(r.anonymous), editUntilClose: bool(r.edit_until_close), status: r.status === 'published' ? 'published' : 'draft', templateKey: r.template_key,
    createdBy: num(r.created_by), resourceLinkId: r.resource_link_id, lineItemUrl: r.lineitem_url,
    publishedAt: r.published_at === null ? null : storedDate(r.published_at), updatedAt: storedDate(r.updated_at),
  };
}

interface QuestionRow {
  id: number; survey_id: number; position: number; kind: string; prompt: string; help: string | null; required: number | boolean; options: string | null;
  min_value: number | string | null; max_value: number | string | null; compare_key: string | null;
}

function toQuestion(r: QuestionRow): Question {
  return {
    id: Number(r.id), surveyId: Number(r.survey_id), position: Number(r.position), kind: r.kind as QuestionKind, prompt: r.prompt, help: r.help, required: bool(r.required),
    options: r.options ? (JSON.parse(r.options) as string[]) : [], min: num(r.min_value), max: num(r.max_value), compareKey: r.compare_key,
  };
}

/** The survey with this id in this space, or undefined. */
export async function findSurvey(sequelize: Sequelize, spaceId: number, surveyId: number, transaction?: Transaction): Promise<Survey | undefined> {
  const rows = await sequelize.query<SurveyRow>('SELECT * FROM surveys WHERE id = ? AND space_id = ?', { replacements: [surveyId, spaceId], type: QueryTypes.SELECT, transaction });
  return rows[0] ? toSurvey(rows[0]) : undefined;
}

/** A survey's questions in order. */
export async function questionsOf(sequelize: Sequelize, surveyId: number, transaction?: Transaction): Promise<Question[]> {
  const rows = await sequelize.query<QuestionRow>('SELECT * FROM survey_questions WHERE survey_id = ? ORDER BY position, id', { replacements: [surveyId], type: QueryTypes.SELECT, transaction });
  return rows.map(toQuestion);
}

/** Whether anyone has submitted the survey (its questions are then fixed). */
export async function hasResponses(sequelize: Sequelize, surveyId: number, transaction?: Transaction): Promise<boolean> {
  const rows = await sequelize.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM survey_completions WHERE survey_id = ?', { replacements: [surveyId], type: QueryTypes.SELECT, transaction });
  return Number(rows[0]?.n ?? 0) > 0;
}

/** A survey with the actor's abilities on it. */
export interface AuthorizedSurvey {
  survey: Survey;
  can: SurveyAbilities;
  /** Whether the actor (a teacher) counts as coached in this space; undefined for others. */
  coached?: boolean;
}

/** Loads a survey of the actor's space with the actor's abilities on it; 404 when it is missing or not theirs to know of. */
export async function surveyFor(sequelize: Sequelize, actor: Actor, surveyId: number, transaction?: Transaction): Promise<AuthorizedSurvey> {
  if (!actor.space) throw notFound('survey');
  const survey = await findSurvey(sequelize, actor.space.id, surveyId, transaction);
  if (!survey) throw notFound('survey');
  const needsCoaching = actor.role === 'teacher' && survey.audienceCoaching !== 'all';
  const coached = needsCoaching ? await isCoached(sequelize, actor.space.id, actor.person.id, transaction) : undefined;
  const can = surveyAbilities(actor, survey, coached);
  if (!can.know) throw notFound('survey');
  return { survey, can, ...(coached !== undefined ? { coached } : {}) };
}

/**
 * Loads a survey of the actor's space and checks the actor may do `action` with it. Throws 404
 * when it is missing or not the actor's to know of, 403 (with the reason) when they know of it but
 * may not do this, 409 when a builder tries to answer a draft.
 */
export async function loadSurveyFor(sequelize: Sequelize, actor: Actor, surveyId: number, action: SurveyAction, transaction?: Transaction): Promise<AuthorizedSurvey> {
  const found = await surveyFor(sequelize, actor, surveyId, transaction);
  const { survey, can } = found;
  if (can[action]) return found;
  if (action === 'respond' && survey.status === 'draft') {
    throw new HttpError(409, 'This survey is still a draft', 'Nobody can answer this survey until it is published. Use Preview to see it as respondents will.', 'SURVEY_DRAFT');
  }
  throw forbidden(refusalFor(action, survey, actor));
}
