/**
 * Who a survey is for, in numbers: whether a teacher counts as coached in a space (an active
 * coaching assignment or a cycle there), and how many people each audience group has (the
 * denominator of response rates).
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { AudienceRole, CoachingGroup } from './catalog';

const COACHED_SQL =
  '(EXISTS (SELECT 1 FROM coaching_assignments a WHERE a.space_id = ? AND a.teacher_person_id = {p} AND a.active = 1)' +
  ' OR EXISTS (SELECT 1 FROM cycles c WHERE c.space_id = ? AND c.teacher_person_id = {p}))';

/** Whether the teacher has an active coaching assignment or a cycle in the space. */
export async function isCoached(sequelize: Sequelize, spaceId: number, personId: number, transaction?: Transaction): Promise<boolean> {
  const [row] = await sequelize.query<{ coached: number | string }>(
    `SELECT CASE WHEN ${COACHED_SQL.replaceAll('{p}', '?')} THEN 1 ELSE 0 END AS coached`,
    { replacements: [spaceId, personId, spaceId, personId], type: QueryTypes.SELECT, transaction },
  );
  return Number(row?.coached) === 1;
}

/** An audience group: a role, and for teachers coached or not. */
export interface AudienceGroup {
  role: AudienceRole;
  coaching: CoachingGroup | null;
  /** Active members of the space in the group. */
  people: number;
  /** Of them, how many completed the survey. */
  completed: number;
}

/** Active members per audience role (teachers split coached / not coached), with how many completed the survey. */
export async function audienceGroups(sequelize: Sequelize, spaceId: number, surveyId: number, roles: readonly AudienceRole[]): Promise<AudienceGroup[]> {
  if (!roles.length) return [];
  const rows = await sequelize.query<{ role: string; coached: number | string; people: number | string; completed: number | string }>(
    `SELECT g.role, g.coached, COUNT(*) AS people, SUM(g.done) AS completed FROM (
       SELECT m.role,
              CASE WHEN m.role = 'teacher' AND ${COACHED_SQL.replaceAll('{p}', 'm.person_id')} THEN 1 ELSE 0 END AS coached,
              CASE WHEN EXISTS (SELECT 1 FROM survey_completions sc WHERE sc.survey_id = ? AND sc.person_id = m.person_id) THEN 1 ELSE 0 END AS done
         FROM memberships m WHERE m.space_id = ? AND m.status = 'active' AND m.role IN (${roles.map(() => '?').join(', ')})
     ) g GROUP BY g.role, g.coached`,
    { replacements: [spaceId, spaceId, surveyId, spaceId, ...roles], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    role: r.role as AudienceRole,
    coaching: r.role === 'teacher' ? (Number(r.coached) === 1 ? 'coached' : 'not_coached') : null,
    people: Number(r.people),
    completed: Number(r.completed ?? 0),
  }));
}
