/** A coach sets a reflection task for the current stage of a cycle; the teacher's reflection starts as an empty draft. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { forbidden, HttpError } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { CLOSED_CYCLE_STATUSES } from '../../coaching/catalog';
import { loadCycleFor } from '../../coaching/cycleRecords';

export interface TaskCreateProps {
  /** The cycle's coach (still assigned to its teacher). */
  actor: Actor;
  /** The cycle the task belongs to; the task is for its current stage. */
  cycleId: number;
  /** What the reflection is about (up to 120 characters). */
  title: string;
  /** 1–5 short questions the teacher answers. */
  prompts: string[];
}

/** Creates the task and the teacher's draft reflection in one transaction; returns both ids. */
export async function createReflectionTask(sequelize: Sequelize, props: TaskCreateProps, now = new Date()): Promise<{ taskId: number; reflectionId: number }> {
  return sequelize.transaction(async (transaction) => {
    const { cycle, audience } = await loadCycleFor(sequelize, props.actor, props.cycleId, undefined, transaction);
    if (audience !== 'coach') throw forbidden('Your coach sets reflection tasks in your cycle.');
    if (CLOSED_CYCLE_STATUSES.includes(cycle.status)) {
      throw new HttpError(409, 'This cycle is closed', `This cycle is ${cycle.status === 'completed' ? 'completed' : 'stopped'}; reopen it to set a new reflection.`, 'CYCLE_CLOSED');
    }
    const taskId = await insertRow(sequelize, 'reflection_tasks', {
      space_id: cycle.spaceId, cycle_id: cycle.id, stage_index: cycle.stageIndex, resource_link_id: null, lineitem_url: null,
      title: props.title, prompts: JSON.stringify(props.prompts), created_by: props.actor.person.id, created_at: now, updated_at: now,
    }, transaction);
    const reflectionId = await insertRow(sequelize, 'reflections', {
      task_id: taskId, space_id: cycle.spaceId, teacher_person_id: cycle.teacherId, status: 'draft', answers: JSON.stringify(props.prompts.map(() => '')),
      feedback: null, score_given: null, score_maximum: null, graded_by: null, graded_at: null, saved_at: null, submitted_at: null, created_at: now, updated_at: now,
    }, transaction);
    await insertRow(sequelize, 'reflection_events', { reflection_id: reflectionId, from_status: null, to_status: 'draft', person_id: props.actor.person.id, feedback: null, score_given: null, score_maximum: null, at: now }, transaction);
    return { taskId, reflectionId };
  });
}
