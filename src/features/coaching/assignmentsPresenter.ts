/**
 * View models of the admin's coaching pages: assignments (waiting teachers with ranked coach
 * suggestions, current assignments, participation counts) and coaching settings. Teacher fields
 * pass the privacy wall's allowlist for the admin audience, so a needs note or anything else
 * private can never reach these templates.
 */
import type { Actor } from '../../auth/actor';
import type { AssignmentRow, ParticipationCounts } from './adminQueries';
import { DEFAULT_CAPACITY, GRADE_BANDS, labelsOf, PARTICIPATION_STATUSES, SPECIALTIES, type CycleModel } from './catalog';
import type { TeacherProfile } from './coachingQueries';
import { suggestCoaches, WEIGHTS, type CoachCandidate, type Suggestion } from './matching';
import { pageBase, when } from './pageModel';
import { allowFields } from './policies/privacyWall';

/**
 * "How suggestions are ranked", shown on the assignments page; docs/matching.md carries the same
 * sentences (a test keeps them identical).
 */
export const RANKING_EXPLANATION: readonly string[] = [
  'Each coach of the course gets a score out of 100, made of three parts.',
  `Specialty fit, up to ${WEIGHTS.specialty} points: the share of the areas the teacher asked for help with that the coach specialises in. A coach who covers 2 of 3 areas gets 40.`,
  `Grade band, up to ${WEIGHTS.gradeBand} points: ${WEIGHTS.gradeBand} when the coach works with the teacher's grade band, ${WEIGHTS.neighbourBand} when they work with a neighbouring band (for example grades 3–5 for a grades 6–8 teacher), otherwise 0.`,
  `Caseload headroom, up to ${WEIGHTS.headroom} points: the free share of the coach's caseload capacity. A coach with 5 of 10 places free gets 8 (rounded).`,
  'Coaches at or over capacity score 0 for headroom and are listed after every coach with room, whatever their score.',
  'When two coaches have the same score, the one with more free places comes first, then names in alphabetical order, so the list stays the same between visits.',
  `A coach who has not filled in a coach profile yet has no known specialties or grade bands (0 points for both) and counts as having room for ${DEFAULT_CAPACITY} teachers.`,
  'The score is a suggestion, not a decision: you choose the coach, and the score shown when you confirm is kept with the assignment.',
];

/** Suggestions shown at once per teacher; the rest are one click away. */
export const SHOWN_SUGGESTIONS = 3;

const NOTICES: Record<string, string> = {
  assigned: 'Coach assigned. The teacher now appears on the coach’s caseload.',
  ended: 'Assignment ended. The coach no longer sees this teacher’s coaching record; the record itself is kept.',
  settings: 'Settings saved.',
  model: 'Cycle model added. Coaches can choose it when they start a cycle.',
  archived: 'Cycle model archived. Cycles already using it keep their stages.',
};

/** The fixed notice for a `notice` query value (anything else shows nothing). */
export function noticeFor(key: unknown): string | undefined {
  return typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key] : undefined;
}

const bandLabel = (band: string) => (GRADE_BANDS as Record<string, string>)[band] ?? band;

/** Only what the admin may see of a teacher's profile (participation and matching facts). */
function adminView(t: TeacherProfile) {
  return allowFields('admin', {
    personId: t.personId, name: t.name, subjects: t.subjects, gradeBand: t.gradeBand, needAreas: t.needAreas, needsNote: t.needsNote, optedInAt: t.optedInAt,
  }, { personId: 'always', name: 'always', subjects: 'matchingFacts', gradeBand: 'matchingFacts', needAreas: 'matchingFacts', optedInAt: 'participation' });
}

function presentSuggestion(s: Suggestion) {
  const c = s.coach;
  return {
    coachId: c.personId, coachName: c.name, score: s.score, reasons: s.reasons, full: s.full,
    parts: [
      { label: 'Specialty fit', value: s.parts.specialty, max: WEIGHTS.specialty },
      { label: 'Grade band', value: s.parts.gradeBand, max: WEIGHTS.gradeBand },
      { label: 'Room in caseload', value: s.parts.headroom, max: WEIGHTS.headroom },
    ],
  };
}

/** What the admin typed in the last form (kept when the page is shown again with an error). */
export interface AssignmentForm {
  teacherId?: number;
  coachId?: number;
}

/** Everything the assignments page shows. */
export interface AssignmentsData {
  teachers: TeacherProfile[];
  coaches: CoachCandidate[];
  assignments: AssignmentRow[];
  counts: ParticipationCounts;
  /** Active assignments per coach in this course. */
  perCoach: Map<number, number>;
  error?: string;
  notice?: string;
  form?: AssignmentForm;
}

