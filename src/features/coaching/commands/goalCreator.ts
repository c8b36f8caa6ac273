/** The teacher or their coach adds a PEERS/SMART goal to a cycle. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { insertRow } from '../../../db/insert';
import { checkTagIds, setTags } from '../../learning/taxonomy';
import { loadCycleFor } from '../cycleRecords';

export interface GoalProps {
  /** The cycle's teacher or assigned coach. */
  actor: Actor;
  cycleId: number;
  /** The goal itself, in one sentence. */
  statement: string;
  /** What students will do or achieve. */
  studentOutcome: string;
  /** How success is measured. */
  successMeasure: string;
  baseline: number;
  target: number;
  /** Unit of baseline, target and check-ins (e.g. "% of students"). */
  unit: string;
  /** YYYY-MM-DD */
  dueOn: string;
  /** Standards and curriculum tags: ids of the tenant's taxonomy (checked here). */
  tags?: number[];
  /** Other alignment as written, for tags not in the district's list (shown as typed, not counted on the dashboard). */
  alignment?: string[];
}

/** Creates the goal (in progress); returns its id. */
export async function createGoal(sequelize: Sequelize, props: GoalProps, now = new Date()): Promise<number> {
  return sequelize.transaction(async (transaction) => {
    const { cycle } = await loadCycleFor(sequelize, props.actor, props.cycleId, 'addGoal', transaction);
    const tags = await checkTagIds(sequelize, props.actor.tenant.id, props.tags ?? [], [], transaction);
    const id = await insertRow(sequelize, 'goals', {
      cycle_id: cycle.id, statement: props.statement, student_outcome: props.studentOutcome, success_measure: props.successMeasure, baseline: props.baseline,
      target: props.target, unit: props.unit, due_on: props.dueOn, alignment: JSON.stringify(props.alignment ?? []), status: 'in_progress',
      created_by: props.actor.person.id, created_at: now, updated_at: now,
    }, transaction);
    await setTags(sequelize, 'goal', id, tags, transaction);
    return id;
  });
}
