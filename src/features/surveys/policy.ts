/**
 * Survey policy: who may build, answer and read the results of a survey. Deny by default.
 * Builders are the space's program admins and the coach who made the survey; respondents are the
 * people of the survey's audience once it is published; results follow the builders, always
 * aggregated and suppressed below the minimum group size (results.ts).
 */
import type { Actor } from '../../auth/actor';
import { audienceText, isAudienceRole } from './catalog';
import type { Survey } from './surveyRecords';

export interface SurveyAbilities {
  /** May learn that the survey exists (a 403 rather than a 404). */
  know: boolean;
  /** Change settings and questions, publish, delete a draft. */
  edit: boolean;
  /** See it exactly as respondents will, without answering. */
  preview: boolean;
  /** Answer it (the audience, once published; the window is the command's business). */
  respond: boolean;
  /** Read aggregated results and export de-identified responses. */
  results: boolean;
}

export type SurveyAction = Exclude<keyof SurveyAbilities, 'know'>;

/** Whether the actor is in the survey's audience (`coached` is known for teachers when the audience depends on it). */
export function inAudience(actor: Actor, survey: Survey, coached: boolean | undefined): boolean {
  if (!isAudienceRole(actor.role) || !survey.audienceRoles.includes(actor.role)) return false;
  if (actor.role !== 'teacher' || survey.audienceCoaching === 'all') return true;
  return survey.audienceCoaching === 'coached' ? coached === true : coached === false;
}

/** The actor's abilities on a survey of their space. */
export function surveyAbilities(actor: Actor, survey: Survey, coached: boolean | undefined): SurveyAbilities {
  const builder = actor.role === 'admin' || (actor.role === 'coach' && survey.createdBy === actor.person.id);
  const published = survey.status === 'published';
  const audience = published && inAudience(actor, survey, coached);
  const roleInAudience = published && isAudienceRole(actor.role) && survey.audienceRoles.includes(actor.role);
  return { know: builder || roleInAudience, edit: builder, preview: builder, respond: audience, results: builder };
}

/** Why an action is refused to someone who knows of the survey (shown on the 403 page). */
export function refusalFor(action: SurveyAction, survey: Survey, actor: Actor): string {
  if (action === 'respond') {
    return `This survey is for ${audienceText(survey.audienceRoles, survey.audienceCoaching).toLowerCase()}${actor.role === 'admin' || actor.role === 'coach' ? '; you can preview it instead' : ''}.`;
  }
  return 'Only the person who made this survey and program admins can change it or read its results.';
}
