/**
 * A resource-link launch that carries the custom parameter coachloop_task=reflection:<id>: ties
 * the task to the link (and to the line item the LMS made for it, so grades land in that column
 * and no stray column appears) and, for a teacher, opens their reflection on it.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import type { LtiLaunch } from '../../../lti/launch';
import { findTask } from '../reflectionRecords';
import { ensureReflection } from './reflectionStarter';

/** The custom parameter naming the task a placed link opens. */
export const TASK_PARAMETER = 'coachloop_task';

/**
 * Links the launch's resource link to the task it names and returns where to send the person:
 * the teacher's reflection, or the reflections page for anyone else. Undefined when the launch
 * names no reflection task of the actor's space (or the task is tied to another link).
 */
export async function linkPlacedTask(sequelize: Sequelize, actor: Actor, launch: Pick<LtiLaunch, 'custom' | 'resourceLink' | 'ags'>, now = new Date()): Promise<{ taskId: number; reflectionId?: number; path: string } | undefined> {
  const m = /^reflection:(\d{1,9})$/.exec(launch.custom[TASK_PARAMETER] ?? '');
  if (!m || !actor.space || !launch.resourceLink) return undefined;
  const task = await findTask(sequelize, actor.space.id, Number(m[1]));
  if (!task || task.cycleId !== null) return undefined;
  if (task.resourceLinkId === null) {
    await sequelize.query('UPDATE reflection_tasks SET resource_link_id = ?, updated_at = ? WHERE id = ? AND resource_link_id IS NULL', { replacements: [launch.resourceLink.id, now, task.id], type: QueryTypes.UPDATE });
  } else if (task.resourceLinkId !== launch.resourceLink.id) {
    return undefined;
  }
  if (task.lineItemUrl === null && launch.ags?.lineitem) {
    await sequelize.query('UPDATE reflection_tasks SET lineitem_url = ?, updated_at = ? WHERE id = ? AND lineitem_url IS NULL', { replacements: [launch.ags.lineitem, now, task.id], type: QueryTypes.UPDATE });
  }
  if (actor.role !== 'teacher') return { taskId: task.id, path: '/app/reflections' };
  const reflectionId = await ensureReflection(sequelize, { taskId: task.id, spaceId: actor.space.id, teacherId: actor.person.id, prompts: task.prompts.length }, now);
  return { taskId: task.id, reflectionId, path: `/app/reflections/${reflectionId}` };
}
