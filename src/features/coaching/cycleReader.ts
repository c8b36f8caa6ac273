/**
 * Reads everything on a cycle page — the cycle, its history, goals with check-ins, sessions and
 * the teacher's stated needs — after the policy check, in one transaction that also writes the
 * audit row when the reader is not the teacher. Callers shape the result with the presenter.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { recordAudit } from './audit';
import { personName, teacherProfile, type TeacherProfile } from './coachingQueries';
import { loadCycleFor, type AuthorizedCycle } from './cycleRecords';
import { toGoal, type Goal } from './goalRecords';
import type { Checkin } from './goalProgressChart';
import { linksOfCycle, type PdLink } from '../learning/links';
import { listOfferings, type Offering } from '../learning/offerings';
import { listTags, tagsOf, type StandardTag } from '../learning/taxonomy';

export interface CycleEvent { kind: 'stage' | 'status'; from: string | null; to: string; stageIndex: number; at: Date; by: string }
export interface SessionEntry { id: number; kind: string; heldOn: string; minutes: number; format: string; notes: string | null; nextSteps: string | null; group: boolean; coachName: string }

/** Everything the cycle page can show (the presenter decides what each audience gets). */
export interface CycleRecord extends AuthorizedCycle {
  teacherName: string;
  coachName: string;
  profile?: TeacherProfile;
  events: CycleEvent[];
  goals: Array<Goal & { checkins: Checkin[]; tags: StandardTag[] }>;
  sessions: SessionEntry[];
  /** Professional learning linked to the cycle or its goals. */
  links: PdLink[];
  /** The tenant's taxonomy and catalog, for the forms (not coaching content). */
  learning: { tags: StandardTag[]; catalog: Offering[] };
}

/** Loads a cycle's page data for the actor (404 when not theirs to see); audits reads by anyone but the teacher. */
export async function readCycle(sequelize: Sequelize, actor: Actor, cycleId: number): Promise<CycleRecord> {
  return sequelize.transaction(async (transaction) => {
    const authorized = await loadCycleFor(sequelize, actor, cycleId, undefined, transaction);
    const record = await cycleContents(sequelize, actor.tenant.id, authorized, transaction);
    if (authorized.audience !== 'teacher') {
      await recordAudit(sequelize, transaction, {
        actor, action: 'read', subjectType: 'cycle', subjectId: authorized.cycle.id, ownerPersonId: authorized.cycle.teacherId,
        detail: 'cycle page: focus, goals, check-ins, session notes, stated needs',
      });
    }
    return record;
  });
}

/** The contents of an already authorized cycle (no audit: callers decide). */
export async function cycleContents(sequelize: Sequelize, tenantId: number, authorized: AuthorizedCycle, transaction?: Transaction): Promise<CycleRecord> {
  const { cycle } = authorized;
  const q = <T extends object>(sql: string, replacements: unknown[]) => sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction });
  type NameRow = { id: number; name: string | null; given_name: string | null; family_name: string | null };
  const [people, events, goals, checkins, sessions, profile, links, tags, catalog] = await Promise.all([
    q<NameRow>('SELECT id, name, given_name, family_name FROM people WHERE id IN (?, ?)', [cycle.teacherId, cycle.coachId]),
    q<{ kind: string; from_value: string | null; to_value: string; stage_index: number; at: Date | string; name: string | null; given_name: string | null; family_name: string | null }>(
      'SELECT e.kind, e.from_value, e.to_value, e.stage_index, e.at, p.name, p.given_name, p.family_name FROM cycle_events e LEFT JOIN people p ON p.id = e.person_id WHERE e.cycle_id = ? ORDER BY e.at, e.id', [cycle.id]),
    q<Parameters<typeof toGoal>[0]>('SELECT * FROM goals WHERE cycle_id = ? ORDER BY due_on, id', [cycle.id]),
    q<{ id: number; goal_id: number; checked_on: string; value: number | string; note: string | null; evidence_url: string | null }>(
      'SELECT k.id, k.goal_id, k.checked_on, k.value, k.note, k.evidence_url FROM goal_checkins k JOIN goals g ON g.id = k.goal_id WHERE g.cycle_id = ? ORDER BY k.checked_on, k.id', [cycle.id]),
    q<{ id: number; kind: string; held_on: string; minutes: number; format: string; notes: string | null; next_steps: string | null; cycle_id: number | null; name: string | null; given_name: string | null; family_name: string | null }>(
      `SELECT s.id, s.kind, s.held_on, s.minutes, s.format, s.notes, s.next_steps, s.cycle_id, p.name, p.given_name, p.family_name
         FROM coaching_sessions s JOIN people p ON p.id = s.coach_person_id
        WHERE s.cycle_id = ? ORDER BY s.held_on DESC, s.id DESC`, [cycle.id]),
    teacherProfile(sequelize, tenantId, cycle.teacherId, transaction),
    linksOfCycle(sequelize, cycle.id, transaction),
    listTags(sequelize, tenantId, { transaction }),
    listOfferings(sequelize, tenantId, { transaction }),
  ]);
  const goalTags = await tagsOf(sequelize, 'goal', goals.map((g) => Number(g.id)), transaction);
  const nameOf = (id: number) => { const p = people.find((r) => Number(r.id) === id); return p ? personName(p) : 'Unknown person'; };
  return {
    ...authorized,
    teacherName: nameOf(cycle.teacherId),
    coachName: nameOf(cycle.coachId),
    profile,
    events: events.map((e) => ({ kind: e.kind as 'stage' | 'status', from: e.from_value, to: e.to_value, stageIndex: Number(e.stage_index), at: new Date(e.at), by: personName(e) })),
    goals: goals.map(toGoal).map((g) => ({
      ...g,
      checkins: checkins.filter((k) => Number(k.goal_id) === g.id).map((k) => ({ id: Number(k.id), checkedOn: k.checked_on, value: Number(k.value), note: k.note, evidenceUrl: k.evidence_url })),
      tags: goalTags.get(g.id) ?? [],
    })),
    links,
    learning: { tags, catalog },
    sessions: sessions.map((s) => ({ id: Number(s.id), kind: s.kind, heldOn: s.held_on, minutes: Number(s.minutes), format: s.format, notes: s.notes, nextSteps: s.next_steps, group: s.cycle_id === null, coachName: personName(s) })),
  };
}
