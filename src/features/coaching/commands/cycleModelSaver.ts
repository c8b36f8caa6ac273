/** An admin defines a custom cycle model for the space, or archives one (cycles already using it keep their stages). */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, notFound } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { cycleModels } from '../coachingQueries';

export interface CycleModelProps {
  /** An admin of the space. */
  actor: Actor;
  /** The model's name, unique among the space's models. */
  name: string;
  /** Stage names, in order. */
  stages: string[];
}

/** Adds a custom model; returns its id. */
export async function createCycleModel(sequelize: Sequelize, props: CycleModelProps, now = new Date()): Promise<number> {
  const existing = await cycleModels(sequelize, props.actor.space!.id);
  if (existing.some((m) => m.name.toLowerCase() === props.name.toLowerCase())) throw badRequest(`There is already a model called “${props.name}”. Choose another name.`, 'DUPLICATE_MODEL');
  const lower = props.stages.map((s) => s.toLowerCase());
  if (new Set(lower).size !== lower.length) throw badRequest('Each stage needs a different name.', 'DUPLICATE_STAGE');
  return insertRow(sequelize, 'cycle_models', {
    space_id: props.actor.space!.id, name: props.name, stages: JSON.stringify(props.stages), created_by: props.actor.person.id, archived_at: null, created_at: now, updated_at: now,
  });
}

/** Archives a custom model of the actor's space so new cycles cannot pick it. */
export async function archiveCycleModel(sequelize: Sequelize, actor: Actor, modelId: number, now = new Date()): Promise<void> {
  const rows = await sequelize.query<{ id: number }>('SELECT id FROM cycle_models WHERE id = ? AND space_id = ?', { replacements: [modelId, actor.space!.id], type: QueryTypes.SELECT });
  if (!rows[0]) throw notFound('cycle model');
  await sequelize.query('UPDATE cycle_models SET archived_at = COALESCE(archived_at, ?), updated_at = ? WHERE id = ?', { replacements: [now, now, modelId] });
}
