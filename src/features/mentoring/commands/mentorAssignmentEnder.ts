/** An admin ends a mentor ↔ coach pairing: the mentor no longer sees the coach; notes are kept. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { forbidden, notFound } from '../../../auth/httpError';
import { recordAudit } from '../../coaching/audit';
import { visibleAssignments } from '../mentoringQueries';

export interface MentorAssignmentEndProps {
  /** A program admin who can see the pairing (its coach is in their course, or account level). */
  actor: Actor;
  assignmentId: number;
}

/** Ends the pairing (ending an ended one changes nothing); 404 for one the admin cannot see. */
export async function endMentorAssignment(sequelize: Sequelize, props: MentorAssignmentEndProps, now = new Date()): Promise<{ ended: boolean }> {
  const { actor, assignmentId } = props;
  if (actor.role !== 'admin') throw forbidden('Only program admins change mentor pairings.');
  return sequelize.transaction(async (transaction) => {
    const [assignment] = await visibleAssignments(sequelize, actor, assignmentId, transaction);
    if (!assignment) throw notFound('mentor pairing');
    if (!assignment.active) return { ended: false };
    await sequelize.query('UPDATE mentor_assignments SET active = NULL, ended_by = ?, ended_at = ?, updated_at = ? WHERE id = ? AND active = 1', {
      replacements: [actor.person.id, now, now, assignmentId], transaction,
    });
    await recordAudit(sequelize, transaction, { actor, action: 'mentor.end', subjectType: 'mentor_assignment', subjectId: assignmentId, detail: `mentor ${assignment.mentorName} for coach ${assignment.coachName}` }, now);
    return { ended: true };
  });
}
