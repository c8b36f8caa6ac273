/**
 * A reflection task placed in the course rather than in one cycle (the Deep Linking picker of
 * issue 7 calls this): every teacher of the space writes their own reflection on it.
 */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { forbidden } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';

export interface PlacedTaskProps {
  /** A coach or admin of the space. */
  actor: Actor;
  /** The title shown in the course and as the gradebook column. */
  title: string;
  /** 1–5 short questions. */
  prompts: string[];
  /** The resource link it is placed as, when already known (otherwise set on its first launch). */
  resourceLinkId?: string;
  /** The line item the LMS made for the link through Deep Linking, if it did. */
  lineItemUrl?: string;
}

/** Creates the task; returns its id (the custom parameter coachloop_task=reflection:<id> refers to it). */
export async function createPlacedTask(sequelize: Sequelize, props: PlacedTaskProps, now = new Date()): Promise<number> {
  const { actor } = props;
  if (!actor.space || (actor.role !== 'coach' && actor.role !== 'admin')) throw forbidden('Coaches and program admins place reflection tasks in a course.');
  return insertRow(sequelize, 'reflection_tasks', {
    space_id: actor.space.id, cycle_id: null, stage_index: null, resource_link_id: props.resourceLinkId ?? null, lineitem_url: props.lineItemUrl ?? null,
    title: props.title, prompts: JSON.stringify(props.prompts), created_by: actor.person.id, created_at: now, updated_at: now,
  });
}
