/**
 * Cycle policy: what an audience may do with a cycle (and the goals, check-ins and sessions inside
 * it). Deny by default: only the teacher and their assigned coach have any ability.
 */
import { CLOSED_CYCLE_STATUSES, type CycleStatus } from '../catalog';
import { sees, type Audience } from './privacyWall';

export interface CycleAbilities {
  /** Open the cycle page (focus, goals, check-ins, sessions, notes). */
  read: boolean;
  /** Move between stages (one click, recorded). */
  moveStage: boolean;
  /** Change the status (start, pause, complete, stop, reopen). */
  changeStatus: boolean;
  /** Record a coaching session. */
  logSession: boolean;
  /** Add a goal. */
  addGoal: boolean;
  /** Record progress on a goal and set its status. */
  updateGoals: boolean;
  /** Link professional learning (a catalog offering or an LMS page) to the cycle or a goal, and unlink it. */
  linkLearning: boolean;
}

export type CycleAction = Exclude<keyof CycleAbilities, 'read'>;

const NONE: CycleAbilities = { read: false, moveStage: false, changeStatus: false, logSession: false, addGoal: false, updateGoals: false, linkLearning: false };

/** The abilities of an audience on a cycle in a given status. */
export function cycleAbilities(audience: Audience | undefined, status: CycleStatus): CycleAbilities {
  if (!audience || !sees(audience, 'cycleFocus') || (audience !== 'teacher' && audience !== 'coach')) return NONE;
  const open = !CLOSED_CYCLE_STATUSES.includes(status);
  const coach = audience === 'coach';
  return { read: true, moveStage: coach && open, changeStatus: coach, logSession: coach && open, addGoal: open, updateGoals: open, linkLearning: open };
}

/** Why an action is refused to someone who may read the cycle (shown on the 403/409 page). */
export function refusalReason(action: CycleAction, audience: Audience, status: CycleStatus): { status: 403 | 409; message: string } {
  if (audience === 'teacher' && (action === 'moveStage' || action === 'changeStatus' || action === 'logSession')) {
    return { status: 403, message: 'Your coach moves the cycle along and records sessions. Ask them if something needs changing.' };
  }
  return { status: 409, message: `This cycle is ${status === 'completed' ? 'completed' : 'stopped'}. Your coach can reopen it if there is more to do.` };
}
