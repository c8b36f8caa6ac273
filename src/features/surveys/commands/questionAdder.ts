/** The survey's builder adds a question at the end (refused once people have answered, or past the most questions a survey holds). */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { firstIssue, questionList, type QuestionDefinition } from '../schema';
import { loadSurveyFor, questionsOf, type Question } from '../surveyRecords';
import { assertQuestionsEditable, questionColumns } from './builderGuards';
import { surveyTransaction } from './writeQueue';

export interface QuestionAddProps {
  /** A builder of the survey. */
  actor: Actor;
  surveyId: number;
  /** The question, already checked on its own (schema.ts questionInput). */
  question: QuestionDefinition;
}

/** A stored question as a definition, to check the whole list again. */
export function definitionOf(q: Question): QuestionDefinition {
  return {
    kind: q.kind, prompt: q.prompt, required: q.required, ...(q.help ? { help: q.help } : {}), ...(q.options.length ? { options: q.options } : {}),
    ...(q.min !== null ? { min: q.min } : {}), ...(q.max !== null ? { max: q.max } : {}), ...(q.compareKey ? { compareKey: q.compareKey } : {}),
  };
}

/** Adds the question; returns its id. */
export async function addQuestion(sequelize: Sequelize, props: QuestionAddProps, now = new Date()): Promise<number> {
  return surveyTransaction(sequelize, async (transaction) => {
    const { survey } = await loadSurveyFor(sequelize, props.actor, props.surveyId, 'edit', transaction);
    await assertQuestionsEditable(sequelize, survey.id, transaction);
    const existing = await questionsOf(sequelize, survey.id, transaction);
    const all = questionList.safeParse([...existing.map(definitionOf), props.question]);
    if (!all.success) throw badRequest(firstIssue(all.error), 'BAD_QUESTION');
    const position = existing.reduce((max, q) => Math.max(max, q.position), 0) + 1;
    return insertRow(sequelize, 'survey_questions', { survey_id: survey.id, position, ...questionColumns(props.question), created_at: now, updated_at: now }, transaction);
  });
}
