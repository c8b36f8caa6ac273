/**
 * What a coach or admin can place in a course through the LMS content picker (Deep Linking), and
 * the custom parameter a placed link carries so its launches open the right task.
 */

/** The custom parameter naming the task a placed link opens (lower case: Schoology lower-cases keys). */
export const TASK_PARAMETER = 'coachloop_task';

/** The value of TASK_PARAMETER for each kind of task. */
export const taskValue = {
  survey: (id: number) => `survey:${id}`,
  reflection: (id: number) => `reflection:${id}`,
  goals: () => 'goals',
} as const;

/** A placed task as its custom parameter names it; undefined for anything else. */
export type PlacedTask = { kind: 'survey'; id: number } | { kind: 'reflection'; id: number } | { kind: 'goals' };

/** Reads TASK_PARAMETER ("survey:12", "reflection:3", "goals"). */
export function parseTaskValue(value: string | undefined): PlacedTask | undefined {
  const v = (value ?? '').trim();
  if (v === 'goals') return { kind: 'goals' };
  const m = /^(survey|reflection):(\d{1,9})$/.exec(v);
  if (!m) return undefined;
  return { kind: m[1] as 'survey' | 'reflection', id: Number(m[2]) };
}

/** A fixed kind of item in the picker (surveys are listed one by one besides these). */
export interface PlaceableKind {
  /** The picker's value for it. */
  key: 'reflection' | 'goals' | 'home';
  title: string;
  /** What it is, for the picker. */
  description: string;
  /** What launching it does, person by person (the picker's preview). */
  opens: string[];
  /** The text the LMS shows under the link. */
  linkText: string;
}

export const REFLECTION_KIND: PlaceableKind = {
  key: 'reflection',
  title: 'Reflection',
  description: 'A new reflection task with your own questions. Each teacher writes their own reflection; their coach reads it, gives feedback and marks it complete.',
  opens: [
    'Teachers: their own reflection on these questions (saved as a draft until they submit it).',
    'Coaches: the reflections waiting for them.',
    'Completion credit goes to the gradebook when the coach completes a reflection; the text never leaves CoachLoop.',
  ],
  linkText: 'A reflection in CoachLoop. What you write is shared only with your coach.',
};

export const GOALS_KIND: PlaceableKind = {
  key: 'goals',
  title: 'Goal setting',
  description: 'A link that opens the goal-setting page of each teacher\'s current coaching cycle.',
  opens: [
    'Teachers with a cycle running: the goals of that cycle, where they set a goal with their coach and record progress.',
    'Teachers without a cycle: "My coaching", where they opt in or see what comes next.',
    'Coaches, admins and everyone else: their CoachLoop home.',
  ],
  linkText: 'Set and track your coaching goals in CoachLoop.',
};

export const HOME_KIND: PlaceableKind = {
  key: 'home',
  title: 'CoachLoop',
  description: 'A link that opens CoachLoop in this course: each person lands on their own page, with what their role lets them do.',
  opens: ['Everyone: their CoachLoop home in this course.'],
  linkText: 'CoachLoop: coaching cycles, goals, reflections and surveys for this course.',
};

/** Custom parameters of a placed home link (kept as placed links already carry it). */
export const HOME_CUSTOM = { coachloop_item: 'home' };

/** Default titles in the course. */
export const DEFAULT_TITLES = { home: 'CoachLoop', goals: 'My coaching goals', reflection: 'Reflection' } as const;

/** Tags of the gradebook columns (the same the survey and reflection grades carry). */
export const LINE_ITEM_TAGS = { survey: 'coachloop-survey', reflection: 'coachloop-reflection' } as const;
