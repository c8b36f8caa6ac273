/**
 * Reads behind the results pages: a survey's responses (answers and group labels only: the
 * responses table has nothing else), and the surveys of the space it can be compared with.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import type { CoachingGroup } from './catalog';
import type { ResponseData } from './results';
import type { Answer } from './schema';
import { toSurvey, type Survey, type SurveyRow } from './surveyRecords';

/** Every response of a survey. */
export async function responsesOf(sequelize: Sequelize, surveyId: number): Promise<ResponseData[]> {
  const rows = await sequelize.query<{ role_group: string; coaching_group: string | null; answers: string }>(
    'SELECT role_group, coaching_group, answers FROM survey_responses WHERE survey_id = ?',
    { replacements: [surveyId], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    roleGroup: r.role_group,
    coachingGroup: r.coaching_group === 'coached' || r.coaching_group === 'not_coached' ? (r.coaching_group as CoachingGroup) : null,
    answers: JSON.parse(r.answers) as Record<string, Answer>,
  }));
}

/**
 * Other published surveys of the space whose results the actor may read and that share at least
 * one compare_key with `survey`, newest first (an end-of-year survey lists its beginning-of-year
 * counterparts, and the other way round).
 */
export async function comparableSurveys(sequelize: Sequelize, actor: Actor, survey: Survey): Promise<Survey[]> {
  const mine = actor.role === 'coach';
  const rows = await sequelize.query<SurveyRow>(
    `SELECT * FROM surveys s WHERE s.space_id = ? AND s.id <> ? AND s.status = 'published'${mine ? ' AND s.created_by = ?' : ''}
        AND EXISTS (SELECT 1 FROM survey_questions a JOIN survey_questions b ON b.compare_key = a.compare_key AND b.kind = a.kind
                     WHERE a.survey_id = s.id AND b.survey_id = ? AND a.compare_key IS NOT NULL)
      ORDER BY s.id DESC`,
    { replacements: [survey.spaceId, survey.id, ...(mine ? [actor.person.id] : []), survey.id], type: QueryTypes.SELECT },
  );
  return rows.map(toSurvey);
}
