/** Reads behind the survey list: the space's surveys with what the actor needs to know about each. */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { storedDate } from '../../jobs/jobRows';
import { toSurvey, type Survey, type SurveyRow } from './surveyRecords';

/** A survey in a list, with its question count, completions and the actor's own state. */
export interface SurveyListItem {
  survey: Survey;
  questions: number;
  completions: number;
  /** The actor completed it. */
  done: boolean;
  /** The actor has a saved draft. */
  hasDraft: boolean;
}

/** Every survey of the actor's space, newest first, with counts and the actor's own state. */
export async function spaceSurveys(sequelize: Sequelize, actor: Actor): Promise<SurveyListItem[]> {
  if (!actor.space) return [];
  const rows = await sequelize.query<SurveyRow & { questions: number | string; completions: number | string; done: number | string; has_draft: number | string }>(
    `SELECT s.*,
            (SELECT COUNT(*) FROM survey_questions q WHERE q.survey_id = s.id) AS questions,
            (SELECT COUNT(*) FROM survey_completions c WHERE c.survey_id = s.id) AS completions,
            (SELECT COUNT(*) FROM survey_completions c WHERE c.survey_id = s.id AND c.person_id = ?) AS done,
            (SELECT COUNT(*) FROM survey_drafts d WHERE d.survey_id = s.id AND d.person_id = ?) AS has_draft
       FROM surveys s WHERE s.space_id = ? ORDER BY s.id DESC`,
    { replacements: [actor.person.id, actor.person.id, actor.space.id], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ survey: toSurvey(r), questions: Number(r.questions), completions: Number(r.completions), done: Number(r.done) > 0, hasDraft: Number(r.has_draft) > 0 }));
}

/** The actor's saved draft answers, or undefined. */
export async function draftOf(sequelize: Sequelize, surveyId: number, personId: number): Promise<{ answers: Record<string, unknown>; savedAt: Date } | undefined> {
  const rows = await sequelize.query<{ answers: string; saved_at: Date | string }>('SELECT answers, saved_at FROM survey_drafts WHERE survey_id = ? AND person_id = ?', {
    replacements: [surveyId, personId], type: QueryTypes.SELECT,
  });
  return rows[0] ? { answers: JSON.parse(rows[0].answers) as Record<string, unknown>, savedAt: storedDate(rows[0].saved_at) } : undefined;
}

/** The answers of the actor's own response to a NAMED survey (to change it until the survey closes), or undefined. */
export async function ownResponseOf(sequelize: Sequelize, surveyId: number, personId: number): Promise<Record<string, unknown> | undefined> {
  const rows = await sequelize.query<{ answers: string }>(
    'SELECT r.answers FROM survey_response_owners o JOIN survey_responses r ON r.id = o.response_id WHERE o.survey_id = ? AND o.person_id = ?',
    { replacements: [surveyId, personId], type: QueryTypes.SELECT },
  );
  return rows[0] ? (JSON.parse(rows[0].answers) as Record<string, unknown>) : undefined;
}
