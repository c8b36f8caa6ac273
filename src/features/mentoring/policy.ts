/**
 * Mentoring policy: a mentor reaches a coach (figures, notes) only while an admin has them paired;
 * anyone else — another mentor, a coach, an admin — finds nothing there (404, so a pairing's
 * existence does not leak). Mentor notes are read by their mentor and the coach they are about.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../auth/httpError';

/** The coach's id when the actor is a mentor actively paired with them; 404 otherwise. */
export async function loadMentoredCoach(sequelize: Sequelize, actor: Actor, coachId: number, transaction?: Transaction): Promise<number> {
  if (actor.role !== 'mentor') throw notFound('coach');
  const rows = await sequelize.query<{ id: number }>(
    'SELECT id FROM mentor_assignments WHERE tenant_id = ? AND mentor_person_id = ? AND coach_person_id = ? AND active = 1',
    { replacements: [actor.tenant.id, actor.person.id, coachId], type: QueryTypes.SELECT, transaction },
  );
  if (!rows.length) throw notFound('coach');
  return coachId;
}
