/** The coach's caseload page: teachers, their cycle and stage, last contact, goals at risk, and the forms to start a cycle or log a group session. */
import type { Actor } from '../../auth/actor';
import { CYCLE_STATUSES, GRADE_BANDS, labelsOf, PARTICIPATION_STATUSES, SESSION_KINDS, SPECIALTIES, type CycleModel } from './catalog';
import type { CaseloadEntry } from './caseloadQueries';
import type { TeacherProfile } from './coachingQueries';
import type { CoachCandidate, Suggestion } from './matching';
import { duration, pageBase } from './pageModel';
import { groupSessionForm, type GroupFormChoices } from './groupSessionPresenter';
import type { GroupSessionSummary } from './groupSessionQueries';

export interface CaseloadFacts {
  entries: CaseloadEntry[];
  me: CoachCandidate | undefined;
  models: CycleModel[];
  /** Teachers waiting for a coach with this coach's score, when the space lets coaches take teachers on. */
  waiting?: Array<{ teacher: TeacherProfile; match: Suggestion }>;
  today: string;
  /** What the group-session form offers (roster teachers, catalog, taxonomy). */
  group: GroupFormChoices;
  recentGroups: GroupSessionSummary[];
}

/** The caseload view model. */
export function presentCaseload(actor: Actor, facts: CaseloadFacts, opts: { notice?: string; error?: string; values?: Record<string, string | string[]> } = {}) {
  const v = opts.values ?? {};
  const str = (k: string, d: string) => (typeof v[k] === 'string' ? (v[k] as string) : d);
  const chosen = Array.isArray(v.attendees) ? v.attendees : typeof v.attendees === 'string' ? [v.attendees] : [];
  return {
    ...pageBase(actor, '/app/caseload', 'Caseload'),
    notice: opts.notice,
    error: opts.error,
    capacity: facts.me ? { caseload: facts.me.caseload, capacity: facts.me.capacity, hasProfile: facts.me.hasProfile } : undefined,
    teachers: facts.entries.map((e) => ({
      teacherId: e.teacherId,
      name: e.name,
      participation: e.participation ? PARTICIPATION_STATUSES[e.participation] : 'No profile',
      paused: e.participation === 'paused',
      needAreas: labelsOf(SPECIALTIES, e.needAreas),
      gradeBand: e.gradeBand ? (GRADE_BANDS as Record<string, string>)[e.gradeBand] : undefined,
      cycle: e.cycle ? { ...e.cycle, statusLabel: CYCLE_STATUSES[e.cycle.status] } : undefined,
      lastContact: e.lastContact ?? 'No sessions yet',
      goalsAtRisk: e.goalsAtRisk,
      openGoals: e.openGoals,
      selected: str('teacherId', '') === String(e.teacherId),
      attended: chosen.includes(String(e.teacherId)),
    })),
    hasTeachers: facts.entries.length > 0,
    cycleForm: {
      models: facts.models.map((m) => ({ key: m.key, label: `${m.name}: ${m.stages.join(' → ')}`, selected: m.key === str('model', 'impact') })),
      focus: str('focus', ''),
      startsOn: str('startsOn', facts.today),
      endsOn: str('endsOn', ''),
      planned: str('status', 'active') === 'planned',
    },
    groupForm: groupSessionForm(facts.group, { action: '/app/sessions/group', submitLabel: 'Log group session', values: opts.values }),
    recentGroups: facts.recentGroups.map((g) => ({ ...g, kindLabel: (SESSION_KINDS as Record<string, string>)[g.kind] ?? g.kind, duration: duration(g.minutes) })),
    waiting: facts.waiting?.map((w) => ({
      teacherId: w.teacher.personId, name: w.teacher.name, subjects: w.teacher.subjects.join(', '),
      gradeBand: (GRADE_BANDS as Record<string, string>)[w.teacher.gradeBand] ?? w.teacher.gradeBand,
      needAreas: labelsOf(SPECIALTIES, w.teacher.needAreas), score: w.match.score, reasons: w.match.reasons, full: w.match.full,
    })),
    myId: actor.person.id,
  };
}
