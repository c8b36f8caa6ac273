/**
 * Launches of links placed through the content picker: the custom parameter coachloop_task says
 * which task the link is for, and the launching person is sent to their side of it — a survey's
 * page (tied to the link and its gradebook column on the way), their own reflection, or the goals
 * of their current coaching cycle.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import type { LtiLaunch } from '../../lti/launch';
import { CLOSED_CYCLE_STATUSES } from '../coaching/catalog';
import { linkPlacedTask } from '../reflections/commands/placedTaskLinker';
import { attachPlacement, surveyPathFor } from '../surveys/placement';
import { parseTaskValue, TASK_PARAMETER } from './catalog';

/** Who has a reflections page (the reflections list's policy). */
const REFLECTION_ROLES: readonly string[] = ['teacher', 'coach', 'admin'];

/** Where a placed link sends the person: a CoachLoop path (the caller adds the ltik), and a fragment to scroll to. */
export interface PlacedDestination {
  path: string;
  /** '#…' to append after the query string, or undefined. */
  hash?: string;
}

/**
 * Routes a resource-link launch of a placed link. Undefined when the launch names no task (or one
 * CoachLoop does not know here): the caller shows the home page.
 */
export async function routePlacedLaunch(sequelize: Sequelize, actor: Actor, launch: Pick<LtiLaunch, 'custom' | 'resourceLink' | 'ags'>, now = new Date()): Promise<PlacedDestination | undefined> {
  const task = parseTaskValue(launch.custom[TASK_PARAMETER]);
  if (!task || !actor.space) return undefined;
  switch (task.kind) {
    case 'reflection': {
      // Ties the task to the link whoever launches first; mentors and others have no reflections to open.
      const placed = await linkPlacedTask(sequelize, actor, launch, now);
      if (!placed) return undefined;
      return REFLECTION_ROLES.includes(actor.role) ? { path: placed.path } : { path: '/app/home' };
    }
    case 'survey':
      // The survey's page decides what each person sees (the form, or its builder and results)
      // and refuses a survey of another course; the first link placed gets the completion column.
      if (launch.resourceLink) {
        await attachPlacement(sequelize, task.id, { spaceId: actor.space.id, resourceLinkId: launch.resourceLink.id, lineItemUrl: launch.ags?.lineitem }, now);
      }
      return { path: surveyPathFor(task.id) };
    case 'goals':
      return goalsDestination(sequelize, actor);
  }
}

/** A teacher's goals: the current cycle's goals section, or "My coaching" without a cycle; others go home. */
async function goalsDestination(sequelize: Sequelize, actor: Actor): Promise<PlacedDestination> {
  if (actor.role !== 'teacher') return { path: '/app/home' };
  const cycles = await sequelize.query<{ id: number; status: string }>(
    'SELECT id, status FROM cycles WHERE space_id = ? AND teacher_person_id = ? ORDER BY created_at DESC, id DESC',
    { replacements: [actor.space!.id, actor.person.id], type: QueryTypes.SELECT },
  );
  const current = cycles.find((c) => !(CLOSED_CYCLE_STATUSES as readonly string[]).includes(c.status));
  return current ? { path: `/app/cycles/${Number(current.id)}`, hash: '#goals-heading' } : { path: '/app/coaching' };
}
