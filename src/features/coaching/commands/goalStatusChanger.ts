/** The teacher or their coach marks a goal met, partly met, not met, or back in progress. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import type { GoalStatus } from '../catalog';
import { loadGoalFor } from '../goalRecords';

export interface GoalStatusProps {
  /** The cycle's teacher or assigned coach. */
  actor: Actor;
  goalId: number;
  status: GoalStatus;
}

/** Sets the goal's status. */
export async function changeGoalStatus(sequelize: Sequelize, props: GoalStatusProps, now = new Date()): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    const { goal } = await loadGoalFor(sequelize, props.actor, props.goalId, 'updateGoals', transaction);
    if (goal.status === props.status) return;
    await sequelize.query('UPDATE goals SET status = ?, updated_at = ? WHERE id = ?', { replacements: [props.status, now, goal.id], transaction });
  });
}
