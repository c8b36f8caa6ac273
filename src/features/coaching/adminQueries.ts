/**
 * Reads behind the admin's assignments page: the space's current assignments and the participation
 * counts. They return names, dates, statuses and counts only — never coaching content (needs notes,
 * cycle focus, goals, notes) — because admins see participation and assignments, not coaching.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { ParticipationStatus } from './catalog';
import { personName } from './coachingQueries';

/** One active assignment of the space, as the admin sees it. */
export interface AssignmentRow {
  id: number;
  teacherId: number;
  teacherName: string;
  coachId: number;
  coachName: string;
  confirmedAt: Date;
  /** Who confirmed it (undefined when that person's record is gone). */
  confirmedByName?: string;
  /** The match score when it was confirmed (undefined for assignments made without one). */
  matchScore?: number;
  /** The teacher's participation (undefined when they have no profile in this tenant). */
  participation?: ParticipationStatus;
  /** False when the teacher is no longer an active member of the course. */
  teacherInCourse: boolean;
}

type Names = { name: string | null; given_name: string | null; family_name: string | null };
const names = (prefix: string, r: Record<string, unknown>): Names => ({
  name: r[`${prefix}_name`] as string | null, given_name: r[`${prefix}_given`] as string | null, family_name: r[`${prefix}_family`] as string | null,
});

/** The active assignments of a space, by teacher name. */
export async function activeAssignments(sequelize: Sequelize, tenantId: number, spaceId: number): Promise<AssignmentRow[]> {
  const rows = await sequelize.query<Record<string, unknown>>(
    `SELECT a.id, a.teacher_person_id, a.coach_person_id, a.confirmed_at, a.match_score,
            t.name AS t_name, t.given_name AS t_given, t.family_name AS t_family,
            c.name AS c_name, c.given_name AS c_given, c.family_name AS c_family,
            b.id AS b_id, b.name AS b_name, b.given_name AS b_given, b.family_name AS b_family,
            tp.status AS participation, m.status AS membership
       FROM coaching_assignments a
       JOIN people t ON t.id = a.teacher_person_id
       JOIN people c ON c.id = a.coach_person_id
       LEFT JOIN people b ON b.id = a.confirmed_by
       LEFT JOIN teacher_profiles tp ON tp.person_id = a.teacher_person_id AND tp.tenant_id = ?
       LEFT JOIN memberships m ON m.space_id = a.space_id AND m.person_id = a.teacher_person_id
      WHERE a.space_id = ? AND a.active = 1`,
    { replacements: [tenantId, spaceId], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    id: Number(r.id),
    teacherId: Number(r.teacher_person_id),
    teacherName: personName(names('t', r)),
    coachId: Number(r.coach_person_id),
    coachName: personName(names('c', r)),
    confirmedAt: new Date(r.confirmed_at as string | Date),
    confirmedByName: r.b_id === null || r.b_id === undefined ? undefined : personName(names('b', r)),
    matchScore: r.match_score === null || r.match_score === undefined ? undefined : Number(r.match_score),
    participation: (r.participation ?? undefined) as ParticipationStatus | undefined,
    teacherInCourse: r.membership === 'active',
  })).sort((a, b) => a.teacherName.localeCompare(b.teacherName) || a.id - b.id);
}

/** Participation counts of a space (people, not content). */
export interface ParticipationCounts {
  /** Active teachers of the course. */
  teachers: number;
  optedIn: number;
  paused: number;
  left: number;
  /** Active teachers of the course with an active coach assignment here. */
  withCoach: number;
}

/** Counts the course's teachers by participation, and those with a coach. */
export async function participationCounts(sequelize: Sequelize, tenantId: number, spaceId: number): Promise<ParticipationCounts> {
  const rows = await sequelize.query<{ status: string | null; assigned: number | string; n: number | string }>(
    `SELECT tp.status AS status,
            CASE WHEN EXISTS (SELECT 1 FROM coaching_assignments a WHERE a.space_id = m.space_id AND a.teacher_person_id = m.person_id AND a.active = 1) THEN 1 ELSE 0 END AS assigned,
            COUNT(*) AS n
       FROM memberships m
       LEFT JOIN teacher_profiles tp ON tp.person_id = m.person_id AND tp.tenant_id = ?
      WHERE m.space_id = ? AND m.role = 'teacher' AND m.status = 'active'
      GROUP BY tp.status, assigned`,
    { replacements: [tenantId, spaceId], type: QueryTypes.SELECT },
  );
  const counts: ParticipationCounts = { teachers: 0, optedIn: 0, paused: 0, left: 0, withCoach: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    counts.teachers += n;
    if (r.status === 'opted_in') counts.optedIn += n;
    else if (r.status === 'paused') counts.paused += n;
    else if (r.status === 'left') counts.left += n;
    if (Number(r.assigned) === 1) counts.withCoach += n;
  }
  return counts;
}

/** The person ids of the space's teachers who hold an active assignment. */
export async function assignedTeacherIds(sequelize: Sequelize, spaceId: number): Promise<Set<number>> {
  const rows = await sequelize.query<{ id: number }>('SELECT teacher_person_id AS id FROM coaching_assignments WHERE space_id = ? AND active = 1', {
    replacements: [spaceId], type: QueryTypes.SELECT,
  });
  return new Set(rows.map((r) => Number(r.id)));
}

/** Active assignments per coach in this space (the caseload column counts the whole district). */
export async function assignmentsPerCoach(sequelize: Sequelize, spaceId: number): Promise<Map<number, number>> {
  const rows = await sequelize.query<{ coach: number; n: number | string }>(
    'SELECT coach_person_id AS coach, COUNT(*) AS n FROM coaching_assignments WHERE space_id = ? AND active = 1 GROUP BY coach_person_id',
    { replacements: [spaceId], type: QueryTypes.SELECT },
  );
  return new Map(rows.map((r) => [Number(r.coach), Number(r.n)]));
}
