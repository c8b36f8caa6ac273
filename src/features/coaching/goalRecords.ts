/** Loading a goal and authorizing the actor through its cycle, in one call. */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../auth/httpError';
import type { GoalStatus } from './catalog';
import { loadCycleFor, type AuthorizedCycle } from './cycleRecords';
import type { CycleAction } from './policies/cyclePolicy';

/** A goal as the application uses it. */
export interface Goal {
  id: number;
  cycleId: number;
  statement: string;
  studentOutcome: string;
  successMeasure: string;
  baseline: number;
  target: number;
  unit: string;
  dueOn: string;
  alignment: string[];
  status: GoalStatus;
}

interface GoalDbRow {
  id: number; cycle_id: number; statement: string; student_outcome: string; success_measure: string; baseline: number | string; target: number | string;
  unit: string; due_on: string; alignment: string; status: string;
}

/** Converts a database row into a Goal. */
export function toGoal(r: GoalDbRow): Goal {
  return {
    id: Number(r.id), cycleId: Number(r.cycle_id), statement: r.statement, studentOutcome: r.student_outcome, successMeasure: r.success_measure,
    baseline: Number(r.baseline), target: Number(r.target), unit: r.unit, dueOn: r.due_on, alignment: JSON.parse(r.alignment) as string[], status: r.status as GoalStatus,
  };
}

/** Loads a goal of the actor's space through its cycle's policy (404 when not the actor's to see). */
export async function loadGoalFor(sequelize: Sequelize, actor: Actor, goalId: number, action?: CycleAction, transaction?: Transaction): Promise<AuthorizedCycle & { goal: Goal }> {
  if (!actor.space) throw notFound('goal');
  const rows = await sequelize.query<GoalDbRow>(
    'SELECT g.* FROM goals g JOIN cycles c ON c.id = g.cycle_id WHERE g.id = ? AND c.space_id = ?',
    { replacements: [goalId, actor.space.id], type: QueryTypes.SELECT, transaction },
  );
  if (!rows[0]) throw notFound('goal');
  const goal = toGoal(rows[0]);
  try {
    return { ...(await loadCycleFor(sequelize, actor, goal.cycleId, action, transaction)), goal };
  } catch (err) {
    if (err instanceof Error && (err as { status?: number }).status === 404) throw notFound('goal');
    throw err;
  }
}
