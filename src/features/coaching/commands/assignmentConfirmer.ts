/**
 * Confirms a coach for a teacher in a space. An admin may assign any coach of the space (replacing
 * a current assignment); a coach may take on an unassigned teacher themself only when the space's
 * admin allows it. The score and reasons shown at the time are kept with the assignment.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, forbidden, HttpError } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { recordAudit } from '../audit';
import { spaceCoaches, spaceSettings, spaceTeacherProfiles } from '../coachingQueries';
import { scoreCoach } from '../matching';

export interface AssignmentProps {
  /** An admin of the space, or a coach taking the teacher on themself. */
  actor: Actor;
  /** The teacher (must be an active teacher of the space who opted in). */
  teacherId: number;
  /** The coach (must be an active coach of the space). */
  coachId: number;
}

/** Creates the assignment; returns its id (the existing one when it already holds). */
export async function confirmAssignment(sequelize: Sequelize, props: AssignmentProps, now = new Date()): Promise<number> {
  const { actor, teacherId, coachId } = props;
  const spaceId = actor.space!.id;
  return sequelize.transaction(async (transaction) => {
    if (actor.role === 'coach') {
      if (coachId !== actor.person.id) throw forbidden('Coaches can take on teachers only for themselves; an admin assigns other coaches.');
      if (!(await spaceSettings(sequelize, spaceId, transaction)).coachesConfirm) throw forbidden('In this course an admin confirms coach assignments. Ask your program admin to assign you.');
    } else if (actor.role !== 'admin') {
      throw forbidden();
    }
    const [teacher] = await spaceTeacherProfiles(sequelize, actor.tenant.id, spaceId, teacherId, transaction);
    if (!teacher) throw badRequest('That teacher is not a teacher of this course who opted in to coaching.', 'NOT_OPTED_IN');
    if (teacher.status !== 'opted_in') throw badRequest(`${teacher.name} has ${teacher.status === 'paused' ? 'paused' : 'left'} coaching; a coach can be assigned once they take part again.`, 'NOT_TAKING_PART');
    const coach = (await spaceCoaches(sequelize, spaceId, transaction)).find((c) => c.personId === coachId);
    if (!coach) throw badRequest('That person is not a coach of this course.', 'NOT_A_COACH');

    const current = await sequelize.query<{ id: number; coach_person_id: number }>(
      'SELECT id, coach_person_id FROM coaching_assignments WHERE space_id = ? AND teacher_person_id = ? AND active = 1',
      { replacements: [spaceId, teacherId], type: QueryTypes.SELECT, transaction },
    );
    if (current[0] && Number(current[0].coach_person_id) === coachId) return Number(current[0].id);
    if (current[0]) {
      if (actor.role !== 'admin') throw new HttpError(409, 'Already has a coach', `${teacher.name} already has a coach. An admin can change the assignment.`, 'ALREADY_ASSIGNED');
      await sequelize.query('UPDATE coaching_assignments SET active = NULL, ended_at = ?, updated_at = ? WHERE id = ?', { replacements: [now, now, current[0].id], transaction });
      await recordAudit(sequelize, transaction, { actor, action: 'assignment.end', subjectType: 'assignment', subjectId: Number(current[0].id), ownerPersonId: teacherId, detail: 'replaced by a new assignment' }, now);
    }
    const match = scoreCoach(teacher, coach);
    const id = await insertRow(sequelize, 'coaching_assignments', {
      space_id: spaceId, coach_person_id: coachId, teacher_person_id: teacherId, active: 1, match_score: match.score,
      match_reasons: JSON.stringify(match.reasons), confirmed_by: actor.person.id, confirmed_at: now, ended_at: null, created_at: now, updated_at: now,
    }, transaction);
    await recordAudit(sequelize, transaction, { actor, action: 'assignment.confirm', subjectType: 'assignment', subjectId: id, ownerPersonId: teacherId, detail: `coach ${coach.name} (score ${match.score})` }, now);
    return id;
  });
}
