/** Changes a cycle's status (pause, complete, stop early, reopen), recording it in the history. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { insertRow } from '../../../db/insert';
import { CLOSED_CYCLE_STATUSES, type CycleStatus } from '../catalog';
import { loadCycleFor } from '../cycleRecords';

export interface CycleStatusProps {
  /** The cycle's assigned coach. */
  actor: Actor;
  cycleId: number;
  status: CycleStatus;
}

/** Sets the status; closing stamps closed_at, reopening clears it. The same status changes nothing. */
export async function changeCycleStatus(sequelize: Sequelize, props: CycleStatusProps, now = new Date()): Promise<{ changed: boolean }> {
  return sequelize.transaction(async (transaction) => {
    const { cycle } = await loadCycleFor(sequelize, props.actor, props.cycleId, 'changeStatus', transaction);
    if (cycle.status === props.status) return { changed: false };
    const closing = CLOSED_CYCLE_STATUSES.includes(props.status);
    await sequelize.query('UPDATE cycles SET status = ?, closed_at = ?, updated_at = ? WHERE id = ?', { replacements: [props.status, closing ? now : null, now, cycle.id], transaction });
    await insertRow(sequelize, 'cycle_events', {
      cycle_id: cycle.id, kind: 'status', from_value: cycle.status, to_value: props.status, stage_index: cycle.stageIndex, person_id: props.actor.person.id, at: now,
    }, transaction);
    return { changed: true };
  });
}
