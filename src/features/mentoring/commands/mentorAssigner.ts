/** An admin pairs a mentor with a coach (recorded in the audit log: it changes what the mentor sees). */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, forbidden } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { recordAudit } from '../../coaching/audit';
import { peopleWithRole } from '../mentoringQueries';

export interface MentorAssignmentProps {
  /** A program admin (of a course, or account-level). */
  actor: Actor;
  /** A mentor of the admin's course (any course of the tenant at account level). */
  mentorId: number;
  /** A coach of the admin's course (any course of the tenant at account level). */
  coachId: number;
}

/** Creates the pairing; returns its id (the existing one when it already holds). */
export async function assignMentor(sequelize: Sequelize, props: MentorAssignmentProps, now = new Date()): Promise<number> {
  const { actor, mentorId, coachId } = props;
  if (actor.role !== 'admin') throw forbidden('Only program admins pair mentors with coaches.');
  return sequelize.transaction(async (transaction) => {
    const where = actor.space ? 'this course' : 'your courses';
    const mentor = (await peopleWithRole(sequelize, actor, 'mentor', transaction)).find((p) => p.personId === mentorId);
    if (!mentor) throw badRequest(`That person is not a mentor in ${where}. Mentors are the people the LMS lists as Mentor (or whose role you set to mentor on the Roster page).`, 'NOT_A_MENTOR');
    const coach = (await peopleWithRole(sequelize, actor, 'coach', transaction)).find((p) => p.personId === coachId);
    if (!coach) throw badRequest(`That person is not a coach in ${where}.`, 'NOT_A_COACH');
    if (mentorId === coachId) throw badRequest('A coach cannot be their own mentor. Choose someone else.', 'SELF_MENTOR');
    const [current] = await sequelize.query<{ id: number }>(
      'SELECT id FROM mentor_assignments WHERE tenant_id = ? AND mentor_person_id = ? AND coach_person_id = ? AND active = 1',
      { replacements: [actor.tenant.id, mentorId, coachId], type: QueryTypes.SELECT, transaction },
    );
    if (current) return Number(current.id);
    const id = await insertRow(sequelize, 'mentor_assignments', {
      tenant_id: actor.tenant.id, mentor_person_id: mentorId, coach_person_id: coachId, active: 1, assigned_by: actor.person.id, assigned_at: now,
      ended_by: null, ended_at: null, created_at: now, updated_at: now,
    }, transaction);
    await recordAudit(sequelize, transaction, { actor, action: 'mentor.assign', subjectType: 'mentor_assignment', subjectId: id, detail: `mentor ${mentor.name} for coach ${coach.name}` }, now);
    return id;
  });
}
