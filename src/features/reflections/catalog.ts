/**
 * The words and rules of reflections: states, what moves between them, and how a grade is
 * worked out from the space's grading setting. No database here.
 */

export const REFLECTION_STATUSES = ['draft', 'submitted', 'returned', 'complete'] as const;
export type ReflectionStatus = (typeof REFLECTION_STATUSES)[number];

export const STATUS_LABELS: Record<ReflectionStatus, string> = {
  draft: 'Draft', submitted: 'Submitted', returned: 'Returned for revision', complete: 'Complete',
};
export const STATUS_CHIPS: Record<ReflectionStatus, string> = {
  draft: '', submitted: 'chip-warn', returned: 'chip-warn', complete: 'chip-good',
};

/** What someone does to a reflection. */
export type ReflectionMove = 'save' | 'submit' | 'return' | 'complete';

export type GradingMode = 'completion' | 'points';

/** A space's reflection settings (defaults when its admin never saved any). */
export interface ReflectionSettings {
  grading: GradingMode;
  /** The most points a reflection can get when grading is 'points'. */
  pointsMax: number;
  /** Admins may complete or grade submitted reflections (without reading them). */
  adminsMayGrade: boolean;
}

export const DEFAULT_SETTINGS: ReflectionSettings = { grading: 'completion', pointsMax: 10, adminsMayGrade: false };

/**
 * Completion credit: full credit is 1 out of 1. One point reads as "done" in every gradebook
 * (Canvas shows 1/1 or "complete" with a complete/incomplete assignment) and never as a rating
 * out of 100 — coaching is non-evaluative. The LMS scales it to whatever maximum its column has.
 */
export const COMPLETION_MAXIMUM = 1;

/** The state a move leads to, or why it is refused (in words the person reads). */
export function nextStatus(from: ReflectionStatus, move: ReflectionMove, grading: GradingMode): { to: ReflectionStatus } | { refused: string } {
  switch (move) {
    case 'save':
      if (from === 'draft' || from === 'returned') return { to: from };
      return { refused: from === 'submitted' ? 'Your reflection is with your coach now. You can revise it if they return it to you.' : 'This reflection is complete, so it can no longer be changed.' };
    case 'submit':
      if (from === 'draft' || from === 'returned') return { to: 'submitted' };
      return { refused: from === 'submitted' ? 'This reflection is already submitted; your coach has it.' : 'This reflection is complete, so it can no longer be submitted again.' };
    case 'return':
      if (from === 'submitted') return { to: 'returned' };
      return { refused: from === 'complete' ? 'This reflection is complete; it can no longer be returned for revision.' : 'Only a submitted reflection can be returned; this one is not submitted yet.' };
    case 'complete':
      if (from === 'submitted') return { to: 'complete' };
      if (from === 'complete' && grading === 'points') return { to: 'complete' };
      if (from === 'complete') return { refused: 'This reflection is already complete and its credit has been given.' };
      return { refused: 'Only a submitted reflection can be completed; wait until the teacher submits it.' };
  }
}

/** The score a completion gives: full completion credit, or the points given out of the space's maximum. */
export function scoreFor(settings: ReflectionSettings, points: number | undefined): { scoreGiven: number; scoreMaximum: number } | { refused: string } {
  if (settings.grading === 'completion') return { scoreGiven: COMPLETION_MAXIMUM, scoreMaximum: COMPLETION_MAXIMUM };
  if (points === undefined) return { refused: `Give points from 0 to ${settings.pointsMax}; this course grades reflections with points.` };
  if (points > settings.pointsMax) return { refused: `Give at most ${settings.pointsMax} points.` };
  return { scoreGiven: points, scoreMaximum: settings.pointsMax };
}

/** The gradebook's key for a task: one LMS line item per task and space. */
export function resourceKeyOf(taskId: number): string {
  return `reflection-task:${taskId}`;
}

/** The outbox source type of reflection grades. */
export const GRADE_SOURCE = 'reflection';
