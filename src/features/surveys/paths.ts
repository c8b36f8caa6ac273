/** Where survey routes send people, with the session token and an optional notice. */
import type { Actor } from '../../auth/actor';
import { notFound } from '../../auth/httpError';
import { idParam } from './schema';

/** A CoachLoop path with the session token and, optionally, a notice to show. */
export function backTo(actor: Actor, path: string, notice?: string, anchor = ''): string {
  return `${path}?${new URLSearchParams({ ...(notice ? { notice } : {}), ltik: actor.ltik })}${anchor}`;
}

const surveyParam = idParam('surveyId');
const questionParam = idParam('questionId');

/** The survey id of the URL; anything but a positive whole number is "not found". */
export function surveyIdOf(params: unknown): number {
  const p = surveyParam.safeParse(params);
  if (!p.success) throw notFound('survey');
  return p.data.surveyId as number;
}

/** The question id of the URL; anything but a positive whole number is "not found". */
export function questionIdOf(params: unknown): number {
  const p = questionParam.safeParse(params);
  if (!p.success) throw notFound('question');
  return p.data.questionId as number;
}
