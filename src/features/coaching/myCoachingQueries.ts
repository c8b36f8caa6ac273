/**
 * Reads behind the teacher's own pages: "My coaching" (their profile, coach, cycles, goals and
 * session history in this space) and the "Recent access to your coaching record" list. Every
 * read is bounded by the teacher's tenant and space; the teacher owns what they read here, so
 * none of it is audited.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { CLOSED_CYCLE_STATUSES, type CycleStatus } from './catalog';
import { personName, teacherProfile, type TeacherProfile } from './coachingQueries';
import { cycleContents, type CycleRecord, type SessionEntry } from './cycleReader';
import { loadCycleFor, toCycle, type Cycle } from './cycleRecords';

type NameColumns = { name: string | null; given_name: string | null; family_name: string | null };

/** The teacher's current coach in this space. */
export interface MyCoach {
  name: string;
  since: Date;
}

/** Everything "My coaching" can show to the teacher themself. */
export interface MyCoachingData {
  /** Undefined before the teacher opts in. */
  profile?: TeacherProfile;
  coach?: MyCoach;
  /** The latest cycle that is not completed or stopped, with its goals (loaded through the cycle policy). */
  current?: CycleRecord;
  /** The teacher's other cycles in this space, newest first. */
  otherCycles: Cycle[];
  /** Sessions the teacher attended in this space (cycle and group sessions), newest first. */
  sessions: SessionEntry[];
}

/** How many sessions the history shows (the newest). */
export const SESSION_HISTORY_LIMIT = 100;

/** Loads the teacher's own coaching record in the actor's space. */
export async function myCoaching(sequelize: Sequelize, actor: Actor): Promise<MyCoachingData> {
  const spaceId = actor.space!.id;
  const teacherId = actor.person.id;
  const q = <T extends object>(sql: string, replacements: unknown[]) => sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const [profile, coaches, cycleRows, sessionRows] = await Promise.all([
    teacherProfile(sequelize, actor.tenant.id, teacherId),
    q<NameColumns & { confirmed_at: Date | string }>(
      `SELECT a.confirmed_at, p.name, p.given_name, p.family_name FROM coaching_assignments a JOIN people p ON p.id = a.coach_person_id
        WHERE a.space_id = ? AND a.teacher_person_id = ? AND a.active = 1`, [spaceId, teacherId]),
    q<Parameters<typeof toCycle>[0]>('SELECT * FROM cycles WHERE space_id = ? AND teacher_person_id = ? ORDER BY created_at DESC, id DESC', [spaceId, teacherId]),
    q<NameColumns & { id: number; kind: string; held_on: string; minutes: number; format: string; notes: string | null; next_steps: string | null; cycle_id: number | null }>(
      `SELECT s.id, s.kind, s.held_on, s.minutes, s.format, s.notes, s.next_steps, s.cycle_id, p.name, p.given_name, p.family_name
         FROM coaching_sessions s JOIN session_attendees a ON a.session_id = s.id JOIN people p ON p.id = s.coach_person_id
        WHERE s.space_id = ? AND a.teacher_person_id = ?
        ORDER BY s.held_on DESC, s.id DESC LIMIT ${SESSION_HISTORY_LIMIT}`, [spaceId, teacherId]),
  ]);
  const cycles = cycleRows.map(toCycle);
  const open = cycles.find((c) => !CLOSED_CYCLE_STATUSES.includes(c.status as CycleStatus));
  // Through the cycle policy like every other cycle read: the teacher is its owner, so no audit row.
  const current = open ? await cycleContents(sequelize, actor.tenant.id, await loadCycleFor(sequelize, actor, open.id)) : undefined;
  return {
    profile,
    coach: coaches[0] ? { name: personName(coaches[0]), since: new Date(coaches[0].confirmed_at) } : undefined,
    current,
    otherCycles: cycles.filter((c) => c.id !== open?.id),
    sessions: sessionRows.map((s) => ({
      id: Number(s.id), kind: s.kind, heldOn: s.held_on, minutes: Number(s.minutes), format: s.format, notes: s.notes, nextSteps: s.next_steps,
      group: s.cycle_id === null, coachName: personName(s),
    })),
  };
}

/** One row of "Recent access to your coaching record": who did what, when — never the content. */
export interface AccessEntry {
  at: Date;
  actorName: string;
  actorRole: string;
  /** True when the teacher did it themself (opting in, pausing, …). */
  self: boolean;
  action: string;
  subjectType: string;
  detail: string | null;
}

/** How many audit rows the teacher sees (the newest). */
export const RECENT_ACCESS_LIMIT = 50;

/** The newest audit rows about a teacher's coaching record in their tenant. */
export async function recentAccess(sequelize: Sequelize, tenantId: number, teacherId: number): Promise<AccessEntry[]> {
  const rows = await sequelize.query<NameColumns & { at: Date | string; actor_person_id: number | null; actor_role: string; action: string; subject_type: string; detail: string | null }>(
    `SELECT l.at, l.actor_person_id, l.actor_role, l.action, l.subject_type, l.detail, p.name, p.given_name, p.family_name
       FROM audit_log l LEFT JOIN people p ON p.id = l.actor_person_id
      WHERE l.tenant_id = ? AND l.owner_person_id = ?
      ORDER BY l.at DESC, l.id DESC LIMIT ${RECENT_ACCESS_LIMIT}`,
    { replacements: [tenantId, teacherId], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    at: new Date(r.at), actorName: r.actor_person_id === null ? 'A person no longer in CoachLoop' : personName(r), actorRole: r.actor_role,
    self: r.actor_person_id !== null && Number(r.actor_person_id) === teacherId, action: r.action, subjectType: r.subject_type, detail: r.detail,
  }));
}
