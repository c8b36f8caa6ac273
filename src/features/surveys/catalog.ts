/**
 * The words and rules of surveys: kinds, question kinds, audiences, the agreement scale, the
 * survey window and the week responses are filed under. No database here.
 */
import type { CoachRole } from '../../auth/roles';

export const SURVEY_KINDS = ['boy', 'eoy', 'snapshot', 'post_cycle', 'custom'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const KIND_LABELS: Record<SurveyKind, string> = {
  boy: 'Beginning of year', eoy: 'End of year', snapshot: 'Snapshot (short pulse)', post_cycle: 'After a coaching cycle', custom: 'Custom',
};

export const QUESTION_KINDS = ['likert5', 'single', 'multiple', 'number', 'short_text', 'long_text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  likert5: 'Agreement (5 points)', single: 'Single choice', multiple: 'Multiple choice', number: 'Number', short_text: 'Short text', long_text: 'Long text',
};
/** Question kinds whose answers are free text (shown only in aggregate-safe form). */
export const TEXT_KINDS: readonly QuestionKind[] = ['short_text', 'long_text'];
export const CHOICE_KINDS: readonly QuestionKind[] = ['single', 'multiple'];

/** The 5-point agreement scale, answer 1 to 5. */
export const LIKERT_LABELS = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'] as const;

/** Roles a survey can be meant for. Mentors and guests answer no surveys. */
export const AUDIENCE_ROLES = ['teacher', 'coach', 'admin'] as const;
export type AudienceRole = (typeof AUDIENCE_ROLES)[number];
export const AUDIENCE_ROLE_LABELS: Record<AudienceRole, string> = { teacher: 'Teachers', coach: 'Coaches', admin: 'Program admins and principals' };

export const COACHING_FILTERS = ['all', 'coached', 'not_coached'] as const;
export type CoachingFilter = (typeof COACHING_FILTERS)[number];
export const COACHING_FILTER_LABELS: Record<CoachingFilter, string> = { all: 'all teachers', coached: 'teachers being coached', not_coached: 'teachers not being coached' };

export type CoachingGroup = 'coached' | 'not_coached';
export const COACHING_GROUP_LABELS: Record<CoachingGroup, string> = { coached: 'Coached teachers', not_coached: 'Teachers not coached' };

export const MAX_QUESTIONS = 60;
export const MAX_OPTIONS = 15;
export const SHORT_TEXT_MAX = 300;
export const LONG_TEXT_MAX = 5000;

/** Whether the role is one a survey can be meant for. */
export function isAudienceRole(role: CoachRole): role is AudienceRole {
  return (AUDIENCE_ROLES as readonly string[]).includes(role);
}

/** Plain words for an audience: "Teachers being coached and Coaches". */
export function audienceText(roles: readonly AudienceRole[], coaching: CoachingFilter): string {
  const parts = roles.map((r) => (r === 'teacher' && coaching !== 'all' ? `Teachers ${coaching === 'coached' ? 'being coached' : 'not being coached'}` : AUDIENCE_ROLE_LABELS[r]));
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0] ?? 'Nobody';
}

export type WindowState = 'upcoming' | 'open' | 'closed';

/** Today as YYYY-MM-DD (UTC: survey dates are calendar days in UTC). */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether answers are accepted on this day: from opens_on through closes_on, inclusive. */
export function windowState(window: { opensOn: string | null; closesOn: string | null }, now = new Date()): WindowState {
  const day = today(now);
  if (window.opensOn && day < window.opensOn) return 'upcoming';
  if (window.closesOn && day > window.closesOn) return 'closed';
  return 'open';
}

/** The ISO week of a moment, e.g. 2026-W47: all a response keeps of when it was given. */
export function isoWeek(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The gradebook's key for a survey: one LMS line item per survey (and space). */
export function resourceKeyOf(surveyId: number): string {
  return `survey:${surveyId}`;
}

/** The outbox source type of survey completion credit. */
export const GRADE_SOURCE = 'survey';

/** Completion credit: 1 out of 1, never a rating. */
export const COMPLETION_MAXIMUM = 1;
