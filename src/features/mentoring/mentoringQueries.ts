/**
 * Reads of the mentoring pages: who an admin may pair (mentors and coaches of the admin's course,
 * or of every course for an account-level admin), the mentor assignments they see, a mentor's
 * coaches and the notes between a mentor and a coach. Bounded by the tenant on every query.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { personName } from '../coaching/coachingQueries';

type NameRow = { name: string | null; given_name: string | null; family_name: string | null };

export interface PersonChoice {
  personId: number;
  name: string;
}

/** Active mentors or coaches an admin may pair: in the admin's course, or anywhere in the tenant (account level). */
export async function peopleWithRole(sequelize: Sequelize, actor: Actor, role: 'mentor' | 'coach', transaction?: Transaction): Promise<PersonChoice[]> {
  const rows = await sequelize.query<NameRow & { id: number }>(
    `SELECT DISTINCT p.id, p.name, p.given_name, p.family_name FROM memberships m JOIN spaces s ON s.id = m.space_id JOIN people p ON p.id = m.person_id
      WHERE s.tenant_id = ? AND m.role = ? AND m.status = 'active'${actor.space ? ' AND m.space_id = ?' : ''}`,
    { replacements: [actor.tenant.id, role, ...(actor.space ? [actor.space.id] : [])], type: QueryTypes.SELECT, transaction },
  );
  return rows.map((r) => ({ personId: Number(r.id), name: personName(r) })).sort((a, b) => a.name.localeCompare(b.name) || a.personId - b.personId);
}

export interface MentorAssignment {
  id: number;
  mentorId: number;
  mentorName: string;
  coachId: number;
  coachName: string;
  assignedAt: Date;
  assignedBy: string | null;
}

/**
 * Active mentor assignments an admin sees: those of coaches in the admin's course, or all of the
 * tenant (account level). With `id`, only that assignment (active or ended).
 */
export async function visibleAssignments(sequelize: Sequelize, actor: Actor, id?: number, transaction?: Transaction): Promise<Array<MentorAssignment & { active: boolean }>> {
  const inCourse = actor.space ? " AND EXISTS (SELECT 1 FROM memberships m WHERE m.space_id = ? AND m.person_id = a.coach_person_id AND m.role = 'coach')" : '';
  const rows = await sequelize.query<{ id: number; mentor_person_id: number; coach_person_id: number; active: number | null; assigned_at: Date | string;
    mn: string | null; mg: string | null; mf: string | null; cn: string | null; cg: string | null; cf: string | null; bn: string | null; bg: string | null; bf: string | null }>(
    `SELECT a.id, a.mentor_person_id, a.coach_person_id, a.active, a.assigned_at,
            mp.name AS mn, mp.given_name AS mg, mp.family_name AS mf, cp.name AS cn, cp.given_name AS cg, cp.family_name AS cf,
            bp.name AS bn, bp.given_name AS bg, bp.family_name AS bf
       FROM mentor_assignments a JOIN people mp ON mp.id = a.mentor_person_id JOIN people cp ON cp.id = a.coach_person_id
       LEFT JOIN people bp ON bp.id = a.assigned_by
      WHERE a.tenant_id = ? ${id === undefined ? 'AND a.active = 1' : 'AND a.id = ?'}${inCourse}`,
    { replacements: [actor.tenant.id, ...(id === undefined ? [] : [id]), ...(actor.space ? [actor.space.id] : [])], type: QueryTypes.SELECT, transaction },
  );
  return rows.map((r) => ({
    id: Number(r.id), mentorId: Number(r.mentor_person_id), coachId: Number(r.coach_person_id), active: Number(r.active) === 1,
    mentorName: personName({ name: r.mn, given_name: r.mg, family_name: r.mf }), coachName: personName({ name: r.cn, given_name: r.cg, family_name: r.cf }),
    assignedAt: new Date(r.assigned_at), assignedBy: r.bn || r.bg || r.bf ? personName({ name: r.bn, given_name: r.bg, family_name: r.bf }) : null,
  })).sort((a, b) => a.mentorName.localeCompare(b.mentorName) || a.coachName.localeCompare(b.coachName));
}

/** The coaches a mentor is assigned to (active assignments), by name. */
export async function mentoredCoaches(sequelize: Sequelize, tenantId: number, mentorId: number, transaction?: Transaction): Promise<PersonChoice[]> {
  const rows = await sequelize.query<NameRow & { id: number }>(
    `SELECT p.id, p.name, p.given_name, p.family_name FROM mentor_assignments a JOIN people p ON p.id = a.coach_person_id
      WHERE a.tenant_id = ? AND a.mentor_person_id = ? AND a.active = 1`,
    { replacements: [tenantId, mentorId], type: QueryTypes.SELECT, transaction },
  );
  return rows.map((r) => ({ personId: Number(r.id), name: personName(r) })).sort((a, b) => a.name.localeCompare(b.name) || a.personId - b.personId);
}

export interface MentorNote {
  id: number;
  mentorId: number;
  mentorName: string;
  coachId: number;
  metOn: string;
  body: string;
  createdAt: Date;
}

/**
 * Mentor notes: between one mentor and their coaches (`mentorId`), or every note about one coach
 * (`coachId`, the coach's own view). Newest first, at most `limit` per coach.
 */
export async function mentorNotes(sequelize: Sequelize, tenantId: number, who: { mentorId: number; coachIds: number[] } | { coachId: number }, limit = 20): Promise<MentorNote[]> {
  const byMentor = 'mentorId' in who;
  if (byMentor && !who.coachIds.length) return [];
  const rows = await sequelize.query<NameRow & { id: number; mentor_person_id: number; coach_person_id: number; met_on: string; body: string; created_at: Date | string }>(
    `SELECT n.id, n.mentor_person_id, n.coach_person_id, n.met_on, n.body, n.created_at, p.name, p.given_name, p.family_name
       FROM mentor_notes n JOIN people p ON p.id = n.mentor_person_id
      WHERE n.tenant_id = ? AND ${byMentor ? 'n.mentor_person_id = ? AND n.coach_person_id IN (?)' : 'n.coach_person_id = ?'}
      ORDER BY n.met_on DESC, n.id DESC`,
    { replacements: [tenantId, ...(byMentor ? [who.mentorId, who.coachIds] : [who.coachId])], type: QueryTypes.SELECT },
  );
  const perCoach = new Map<number, number>();
  return rows.filter((r) => {
    const k = Number(r.coach_person_id);
    perCoach.set(k, (perCoach.get(k) ?? 0) + 1);
    return perCoach.get(k)! <= limit;
  }).map((r) => ({
    id: Number(r.id), mentorId: Number(r.mentor_person_id), mentorName: personName(r), coachId: Number(r.coach_person_id), metOn: r.met_on, body: r.body, createdAt: new Date(r.created_at),
  }));
}
