/** The survey's builder removes a question (refused once people have answered). */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { notFound } from '../../../auth/httpError';
import { loadSurveyFor, questionsOf } from '../surveyRecords';
import { assertQuestionsEditable } from './builderGuards';
import { surveyTransaction } from './writeQueue';

export interface QuestionRemoveProps {
  /** A builder of the survey. */
  actor: Actor;
  surveyId: number;
  questionId: number;
}

/** Deletes the question. */
export async function removeQuestion(sequelize: Sequelize, props: QuestionRemoveProps): Promise<void> {
  await surveyTransaction(sequelize, async (transaction) => {
    const { survey } = await loadSurveyFor(sequelize, props.actor, props.surveyId, 'edit', transaction);
    if (!(await questionsOf(sequelize, survey.id, transaction)).some((q) => q.id === props.questionId)) throw notFound('question');
    await assertQuestionsEditable(sequelize, survey.id, transaction);
    await sequelize.query('DELETE FROM survey_questions WHERE id = ? AND survey_id = ?', { replacements: [props.questionId, survey.id], type: QueryTypes.DELETE, transaction });
  });
}
