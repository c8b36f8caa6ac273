/** The teacher or their coach records progress on a goal. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { insertRow } from '../../../db/insert';
import { loadGoalFor } from '../goalRecords';

export interface CheckinProps {
  /** The cycle's teacher or assigned coach. */
  actor: Actor;
  goalId: number;
  /** YYYY-MM-DD */
  checkedOn: string;
  /** Measured value, in the goal's unit. */
  value: number;
  note?: string;
  /** http(s) link to evidence (student work, a data sheet). */
  evidenceUrl?: string;
}

/** Adds the check-in; returns its id. */
export async function recordCheckin(sequelize: Sequelize, props: CheckinProps, now = new Date()): Promise<number> {
  return sequelize.transaction(async (transaction) => {
    const { goal } = await loadGoalFor(sequelize, props.actor, props.goalId, 'updateGoals', transaction);
    const id = await insertRow(sequelize, 'goal_checkins', {
      goal_id: goal.id, checked_on: props.checkedOn, value: props.value, note: props.note ?? null, evidence_url: props.evidenceUrl ?? null,
      created_by: props.actor.person.id, created_at: now,
    }, transaction);
    await sequelize.query('UPDATE goals SET updated_at = ? WHERE id = ?', { replacements: [now, goal.id], transaction });
    return id;
  });
}
