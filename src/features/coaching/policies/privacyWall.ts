/**
 * The privacy wall as data: for each kind of information about a teacher's coaching, who may see
 * it. Policies, presenters and the "Who can see what" page all read this one table, so what the
 * page promises is what the code does. Anything not listed for an audience is denied.
 */

/** How a viewer relates to a teacher's coaching record. */
export type Audience = 'teacher' | 'coach' | 'otherCoach' | 'mentor' | 'admin' | 'otherTeacher';

/** How much of an item an audience sees: the item itself, or only totals over groups. */
export type Access = 'full' | 'aggregate';

/** One kind of information, in the words the teacher reads. */
export interface PrivacyItem {
  key: PrivacyKey;
  label: string;
  /** Who sees it and how; an audience missing here sees nothing of it. */
  access: Partial<Record<Audience, Access>>;
  /** Whether this is private coaching content (reads by anyone but the teacher are audited). */
  content: boolean;
  /** Extra words for an audience's access, shown on the page (e.g. a condition). */
  conditions?: Partial<Record<Audience, string>>;
}

export type PrivacyKey =
  | 'participation' | 'matchingFacts' | 'needsNote' | 'assignment' | 'cycleProgress'
  | 'cycleFocus' | 'goals' | 'standardsTags' | 'learningLinks' | 'checkins' | 'sessionLog' | 'groupAttendance' | 'sessionNotes'
  | 'reflections' | 'reflectionStatus' | 'surveyAnswers' | 'surveyCompletion' | 'pdCredit' | 'totals';

