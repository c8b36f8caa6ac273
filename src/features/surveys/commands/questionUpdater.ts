/** The survey's builder rewrites one question (refused once people have answered). */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, notFound } from '../../../auth/httpError';
import { firstIssue, questionList, type QuestionDefinition } from '../schema';
import { loadSurveyFor, questionsOf } from '../surveyRecords';
import { assertQuestionsEditable, questionColumns } from './builderGuards';
import { definitionOf } from './questionAdder';
import { surveyTransaction } from './writeQueue';

export interface QuestionUpdateProps {
  /** A builder of the survey. */
  actor: Actor;
  surveyId: number;
  questionId: number;
  /** The new definition, already checked on its own. */
  question: QuestionDefinition;
}

/** Replaces the question's definition, keeping its place. */
export async function updateQuestion(sequelize: Sequelize, props: QuestionUpdateProps, now = new Date()): Promise<void> {
  await surveyTransaction(sequelize, async (transaction) => {
    const { survey } = await loadSurveyFor(sequelize, props.actor, props.surveyId, 'edit', transaction);
    const existing = await questionsOf(sequelize, survey.id, transaction);
    if (!existing.some((q) => q.id === props.questionId)) throw notFound('question');
    await assertQuestionsEditable(sequelize, survey.id, transaction);
    const all = questionList.safeParse(existing.map((q) => (q.id === props.questionId ? props.question : definitionOf(q))));
    if (!all.success) throw badRequest(firstIssue(all.error), 'BAD_QUESTION');
    const cols = questionColumns(props.question);
    await sequelize.query(
      'UPDATE survey_questions SET kind = ?, prompt = ?, help = ?, required = ?, options = ?, min_value = ?, max_value = ?, compare_key = ?, updated_at = ? WHERE id = ? AND survey_id = ?',
      { replacements: [cols.kind, cols.prompt, cols.help, cols.required, cols.options, cols.min_value, cols.max_value, cols.compare_key, now, props.questionId, survey.id], type: QueryTypes.UPDATE, transaction },
    );
  });
}
