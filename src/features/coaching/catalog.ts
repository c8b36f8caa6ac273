/**
 * The fixed vocabularies of coaching: specialties, grade bands, session kinds, statuses and the
 * built-in cycle models. Keys are stored; labels are shown. Adding an entry here is enough for
 * forms, validation and labels to pick it up.
 */

/** Areas a coach specialises in and a teacher can ask for help with (matching compares them). */
export const SPECIALTIES = {
  math: 'Math',
  literacy: 'Literacy',
  science: 'Science',
  social_studies: 'Social studies',
  sel: 'Social-emotional learning',
  special_education: 'Special education',
  english_learners: 'English learners',
  technology: 'Technology integration',
  data: 'Data analysis',
  classroom_management: 'Classroom management',
  assessment: 'Assessment and feedback',
  engagement: 'Student engagement',
} as const;
export type Specialty = keyof typeof SPECIALTIES;
export const SPECIALTY_KEYS = Object.keys(SPECIALTIES) as Specialty[];

/** Grade bands, in order (matching treats neighbours as a partial fit). */
export const GRADE_BANDS = {
  pre_k: 'Pre-K',
  k_2: 'K–2',
  g3_5: 'Grades 3–5',
  g6_8: 'Grades 6–8',
  g9_12: 'Grades 9–12',
  adult: 'Adult / staff',
} as const;
export type GradeBand = keyof typeof GRADE_BANDS;
export const GRADE_BAND_KEYS = Object.keys(GRADE_BANDS) as GradeBand[];

/** Kinds of coaching activity the session log records. */
export const SESSION_KINDS = {
  planning: 'Planning meeting',
  observation: 'Classroom visit / data collection',
  co_teaching: 'Co-teaching',
  modeling: 'Modeling a lesson',
  debrief: 'Debrief',
  group_pd: 'Group PD',
  check_in: 'Informal check-in',
} as const;
export type SessionKind = keyof typeof SESSION_KINDS;
export const SESSION_KIND_KEYS = Object.keys(SESSION_KINDS) as SessionKind[];

export const SESSION_FORMATS = { in_person: 'In person', virtual: 'Virtual' } as const;
export type SessionFormat = keyof typeof SESSION_FORMATS;

/** Minutes offered as one-tap choices in the session log (any other value can be typed). */
export const QUICK_MINUTES = [15, 30, 45, 60, 90] as const;

export const CYCLE_STATUSES = {
  planned: 'Planned',
  active: 'Active',
  paused: 'Paused',
  completed: 'Completed',
  abandoned: 'Stopped early',
} as const;
export type CycleStatus = keyof typeof CYCLE_STATUSES;
export const CYCLE_STATUS_KEYS = Object.keys(CYCLE_STATUSES) as CycleStatus[];
/** Cycles in these states are over: no stage moves, sessions or new goals. */
export const CLOSED_CYCLE_STATUSES: readonly CycleStatus[] = ['completed', 'abandoned'];

export const GOAL_STATUSES = {
  in_progress: 'In progress',
  met: 'Met',
  partly_met: 'Partly met',
  not_met: 'Not met',
} as const;
export type GoalStatus = keyof typeof GOAL_STATUSES;
export const GOAL_STATUS_KEYS = Object.keys(GOAL_STATUSES) as GoalStatus[];

export const PARTICIPATION_STATUSES = {
  opted_in: 'Taking part',
  paused: 'Paused',
  left: 'Left coaching',
} as const;
export type ParticipationStatus = keyof typeof PARTICIPATION_STATUSES;

/** A cycle model: an ordered list of stages. */
export interface CycleModel {
  /** impact | student-centered | custom:<id> */
  key: string;
  name: string;
  stages: string[];
  description: string;
}

/** The models every space has. Custom models are added per space by an admin. */
export const BUILT_IN_MODELS: readonly CycleModel[] = [
  {
    key: 'impact',
    name: 'Impact Cycle',
    stages: ['Identify', 'Learn', 'Improve'],
    description: 'Identify a goal from a clear picture of the classroom, learn a teaching strategy to reach it, improve until the goal is met.',
  },
  {
    key: 'student-centered',
    name: 'Student-Centered Coaching',
    stages: ['Goal', 'Learning targets', 'Pre-assessment', 'Instruction', 'Post-assessment'],
    description: 'Start from a goal for student learning, break it into targets, assess before and after the co-planned instruction.',
  },
];

/** Days before a goal's due date from which slow progress counts as "at risk". */
export const AT_RISK_WINDOW_DAYS = 14;
/** Share of the way from baseline to target a goal should reach by its due date window. */
export const AT_RISK_PROGRESS = 0.75;
/** Caseload capacity assumed for a coach who has not filled in a profile yet. */
export const DEFAULT_CAPACITY = 12;

/** Labels of a list of keys from a vocabulary, skipping unknown keys. */
export function labelsOf<T extends Record<string, string>>(vocabulary: T, keys: readonly string[]): string[] {
  return keys.filter((k): k is Extract<keyof T, string> => k in vocabulary).map((k) => vocabulary[k]);
}
