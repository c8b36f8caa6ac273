/**
 * A respondent submits their answers. In one transaction: the completion (who, which day: for
 * "done" and credit), the response (answers and coarse group labels, under a random id, with the
 * week only), the owner link for a named survey, the draft deleted, and — for a teacher, when the
 * survey is placed in the course — completion credit queued for the LMS gradebook.
 *
 * One response per person: the completion's unique key makes a second submission (even a
 * simultaneous one) a 409, and the first response is kept. A named survey that may be edited
 * until it closes updates the person's response instead.
 */
import crypto from 'node:crypto';
import { QueryTypes, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { insertRow } from '../../../db/insert';
import { enqueueGrade } from '../../grades/gradeOutbox';
import { COMPLETION_MAXIMUM, GRADE_SOURCE, isoWeek, resourceKeyOf, today } from '../catalog';
import type { Answers } from '../schema';
import { isCoached } from '../audienceQueries';
import { loadSurveyFor, type Survey } from '../surveyRecords';
import { alreadySubmitted, assertOpen } from './respondGuards';
import { surveyTransaction } from './writeQueue';

export interface ResponseSubmitProps {
  /** Someone in the survey's audience. */
  actor: Actor;
  surveyId: number;
  /** Checked answers, keyed by question id (every required question answered). */
  answers: Answers;
}

export interface SubmitResult {
  /** submitted: a new response; updated: a named, editable response changed. */
  outcome: 'submitted' | 'updated';
  /** The completion credit queued (a teacher, survey placed in the course); its source is { type: 'survey', id: the completion's id }. */
  outboxId?: number;
}

/** The person's completion of the survey, if any. */
export async function completionOf(sequelize: Sequelize, surveyId: number, personId: number, transaction?: Transaction): Promise<{ id: number; completedOn: string } | undefined> {
  const rows = await sequelize.query<{ id: number; completed_on: string }>('SELECT id, completed_on FROM survey_completions WHERE survey_id = ? AND person_id = ?', {
    replacements: [surveyId, personId], type: QueryTypes.SELECT, transaction,
  });
  return rows[0] ? { id: Number(rows[0].id), completedOn: rows[0].completed_on } : undefined;
}

/** Runs a transaction again when MariaDB picked it as a deadlock victim (it was rolled back whole). */
async function retryDeadlock<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { parent?: { code?: string } }).parent?.code;
      if (attempt >= attempts || code !== 'ER_LOCK_DEADLOCK') throw err;
    }
  }
}

/** Stores the response; see the file comment for what is written. */
export async function submitResponse(sequelize: Sequelize, props: ResponseSubmitProps, now = new Date()): Promise<SubmitResult> {
  const { actor } = props;
  try {
    return await retryDeadlock(() => surveyTransaction(sequelize, async (transaction) => {
      const { survey } = await loadSurveyFor(sequelize, actor, props.surveyId, 'respond', transaction);
      assertOpen(survey, now);
      const personId = actor.person.id;
      const answers = JSON.stringify(props.answers);
      if (await completionOf(sequelize, survey.id, personId, transaction)) {
        if (!survey.editUntilClose || survey.anonymous) throw alreadySubmitted();
        await sequelize.query(
          'UPDATE survey_responses SET answers = ?, period = ? WHERE id = (SELECT response_id FROM survey_response_owners WHERE survey_id = ? AND person_id = ?)',
          { replacements: [answers, isoWeek(now), survey.id, personId], type: QueryTypes.UPDATE, transaction },
        );
        return { outcome: 'updated' };
      }
      const completionId = await insertRow(sequelize, 'survey_completions', { survey_id: survey.id, person_id: personId, completed_on: today(now) }, transaction);
      const responseId = crypto.randomUUID();
      const coaching = actor.role === 'teacher' ? ((await isCoached(sequelize, survey.spaceId, personId, transaction)) ? 'coached' : 'not_coached') : null;
      await sequelize.query('INSERT INTO survey_responses (id, survey_id, period, role_group, coaching_group, answers) VALUES (?, ?, ?, ?, ?, ?)', {
        replacements: [responseId, survey.id, isoWeek(now), actor.role, coaching, answers], type: QueryTypes.INSERT, transaction,
      });
      if (!survey.anonymous) await insertRow(sequelize, 'survey_response_owners', { response_id: responseId, survey_id: survey.id, person_id: personId }, transaction);
      // Deleted by id after a plain read: a DELETE by key that finds nothing would take a gap lock on MariaDB.
      const [draft] = await sequelize.query<{ id: number }>('SELECT id FROM survey_drafts WHERE survey_id = ? AND person_id = ?', { replacements: [survey.id, personId], type: QueryTypes.SELECT, transaction });
      if (draft) await sequelize.query('DELETE FROM survey_drafts WHERE id = ?', { replacements: [draft.id], type: QueryTypes.DELETE, transaction });
      const outboxId = actor.role === 'teacher' ? await queueCompletionCredit(sequelize, transaction, survey, { personId, completionId }, now) : undefined;
      return { outcome: 'submitted' as const, ...(outboxId !== undefined ? { outboxId } : {}) };
    }));
  } catch (err) {
    // A simultaneous second submission lost the race on the completion's unique key.
    if (err instanceof UniqueConstraintError) throw alreadySubmitted();
    throw err;
  }
}

/**
 * Queues 1/1 Completed/FullyGraded for the person when the survey is placed in the course (it has
 * a resource link or a line item); a survey that is not placed has no gradebook column. Returns
 * the outbox row, or undefined when nothing was queued.
 */
export async function queueCompletionCredit(sequelize: Sequelize, transaction: Transaction, survey: Survey, completion: { personId: number; completionId: number }, now: Date): Promise<number | undefined> {
  const { personId } = completion;
  if (!survey.resourceLinkId && !survey.lineItemUrl) return undefined;
  const queued = await enqueueGrade(sequelize, transaction, {
    tenantId: survey.tenantId, spaceId: survey.spaceId, personId, resourceKey: resourceKeyOf(survey.id),
    lineItem: {
      label: survey.title, scoreMaximum: COMPLETION_MAXIMUM, tag: 'coachloop-survey',
      ...(survey.resourceLinkId ? { resourceLinkId: survey.resourceLinkId } : {}), ...(survey.lineItemUrl ? { url: survey.lineItemUrl } : {}),
    },
    scoreGiven: COMPLETION_MAXIMUM, scoreMaximum: COMPLETION_MAXIMUM, activityProgress: 'Completed', gradingProgress: 'FullyGraded',
    source: { type: GRADE_SOURCE, id: completion.completionId }, now,
  });
  return queued.outboxId;
}
