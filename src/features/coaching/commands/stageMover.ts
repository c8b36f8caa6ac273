/** Moves a cycle to another stage in one step, recording who moved it and when. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { loadCycleFor } from '../cycleRecords';

export interface StageMoveProps {
  /** The cycle's assigned coach. */
  actor: Actor;
  cycleId: number;
  /** Index of the stage to move to. */
  stage: number;
}

/** Moves the cycle; a planned cycle becomes active when it moves. Moving to the current stage changes nothing. */
export async function moveStage(sequelize: Sequelize, props: StageMoveProps, now = new Date()): Promise<{ moved: boolean }> {
  return sequelize.transaction(async (transaction) => {
    const { cycle } = await loadCycleFor(sequelize, props.actor, props.cycleId, 'moveStage', transaction);
    if (props.stage >= cycle.stages.length) throw badRequest(`This cycle has ${cycle.stages.length} stages; choose one of them.`, 'UNKNOWN_STAGE');
    if (props.stage === cycle.stageIndex) return { moved: false };
    const by = props.actor.person.id;
    if (cycle.status === 'planned') {
      await sequelize.query("UPDATE cycles SET status = 'active' WHERE id = ?", { replacements: [cycle.id], transaction });
      await insertRow(sequelize, 'cycle_events', { cycle_id: cycle.id, kind: 'status', from_value: 'planned', to_value: 'active', stage_index: cycle.stageIndex, person_id: by, at: now }, transaction);
    }
    await sequelize.query('UPDATE cycles SET stage_index = ?, updated_at = ? WHERE id = ?', { replacements: [props.stage, now, cycle.id], transaction });
    await insertRow(sequelize, 'cycle_events', {
      cycle_id: cycle.id, kind: 'stage', from_value: cycle.stages[cycle.stageIndex], to_value: cycle.stages[props.stage], stage_index: props.stage, person_id: by, at: now,
    }, transaction);
    return { moved: true };
  });
}
