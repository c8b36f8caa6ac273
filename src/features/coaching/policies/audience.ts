/**
 * Who the actor is to a teacher's coaching record: the teacher, their assigned coach, another
 * coach, a mentor, an admin or another teacher. Assignment is checked in the database on every
 * call (never cached), so ending an assignment closes the record to the coach at once.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import type { Audience } from './privacyWall';

/** True when `coachId` is the active assigned coach of `teacherId` in the space. */
export async function isAssignedCoach(sequelize: Sequelize, spaceId: number, coachId: number, teacherId: number, transaction?: Transaction): Promise<boolean> {
  const rows = await sequelize.query<{ id: number }>(
    'SELECT id FROM coaching_assignments WHERE space_id = ? AND teacher_person_id = ? AND coach_person_id = ? AND active = 1',
    { replacements: [spaceId, teacherId, coachId], type: QueryTypes.SELECT, transaction },
  );
  return rows.length > 0;
}

/**
 * The actor's audience for a teacher's record in the actor's space, or undefined when the actor
 * has no coaching role here (no role, no space).
 */
export async function audienceFor(sequelize: Sequelize, actor: Actor, teacherId: number, transaction?: Transaction): Promise<Audience | undefined> {
  if (!actor.space) return undefined;
  if (actor.person.id === teacherId && actor.role === 'teacher') return 'teacher';
  switch (actor.role) {
    case 'coach':
      return (await isAssignedCoach(sequelize, actor.space.id, actor.person.id, teacherId, transaction)) ? 'coach' : 'otherCoach';
    case 'mentor': return 'mentor';
    case 'admin': return 'admin';
    case 'teacher': return 'otherTeacher';
    default: return undefined;
  }
}