export const PRIVACY_ITEMS: readonly PrivacyItem[] = [
  {
    key: 'participation', label: 'That you take part in coaching (or paused or left), and since when', content: false,
    access: { teacher: 'full', coach: 'full', admin: 'full', otherCoach: 'full' },
    conditions: { otherCoach: 'only while you have no coach, and only if your program lets coaches take on teachers themselves' },
  },
  {
    key: 'matchingFacts', label: 'Your subjects, grade band and the areas you want help with (chosen from a list)', content: false,
    access: { teacher: 'full', coach: 'full', admin: 'full', otherCoach: 'full' },
    conditions: { admin: 'to suggest a coach who fits', otherCoach: 'only while you have no coach, and only if your program lets coaches take on teachers themselves' },
  },
  {
    key: 'needsNote', label: 'What you wrote, in your own words, about the help you want', content: true,
    access: { teacher: 'full', coach: 'full' },
  },
  {
    key: 'assignment', label: 'Who your coach is', content: false,
    access: { teacher: 'full', coach: 'full', admin: 'full' },
  },
  {
    key: 'cycleProgress', label: 'Your coaching cycles: model, stage, status and dates', content: false,
    access: { teacher: 'full', coach: 'full', admin: 'aggregate', mentor: 'aggregate' },
  },
  {
    key: 'cycleFocus', label: 'The focus of each cycle', content: true,
    access: { teacher: 'full', coach: 'full' },
  },
  {
    key: 'goals', label: 'Your goals: statement, student outcome, measures, baseline and target, alignment', content: true,
    access: { teacher: 'full', coach: 'full', admin: 'aggregate', mentor: 'aggregate' },
    conditions: { admin: 'only how many goals are met, partly met or not met across a group', mentor: 'only how many goals are met, partly met or not met across a group' },
  },
  {
    key: 'standardsTags', label: 'The standards and curriculum tags of your goals and sessions (for example ISTE 2.4 Collaborator)', content: false,
    access: { teacher: 'full', coach: 'full', admin: 'aggregate' },
    conditions: { admin: 'only as hours, sessions and goals per tag, over groups of at least the minimum size' },
  },
  {
    key: 'learningLinks', label: 'Professional learning linked to your cycle or goals (a workshop, a course, an LMS page) and why it matters', content: true,
    access: { teacher: 'full', coach: 'full', admin: 'aggregate' },
    conditions: { admin: 'only how many cycles link each offering of the district’s catalog, never whose cycles or why' },
  },
  {
    key: 'checkins', label: 'Progress check-ins on your goals: values, notes and evidence links', content: true,
    access: { teacher: 'full', coach: 'full' },
  },
  {
    key: 'sessionLog', label: 'Coaching sessions: date, kind, minutes, in person or virtual', content: false,
    access: { teacher: 'full', coach: 'full', admin: 'aggregate', mentor: 'aggregate' },
    conditions: { admin: 'only total hours and sessions across a group', mentor: 'only total hours and sessions across a group' },
  },
  {
    key: 'groupAttendance', label: 'That you attended a group session (workshop, PLC, demo lesson) and the catalog offering it belonged to', content: false,
    access: { teacher: 'full', coach: 'full', admin: 'aggregate' },
    conditions: { admin: 'only as counts: sessions and attendees per offering, hours across a group' },
  },
  {
    key: 'sessionNotes', label: "Session notes and next steps", content: true,
    access: { teacher: 'full', coach: 'full' },
  },
  {
    key: 'reflections', label: 'Your reflections and your coach’s feedback on them', content: true,
    access: { teacher: 'full', coach: 'full' },
  },
  {
    key: 'reflectionStatus', label: 'Whether each reflection is submitted or complete, and whether its credit reached the LMS gradebook', content: false,
    access: { teacher: 'full', coach: 'full', admin: 'full' },
    conditions: { admin: 'only if your program lets admins give reflection credit; never what you wrote' },
  },
  {
    key: 'surveyAnswers', label: 'Your answers to surveys', content: true,
    access: { teacher: 'full', coach: 'aggregate', admin: 'aggregate' },
    conditions: {
      coach: 'only for surveys they made, as totals over groups of at least the minimum size; free text only pooled, never with who wrote it',
      admin: 'only as totals over groups of at least the minimum size; free text only pooled, never with who wrote it',
    },
  },
  {
    key: 'surveyCompletion', label: 'Whether you completed a survey placed in your course', content: false,
    access: { teacher: 'full', admin: 'aggregate', coach: 'aggregate' },
    conditions: {
      admin: 'as response rates; the LMS gradebook also shows the completion credit to whoever can read it there',
      coach: 'as response rates; the LMS gradebook also shows the completion credit to whoever can read it there',
    },
  },
  {
    key: 'pdCredit', label: 'Your PD-credit summary: hours of coaching by kind of session, group sessions attended, cycles and reflections completed, and the credits they give', content: false,
    access: { teacher: 'full', coach: 'full', admin: 'full' },
    conditions: {
      coach: 'only your assigned coach, for the coaching in their course',
      admin: 'only these totals, over whole months, so your program can recognise your professional learning; never the dates of single sessions, notes, cycle focus or anything you wrote',
    },
  },
  {
    key: 'totals', label: 'Program totals (hours, cycles, goals met) over groups of at least the minimum group size', content: false,
    access: { teacher: 'full', coach: 'full', admin: 'full', mentor: 'full' },
  },
];

const BY_KEY = new Map(PRIVACY_ITEMS.map((i) => [i.key, i]));

/** How much of an item an audience may see (undefined: nothing). */
export function accessTo(audience: Audience, key: PrivacyKey): Access | undefined {
  return BY_KEY.get(key)?.access[audience];
}

/** True when the audience may see the item itself (not just totals). */
export function sees(audience: Audience, key: PrivacyKey): boolean {
  return accessTo(audience, key) === 'full';
}

/** True when the item is private coaching content (its reads by others are audited). */
export function isContent(key: PrivacyKey): boolean {
  return BY_KEY.get(key)?.content ?? false;
}

/**
 * Keeps only the fields an audience may see. `fields` maps each output field to the privacy item
 * it belongs to; a field whose item the audience cannot see fully is left out, not blanked.
 */
export function allowFields<T extends Record<string, unknown>>(audience: Audience, record: T, fields: { [K in keyof T]?: PrivacyKey | 'always' }): Partial<T> {
  const out: Partial<T> = {};
  for (const name of Object.keys(fields) as Array<keyof T>) {
    const item = fields[name];
    if (item === 'always' || (item !== undefined && sees(audience, item))) out[name] = record[name];
  }
  return out;
}
