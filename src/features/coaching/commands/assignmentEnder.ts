/** An admin ends a coach assignment: the coach loses access to the teacher's record at once; the record is kept. */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { notFound } from '../../../auth/httpError';
import { recordAudit } from '../audit';

export interface AssignmentEndProps {
  /** An admin of the space. */
  actor: Actor;
  /** The assignment (must be in the actor's space). */
  assignmentId: number;
}

/** Ends an active assignment; ending one that already ended changes nothing. */
export async function endAssignment(sequelize: Sequelize, props: AssignmentEndProps, now = new Date()): Promise<void> {
  const { actor, assignmentId } = props;
  await sequelize.transaction(async (transaction) => {
    const rows = await sequelize.query<{ id: number; teacher_person_id: number; active: number | null }>(
      'SELECT id, teacher_person_id, active FROM coaching_assignments WHERE id = ? AND space_id = ?',
      { replacements: [assignmentId, actor.space!.id], type: QueryTypes.SELECT, transaction },
    );
    const a = rows[0];
    if (!a) throw notFound('assignment');
    if (a.active === null) return;
    await sequelize.query('UPDATE coaching_assignments SET active = NULL, ended_at = ?, updated_at = ? WHERE id = ?', { replacements: [now, now, a.id], transaction });
    await recordAudit(sequelize, transaction, { actor, action: 'assignment.end', subjectType: 'assignment', subjectId: Number(a.id), ownerPersonId: Number(a.teacher_person_id), detail: 'ended by an admin' }, now);
  });
}
