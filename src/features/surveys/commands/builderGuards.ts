/** Shared by the builder commands: the refusal to change questions people have already answered. */
import type { Sequelize, Transaction } from 'sequelize';
import { HttpError } from '../../../auth/httpError';
import { hasResponses } from '../surveyRecords';

/** 409 once anyone has submitted: their answers would no longer match the questions. */
export async function assertQuestionsEditable(sequelize: Sequelize, surveyId: number, transaction: Transaction): Promise<void> {
  if (await hasResponses(sequelize, surveyId, transaction)) {
    throw new HttpError(409, 'People have already answered this survey',
      'Its questions can no longer change: the answers already given would stop matching them. You can still change the title, introduction and dates. To ask different questions, create a new survey.',
      'SURVEY_ANSWERED');
  }
}

/** Question columns from a definition. */
export function questionColumns(q: { kind: string; prompt: string; help?: string | undefined; required: boolean; options?: string[] | undefined; min?: number | undefined; max?: number | undefined; compareKey?: string | undefined }) {
  return {
    kind: q.kind, prompt: q.prompt, help: q.help ?? null, required: q.required, options: q.options ? JSON.stringify(q.options) : null,
    min_value: q.min ?? null, max_value: q.max ?? null, compare_key: q.compareKey ?? null,
  };
}
