/**
 * Loading a cycle and authorizing the actor in one call, so no route can read a cycle without the
 * check: a cycle outside the actor's space, or one the actor may not read, is "not found".
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { HttpError, notFound } from '../../auth/httpError';
import type { CycleStatus } from './catalog';
import { audienceFor } from './policies/audience';
import { cycleAbilities, refusalReason, type CycleAbilities, type CycleAction } from './policies/cyclePolicy';
import type { Audience } from './policies/privacyWall';

/** A cycle as the application uses it. */
export interface Cycle {
  id: number;
  spaceId: number;
  teacherId: number;
  coachId: number;
  focus: string;
  modelKey: string;
  modelName: string;
  stages: string[];
  stageIndex: number;
  status: CycleStatus;
  startsOn: string;
  endsOn: string | null;
  closedAt: Date | null;
  createdAt: Date;
}

interface CycleDbRow {
  id: number; space_id: number; teacher_person_id: number; coach_person_id: number; focus: string; model_key: string; model_name: string;
  stages: string; stage_index: number; status: string; starts_on: string; ends_on: string | null; closed_at: Date | string | null; created_at: Date | string;
}

/** Converts a database row (either dialect) into a Cycle. */
export function toCycle(r: CycleDbRow): Cycle {
  return {
    id: Number(r.id), spaceId: Number(r.space_id), teacherId: Number(r.teacher_person_id), coachId: Number(r.coach_person_id),
    focus: r.focus, modelKey: r.model_key, modelName: r.model_name, stages: JSON.parse(r.stages) as string[], stageIndex: Number(r.stage_index),
    status: r.status as CycleStatus, startsOn: r.starts_on, endsOn: r.ends_on, closedAt: r.closed_at ? new Date(r.closed_at) : null, createdAt: new Date(r.created_at),
  };
}

/** The cycle with this id in this space, or undefined. */
export async function findCycle(sequelize: Sequelize, spaceId: number, cycleId: number, transaction?: Transaction): Promise<Cycle | undefined> {
  const rows = await sequelize.query<CycleDbRow>('SELECT * FROM cycles WHERE id = ? AND space_id = ?', { replacements: [cycleId, spaceId], type: QueryTypes.SELECT, transaction });
  return rows[0] ? toCycle(rows[0]) : undefined;
}

/** A cycle with the actor's audience and abilities on it. */
export interface AuthorizedCycle {
  cycle: Cycle;
  audience: Audience;
  can: CycleAbilities;
}

/**
 * Loads a cycle of the actor's space and checks the actor may read it and, when `action` is
 * given, do that. Throws 404 when the cycle is missing or not the actor's to see, 403/409 when
 * they may see it but not do the action.
 */
export async function loadCycleFor(sequelize: Sequelize, actor: Actor, cycleId: number, action?: CycleAction, transaction?: Transaction): Promise<AuthorizedCycle> {
  if (!actor.space) throw notFound('coaching cycle');
  const cycle = await findCycle(sequelize, actor.space.id, cycleId, transaction);
  if (!cycle) throw notFound('coaching cycle');
  // The cycle's coach counts only while they are still the teacher's assigned coach.
  let audience = await audienceFor(sequelize, actor, cycle.teacherId, transaction);
  if (audience === 'coach' && cycle.coachId !== actor.person.id) audience = 'otherCoach';
  const can = cycleAbilities(audience, cycle.status);
  if (!audience || !can.read) throw notFound('coaching cycle');
  if (action && !can[action]) {
    const why = refusalReason(action, audience, cycle.status);
    throw new HttpError(why.status, why.status === 403 ? 'Not available for your role' : 'This cycle is closed', why.message, why.status === 403 ? 'FORBIDDEN' : 'CYCLE_CLOSED');
  }
  return { cycle, audience, can };
}

/** Today as YYYY-MM-DD in UTC (dates of sessions, check-ins and cycles are calendar days). */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
