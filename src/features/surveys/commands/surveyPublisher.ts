/** The survey's builder publishes a draft: from then on its audience sees it (within its window). */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, HttpError } from '../../../auth/httpError';
import { firstIssue, surveyDefinition } from '../schema';
import { loadSurveyFor, questionsOf } from '../surveyRecords';
import { definitionOf } from './questionAdder';
import { surveyTransaction } from './writeQueue';

export interface SurveyPublishProps {
  /** A builder of the survey. */
  actor: Actor;
  surveyId: number;
}

/** Checks the whole definition once more and publishes; 400 naming what is missing. */
export async function publishSurvey(sequelize: Sequelize, props: SurveyPublishProps, now = new Date()): Promise<void> {
  await surveyTransaction(sequelize, async (transaction) => {
    const { survey } = await loadSurveyFor(sequelize, props.actor, props.surveyId, 'edit', transaction);
    if (survey.status === 'published') throw new HttpError(409, 'Already published', 'This survey is already published.', 'SURVEY_PUBLISHED');
    const questions = await questionsOf(sequelize, survey.id, transaction);
    if (!questions.length) throw badRequest('Add at least one question before publishing.', 'NO_QUESTIONS');
    const checked = surveyDefinition.safeParse({
      title: survey.title, ...(survey.description ? { description: survey.description } : {}), kind: survey.kind, audienceRoles: survey.audienceRoles,
      audienceCoaching: survey.audienceCoaching, anonymous: survey.anonymous, editUntilClose: survey.editUntilClose,
      ...(survey.opensOn ? { opensOn: survey.opensOn } : {}), ...(survey.closesOn ? { closesOn: survey.closesOn } : {}), questions: questions.map(definitionOf),
    });
    if (!checked.success) throw badRequest(firstIssue(checked.error), 'BAD_SURVEY');
    await sequelize.query("UPDATE surveys SET status = 'published', published_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'", { replacements: [now, now, survey.id], type: QueryTypes.UPDATE, transaction });
  });
}
