/**
 * Who may open a teacher's PD-credit summary, decided with the privacy wall ('pdCredit'): the
 * teacher, their assigned coach (checked in the database on every request) and the course's
 * program admins. Anyone else — another teacher, another coach — finds nothing (404), so not even
 * a teacher's membership leaks. Also the teachers a coach or an admin can pick from.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../auth/httpError';
import { personName } from '../coaching/coachingQueries';
import { audienceFor } from '../coaching/policies/audience';
import { sees, type Audience } from '../coaching/policies/privacyWall';

/** The teacher whose summary is opened, and who the actor is to them. */
export interface SummaryTarget {
  teacherId: number;
  teacherName: string;
  audience: Audience;
}

type NameRow = { name: string | null; given_name: string | null; family_name: string | null };

/** Loads the teacher and authorizes the actor in one call; 404 when the summary is not theirs to see. */
export async function loadSummaryTarget(sequelize: Sequelize, actor: Actor, teacherId: number): Promise<SummaryTarget> {
  if (!actor.space) throw notFound('summary');
  const [row] = await sequelize.query<NameRow>(
    `SELECT p.name, p.given_name, p.family_name FROM people p JOIN memberships m ON m.person_id = p.id AND m.space_id = ?
      WHERE p.id = ? AND p.tenant_id = ? AND m.role = 'teacher'`,
    { replacements: [actor.space.id, teacherId, actor.tenant.id], type: QueryTypes.SELECT },
  );
  if (!row) throw notFound('summary');
  const audience = await audienceFor(sequelize, actor, teacherId);
  if (!audience || !sees(audience, 'pdCredit')) throw notFound('summary');
  return { teacherId, teacherName: personName(row), audience };
}

/** The teachers whose summaries the actor may open: a coach's assigned teachers, or every teacher of the course for an admin. */
export async function summaryTeachers(sequelize: Sequelize, actor: Actor): Promise<Array<{ id: number; name: string }>> {
  if (!actor.space) return [];
  const rows = actor.role === 'coach'
    ? await sequelize.query<NameRow & { id: number }>(
      `SELECT p.id, p.name, p.given_name, p.family_name FROM coaching_assignments a JOIN people p ON p.id = a.teacher_person_id
        WHERE a.space_id = ? AND a.coach_person_id = ? AND a.active = 1`,
      { replacements: [actor.space.id, actor.person.id], type: QueryTypes.SELECT })
    : actor.role === 'admin'
      ? await sequelize.query<NameRow & { id: number }>(
        `SELECT p.id, p.name, p.given_name, p.family_name FROM memberships m JOIN people p ON p.id = m.person_id
          WHERE m.space_id = ? AND m.role = 'teacher' AND m.status = 'active'`,
        { replacements: [actor.space.id], type: QueryTypes.SELECT })
      : [];
  return rows.map((r) => ({ id: Number(r.id), name: personName(r) })).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}
