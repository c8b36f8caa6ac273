/** The survey's builder deletes a draft (published surveys stay: people may have them in their course). */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { HttpError } from '../../../auth/httpError';
import { loadSurveyFor } from '../surveyRecords';
import { surveyTransaction } from './writeQueue';

export interface SurveyDeleteProps {
  /** A builder of the survey. */
  actor: Actor;
  surveyId: number;
}

/** Deletes the draft and its questions. */
export async function deleteSurvey(sequelize: Sequelize, props: SurveyDeleteProps): Promise<void> {
  await surveyTransaction(sequelize, async (transaction) => {
    const { survey } = await loadSurveyFor(sequelize, props.actor, props.surveyId, 'edit', transaction);
    if (survey.status !== 'draft') throw new HttpError(409, 'Published surveys stay', 'Only a draft can be deleted. A published survey may be linked from the course and answered already; set its closing date to end it.', 'SURVEY_PUBLISHED');
    await sequelize.query('DELETE FROM survey_questions WHERE survey_id = ?', { replacements: [survey.id], type: QueryTypes.DELETE, transaction });
    await sequelize.query('DELETE FROM survey_drafts WHERE survey_id = ?', { replacements: [survey.id], type: QueryTypes.DELETE, transaction });
    await sequelize.query("DELETE FROM surveys WHERE id = ? AND status = 'draft'", { replacements: [survey.id], type: QueryTypes.DELETE, transaction });
  });
}
