/** The survey's builder moves a question one place up or down (refused once people have answered). */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { notFound } from '../../../auth/httpError';
import { loadSurveyFor, questionsOf } from '../surveyRecords';
import { assertQuestionsEditable } from './builderGuards';
import { surveyTransaction } from './writeQueue';

export interface QuestionMoveProps {
  /** A builder of the survey. */
  actor: Actor;
  surveyId: number;
  questionId: number;
  direction: 'up' | 'down';
}

/** Swaps the question with its neighbour; moving the first up or the last down changes nothing. Returns whether it moved. */
export async function moveQuestion(sequelize: Sequelize, props: QuestionMoveProps, now = new Date()): Promise<boolean> {
  return surveyTransaction(sequelize, async (transaction) => {
    const { survey } = await loadSurveyFor(sequelize, props.actor, props.surveyId, 'edit', transaction);
    const questions = await questionsOf(sequelize, survey.id, transaction);
    const i = questions.findIndex((q) => q.id === props.questionId);
    if (i < 0) throw notFound('question');
    await assertQuestionsEditable(sequelize, survey.id, transaction);
    const j = props.direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= questions.length) return false;
    // Renumber 1..n in the new order (positions may have gaps after deletions).
    const order = questions.map((q) => q.id);
    [order[i], order[j]] = [order[j], order[i]];
    for (const [k, id] of order.entries()) {
      await sequelize.query('UPDATE survey_questions SET position = ?, updated_at = ? WHERE id = ? AND survey_id = ?', { replacements: [k + 1, now, id, survey.id], type: QueryTypes.UPDATE, transaction });
    }
    return true;
  });
}
