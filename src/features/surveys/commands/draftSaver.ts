/** A respondent saves their answers to come back to later (only they ever see a draft). */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { upsertRow } from '../../../db/upsert';
import type { Answers } from '../schema';
import { loadSurveyFor } from '../surveyRecords';
import { alreadySubmitted, assertOpen } from './respondGuards';
import { completionOf } from './responseSubmitter';
import { surveyTransaction } from './writeQueue';

export interface DraftSaveProps {
  /** Someone in the survey's audience. */
  actor: Actor;
  surveyId: number;
  /** Well-formed answers, keyed by question id (required ones may be missing). */
  answers: Answers;
}

/** Keeps the answers as the respondent's draft; refused when the survey is not open or they already submitted. */
export async function saveDraft(sequelize: Sequelize, props: DraftSaveProps, now = new Date()): Promise<void> {
  await surveyTransaction(sequelize, async (transaction) => {
    const { survey } = await loadSurveyFor(sequelize, props.actor, props.surveyId, 'respond', transaction);
    assertOpen(survey, now);
    if (await completionOf(sequelize, survey.id, props.actor.person.id, transaction)) throw alreadySubmitted();
    await upsertRow(sequelize, {
      table: 'survey_drafts',
      values: { survey_id: survey.id, person_id: props.actor.person.id, answers: JSON.stringify(props.answers), saved_at: now },
      conflictKeys: ['survey_id', 'person_id'],
      updateColumns: ['answers', 'saved_at'],
      transaction,
    });
  });
}
