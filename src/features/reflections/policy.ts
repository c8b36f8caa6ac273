/**
 * Reflection policy: what an audience may do with a reflection. Deny by default. Reflections
 * are coaching content (privacy wall item 'reflections'): only the teacher and their assigned
 * coach read them. An admin may complete or grade — never read — and only when the space's
 * setting allows it.
 */
import { sees, type Audience } from '../coaching/policies/privacyWall';
import type { ReflectionSettings, ReflectionStatus } from './catalog';

export interface ReflectionAbilities {
  /** Read the answers and the feedback. */
  read: boolean;
  /** Save a draft and submit (the teacher, while it is a draft or returned). */
  write: boolean;
  /** Give feedback and return for revision (the assigned coach). */
  review: boolean;
  /** Complete it and send the grade (the assigned coach, or an admin when the space allows). */
  grade: boolean;
  /** Send a grade whose delivery failed again. */
  retryGrade: boolean;
}

export type ReflectionAction = Exclude<keyof ReflectionAbilities, 'read'>;

const NONE: ReflectionAbilities = { read: false, write: false, review: false, grade: false, retryGrade: false };

/** The abilities of an audience on a reflection (the state machine in catalog.ts refines write/review/grade). */
export function reflectionAbilities(audience: Audience | undefined, settings: ReflectionSettings): ReflectionAbilities {
  if (audience === 'admin') return { ...NONE, grade: settings.adminsMayGrade };
  if (!audience || !sees(audience, 'reflections')) return NONE;
  if (audience === 'teacher') return { ...NONE, read: true, write: true };
  if (audience === 'coach') return { read: true, write: false, review: true, grade: true, retryGrade: true };
  return NONE;
}

/** Whether a refused audience may know the reflection exists (403) or must get "not found" (404). */
export function knowsOf(audience: Audience | undefined): boolean {
  return audience === 'admin' || audience === 'teacher' || audience === 'coach';
}

/** Why an action is refused to someone who knows of the reflection (shown on the 403 page). */
export function refusalMessage(action: ReflectionAction | 'read', audience: Audience): string {
  if (audience === 'admin') {
    return action === 'grade'
      ? 'In this course only the teacher’s coach grades reflections. A program admin can allow admins to grade on the reflection settings page.'
      : 'Reflections are private between a teacher and their coach; program admins see only counts.';
  }
  if (audience === 'teacher') return 'Your coach gives feedback on and completes your reflection.';
  return 'Only the teacher writes their reflection; you can give feedback once it is submitted.';
}

/** Whether the status is one the teacher can still edit. */
export function editable(status: ReflectionStatus): boolean {
  return status === 'draft' || status === 'returned';
}
