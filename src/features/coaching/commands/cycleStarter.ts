/** A coach starts a coaching cycle with one of their assigned teachers. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, forbidden } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { cycleModels } from '../coachingQueries';
import { isAssignedCoach } from '../policies/audience';

export interface CycleStartProps {
  /** The teacher's assigned coach. */
  actor: Actor;
  /** The teacher the cycle is with. */
  teacherId: number;
  /** What the cycle works on. */
  focus: string;
  /** Model key: impact, student-centered or custom:<id> of this space. */
  model: string;
  /** First day (YYYY-MM-DD). */
  startsOn: string;
  /** Planned last day (YYYY-MM-DD), optional. */
  endsOn?: string;
  /** planned (starts later) or active (starts now). */
  status: 'planned' | 'active';
}

/** Creates the cycle at its first stage with the first history entries; returns its id. */
export async function startCycle(sequelize: Sequelize, props: CycleStartProps, now = new Date()): Promise<number> {
  const { actor } = props;
  const spaceId = actor.space!.id;
  if (actor.role !== 'coach') throw forbidden('Only coaches start coaching cycles.');
  return sequelize.transaction(async (transaction) => {
    if (!(await isAssignedCoach(sequelize, spaceId, actor.person.id, props.teacherId, transaction))) {
      throw badRequest('You can start a cycle only with a teacher assigned to you in this course.', 'NOT_ASSIGNED');
    }
    const model = (await cycleModels(sequelize, spaceId, { transaction })).find((m) => m.key === props.model);
    if (!model) throw badRequest('That cycle model is not available in this course. Choose one from the list.', 'UNKNOWN_MODEL');
    const id = await insertRow(sequelize, 'cycles', {
      space_id: spaceId, teacher_person_id: props.teacherId, coach_person_id: actor.person.id, focus: props.focus, model_key: model.key, model_name: model.name,
      stages: JSON.stringify(model.stages), stage_index: 0, status: props.status, starts_on: props.startsOn, ends_on: props.endsOn ?? null,
      created_by: actor.person.id, closed_at: null, created_at: now, updated_at: now,
    }, transaction);
    await insertRow(sequelize, 'cycle_events', { cycle_id: id, kind: 'status', from_value: null, to_value: props.status, stage_index: 0, person_id: actor.person.id, at: now }, transaction);
    await insertRow(sequelize, 'cycle_events', { cycle_id: id, kind: 'stage', from_value: null, to_value: model.stages[0], stage_index: 0, person_id: actor.person.id, at: now }, transaction);
    return id;
  });
}