/** The assignments page view model. */
export function presentAssignments(actor: Actor, data: AssignmentsData) {
  const assigned = new Set(data.assignments.map((a) => a.teacherId));
  const profiles = new Map(data.teachers.map((t) => [t.personId, t]));
  const waiting = data.teachers.filter((t) => t.status === 'opted_in' && !assigned.has(t.personId)).map((t) => {
    const seen = adminView(t);
    const ranked = suggestCoaches(t, data.coaches).map(presentSuggestion);
    return {
      personId: seen.personId, name: seen.name, subjects: (seen.subjects ?? []).join(', ') || 'not given',
      gradeBand: bandLabel(seen.gradeBand ?? ''), needAreas: labelsOf(SPECIALTIES, seen.needAreas ?? []),
      optedInOn: seen.optedInAt ? seen.optedInAt.toISOString().slice(0, 10) : '',
      suggestions: ranked.slice(0, SHOWN_SUGGESTIONS), more: ranked.slice(SHOWN_SUGGESTIONS),
    };
  });

  const assignments = data.assignments.map((a) => {
    const profile = profiles.get(a.teacherId);
    const canReassign = a.teacherInCourse && a.participation === 'opted_in' && profile !== undefined;
    const others = canReassign ? data.coaches.filter((c) => c.personId !== a.coachId) : [];
    const ranked = profile ? suggestCoaches(profile, others) : [];
    const chosen = data.form?.teacherId === a.teacherId ? data.form.coachId : undefined;
    return {
      id: a.id, teacherId: a.teacherId, teacherName: a.teacherName, coachName: a.coachName,
      confirmedAt: when(a.confirmedAt), confirmedBy: a.confirmedByName ?? 'someone no longer in CoachLoop',
      matchScore: a.matchScore, hasScore: a.matchScore !== undefined,
      status: !a.teacherInCourse ? 'No longer in the course' : a.participation && a.participation !== 'opted_in' ? PARTICIPATION_STATUSES[a.participation] : undefined,
      statusClass: a.participation === 'left' || !a.teacherInCourse ? 'chip-bad' : 'chip-warn',
      canReassign: canReassign && ranked.length > 0,
      whyNoReassign: !a.teacherInCourse ? 'The teacher is no longer in the course.' : a.participation === 'paused' ? 'The teacher paused coaching; you can change the coach when they take part again.' : undefined,
      reassignOptions: ranked.map((s) => ({ value: s.coach.personId, label: `${s.coach.name} — score ${s.score}${s.full ? ' (at capacity)' : ''}`, selected: s.coach.personId === chosen })),
    };
  });

  const c = data.counts;
  return {
    ...pageBase(actor, '/app/assignments', 'Assignments'),
    error: data.error,
    notice: data.notice,
    hasCoaches: data.coaches.length > 0,
    waiting,
    assignments,
    kpis: [
      { label: 'Teachers in the course', n: c.teachers },
      { label: 'Taking part in coaching', n: c.optedIn },
      { label: 'Paused', n: c.paused },
      { label: 'Left coaching', n: c.left },
      { label: 'Not opted in', n: Math.max(0, c.teachers - c.optedIn - c.paused - c.left) },
      { label: 'With a coach', n: c.withCoach },
      { label: 'Waiting for a coach', n: waiting.length },
    ],
    coaches: data.coaches.slice().sort((a, b) => a.name.localeCompare(b.name) || a.personId - b.personId).map((coach) => ({
      name: coach.name, caseload: coach.caseload, capacity: coach.capacity, here: data.perCoach.get(coach.personId) ?? 0,
      full: coach.caseload >= coach.capacity, hasProfile: coach.hasProfile,
    })),
    ranking: RANKING_EXPLANATION,
    moreStart: SHOWN_SUGGESTIONS + 1,
  };
}

/** What the admin typed in the "add a model" form. */
export interface ModelForm {
  name?: string;
  stages?: string;
}

type ModelOnOffer = CycleModel & { custom: boolean; archived: boolean; id?: number };

/** The coaching settings page view model. */
export function presentSettings(actor: Actor, data: { coachesConfirm: boolean; models: ModelOnOffer[]; error?: string; errorField?: 'settings' | 'model'; notice?: string; form?: ModelForm }) {
  return {
    ...pageBase(actor, '/app/coaching-settings', 'Coaching settings'),
    error: data.error,
    errorField: data.errorField,
    notice: data.notice,
    coachesConfirm: data.coachesConfirm,
    builtIn: data.models.filter((m) => !m.custom).map((m) => ({ name: m.name, stages: m.stages, description: m.description })),
    custom: data.models.filter((m) => m.custom && !m.archived).map((m) => ({ id: m.id, name: m.name, stages: m.stages })),
    archived: data.models.filter((m) => m.custom && m.archived).map((m) => ({ name: m.name, stages: m.stages })),
    form: { name: data.form?.name ?? '', stages: data.form?.stages ?? '' },
  };
}
