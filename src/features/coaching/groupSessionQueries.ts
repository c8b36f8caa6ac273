/** Reads behind group sessions: the course's rostered teachers (to choose attendees) and the coach's recent group sessions. */
import { QueryTypes, type Sequelize } from 'sequelize';
import { personName } from './coachingQueries';

/** Active teachers on the course roster, by name. */
export async function rosterTeachers(sequelize: Sequelize, spaceId: number): Promise<Array<{ personId: number; name: string }>> {
  const rows = await sequelize.query<{ id: number; name: string | null; given_name: string | null; family_name: string | null }>(
    `SELECT p.id, p.name, p.given_name, p.family_name FROM memberships m JOIN people p ON p.id = m.person_id
      WHERE m.space_id = ? AND m.role = 'teacher' AND m.status = 'active'`,
    { replacements: [spaceId], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ personId: Number(r.id), name: personName(r) })).sort((a, b) => a.name.localeCompare(b.name) || a.personId - b.personId);
}

/** One of the coach's group sessions, as listed on the caseload page. */
export interface GroupSessionSummary { id: number; heldOn: string; kind: string; minutes: number; attendees: number; offeringTitle: string | null }

/** How many recent group sessions the caseload lists. */
export const RECENT_GROUP_SESSIONS = 10;

/** The coach's newest group sessions in the course. */
export async function recentGroupSessions(sequelize: Sequelize, spaceId: number, coachId: number): Promise<GroupSessionSummary[]> {
  const rows = await sequelize.query<{ id: number; held_on: string; kind: string; minutes: number; attendees: number; title: string | null }>(
    `SELECT s.id, s.held_on, s.kind, s.minutes, (SELECT COUNT(*) FROM session_attendees a WHERE a.session_id = s.id) AS attendees, o.title
       FROM coaching_sessions s LEFT JOIN session_offerings so ON so.session_id = s.id LEFT JOIN pd_offerings o ON o.id = so.offering_id
      WHERE s.space_id = ? AND s.coach_person_id = ? AND s.cycle_id IS NULL
      ORDER BY s.held_on DESC, s.id DESC LIMIT ${RECENT_GROUP_SESSIONS}`,
    { replacements: [spaceId, coachId], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ id: Number(r.id), heldOn: r.held_on, kind: r.kind, minutes: Number(r.minutes), attendees: Number(r.attendees), offeringTitle: r.title }));
}
