/**
 * What the Deep Linking picker (src/features/placement) needs from surveys: the surveys an actor
 * may place in their course, where a launch of a placed survey link goes, and recording the
 * resource link and line item the LMS made for it (so completion credit lands in that column).
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { resourceKeyOf } from './catalog';
import { queueCompletionCredit } from './commands/responseSubmitter';
import { findSurvey } from './surveyRecords';
import { surveyTransaction } from './commands/writeQueue';

/** A survey the picker lists. */
export interface PlaceableSurvey {
  id: number;
  title: string;
  description: string;
  /** The questions as respondents read them, in order ("1. … (agree–disagree)"). */
  preview: string[];
}

const KIND_HINTS: Record<string, string> = {
  likert5: 'agree–disagree', single: 'one choice', multiple: 'several choices', number: 'a number', short_text: 'short text', long_text: 'long text',
};

/**
 * Published surveys of the actor's course that they may place: every one for a program admin,
 * their own for a coach, none for anyone else. Newest first.
 */
export async function listPlaceableSurveys(sequelize: Sequelize, actor: Actor): Promise<PlaceableSurvey[]> {
  if (!actor.space || (actor.role !== 'admin' && actor.role !== 'coach')) return [];
  const mine = actor.role === 'coach';
  const surveys = await sequelize.query<{ id: number; title: string; description: string | null }>(
    `SELECT id, title, description FROM surveys WHERE space_id = ? AND status = 'published'${mine ? ' AND created_by = ?' : ''} ORDER BY id DESC`,
    { replacements: mine ? [actor.space.id, actor.person.id] : [actor.space.id], type: QueryTypes.SELECT },
  );
  if (!surveys.length) return [];
  const questions = await sequelize.query<{ survey_id: number; prompt: string; kind: string; required: number | boolean }>(
    `SELECT survey_id, prompt, kind, required FROM survey_questions WHERE survey_id IN (${surveys.map(() => '?').join(', ')}) ORDER BY survey_id, position, id`,
    { replacements: surveys.map((s) => s.id), type: QueryTypes.SELECT },
  );
  return surveys.map((s) => ({
    id: Number(s.id),
    title: s.title,
    description: s.description ?? '',
    preview: questions.filter((q) => Number(q.survey_id) === Number(s.id))
      .map((q, i) => `${i + 1}. ${q.prompt} (${KIND_HINTS[q.kind] ?? q.kind}${Number(q.required) ? '' : ', optional'})`),
  }));
}

/**
 * Where a launch of a placed survey link (custom coachloop_task=survey:<id>) sends the person,
 * without the ltik: the survey's page, which opens the form for a respondent and the builder or
 * results for its author and admins.
 */
export function surveyPathFor(surveyId: number): string {
  return `/app/surveys/${surveyId}`;
}

/** The placed link and line item of a survey, as the launch of the placed link carries them. */
export interface SurveyPlacement {
  /** The course (space) the launch came from: only a survey of that course is touched. */
  spaceId: number;
  /** The LMS resource link id of the placed link. */
  resourceLinkId: string;
  /** The line item the LMS made for the link (the launch's AGS claim), when it made one. */
  lineItemUrl?: string | undefined;
}

/**
 * Ties a survey to its placed link (first link wins) and to its line item, so completion credit
 * goes to that column; teachers who completed the survey before it was placed get their credit
 * queued then. Idempotent: call it on every launch of the placed link. Returns false when the
 * survey is not in that course or is tied to another link (it still opens; credit goes to the
 * first link's column).
 */
export async function attachPlacement(sequelize: Sequelize, surveyId: number, placement: SurveyPlacement, now = new Date()): Promise<boolean> {
  const survey = await findSurvey(sequelize, placement.spaceId, surveyId);
  if (!survey) return false;
  if (survey.resourceLinkId !== null && survey.resourceLinkId !== placement.resourceLinkId) return false;
  const newLink = survey.resourceLinkId === null;
  const newLineItem = survey.lineItemUrl === null && Boolean(placement.lineItemUrl);
  if (!newLink && !newLineItem) return true;
  await surveyTransaction(sequelize, async (transaction) => {
    if (newLink) {
      await sequelize.query('UPDATE surveys SET resource_link_id = ?, updated_at = ? WHERE id = ? AND resource_link_id IS NULL', {
        replacements: [placement.resourceLinkId, now, surveyId], type: QueryTypes.UPDATE, transaction,
      });
    }
    if (newLineItem) {
      await sequelize.query('UPDATE surveys SET lineitem_url = ?, updated_at = ? WHERE id = ? AND lineitem_url IS NULL', {
        replacements: [placement.lineItemUrl, now, surveyId], type: QueryTypes.UPDATE, transaction,
      });
    }
    const placed = (await findSurvey(sequelize, placement.spaceId, surveyId, transaction))!;
    // Teachers who completed it before it was placed, and have no credit queued for it yet.
    const earlier = await sequelize.query<{ id: number; person_id: number }>(
      `SELECT c.id, c.person_id FROM survey_completions c
         JOIN memberships m ON m.person_id = c.person_id AND m.space_id = ? AND m.role = 'teacher' AND m.status = 'active'
        WHERE c.survey_id = ? AND NOT EXISTS (SELECT 1 FROM grade_outbox o WHERE o.space_id = ? AND o.resource_key = ? AND o.person_id = c.person_id)`,
      { replacements: [placement.spaceId, surveyId, placement.spaceId, resourceKeyOf(surveyId)], type: QueryTypes.SELECT, transaction },
    );
    for (const c of earlier) await queueCompletionCredit(sequelize, transaction, placed, { personId: Number(c.person_id), completionId: Number(c.id) }, now);
  });
  return true;
}
