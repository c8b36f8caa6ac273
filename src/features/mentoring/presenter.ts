/**
 * View models of the mentoring pages. A mentor's view of a coach is aggregate: caseload size and
 * how many teachers the coach met, then hours, cycles and goals only over at least the minimum
 * number of teachers (rows of fewer hidden, as on the program dashboard). A coach's own page is
 * in full: it is their own caseload. Mentor notes appear only on the mentor's and the coach's pages.
 */
import type { Actor } from '../../auth/actor';
import { CYCLE_STATUS_KEYS, CYCLE_STATUSES, GOAL_STATUS_KEYS, GOAL_STATUSES, SESSION_KIND_KEYS, SESSION_KINDS } from '../coaching/catalog';
import { pageBase, when } from '../coaching/pageModel';
import { barChart } from '../dashboard/charts';
import { monthLabel, type Period } from '../dashboard/scope';
import { showable, suppressBreakdown, unionOfSets } from '../dashboard/suppression';
import type { CoachFigures } from './coachFigures';
import type { MentorAssignment, MentorNote, PersonChoice } from './mentoringQueries';

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const hoursText = (minutes: number) => `${fmt(minutes / 60)} h`;

const NOTICES: Record<string, string> = {
  note: 'Note saved. Only you and this coach can read it.',
  assigned: 'Mentor paired with the coach. The mentor now sees the coach’s figures (never what coaches and teachers write).',
  ended: 'Pairing ended. The mentor no longer sees this coach; their notes are kept.',
};

/** The notice for a ?notice= key, if it is one of ours. */
export function noticeFor(key: unknown): string | undefined {
  return typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key] : undefined;
}

/** Status rows of one coach for a mentor: each over enough teachers, or hidden (with the hidden ones together when safe). */
async function statusRows(map: Map<string, { teachers: Set<number> } & Record<string, unknown>>, keys: readonly string[], labels: Record<string, string>, count: 'cycles' | 'goals', min: number) {
  const sets = new Map([...map].map(([k, v]) => [k, v.teachers]));
  const rows = keys.filter((k) => map.has(k)).map((k) => ({ key: k, label: labels[k], n: map.get(k)!.teachers.size, values: { count: map.get(k)![count] as number } }));
  const all = unionOfSets(sets, [...sets.keys()]);
  if (!showable(all, min)) return { shown: false, n: all, rows: [] as Array<{ label: string; text: string; hidden: boolean }> };
  const b = await suppressBreakdown(rows, min, { union: (k) => unionOfSets(sets, k), sum: (v) => ({ count: v.reduce((s, x) => s + x.count, 0) }) });
  const out = b.rows.map((r) => ({ label: r.label, text: r.hidden ? `hidden (fewer than ${min} teachers)` : fmt(r.values!.count, 0), hidden: r.hidden }));
  if (b.together) out.push({ label: `${b.together.labels.join(' and ')} together`, text: fmt(b.together.values.count, 0), hidden: false });
  return { shown: true, n: all, rows: out };
}

/** One coach as their mentor sees them. */
export async function presentCoachForMentor(coach: PersonChoice, f: CoachFigures, notes: MentorNote[], min: number) {
  const effortShown = showable(f.teachersMet, min);
  const classroom = f.byKind.filter((k) => ['observation', 'co_teaching', 'modeling'].includes(k.kind)).reduce((s, k) => s + k.minutes, 0);
  return {
    coachId: coach.personId,
    name: coach.name,
    caseload: f.caseload,
    teachersMet: f.teachersMet,
    effortShown,
    hours: effortShown ? hoursText(f.minutes) : undefined,
    sessions: effortShown ? fmt(f.sessions, 0) : undefined,
    classroomShare: effortShown && f.minutes ? `${Math.round((classroom / f.minutes) * 100)}%` : undefined,
    cycles: await statusRows(f.cycles, CYCLE_STATUS_KEYS, CYCLE_STATUSES, 'cycles', min),
    goals: await statusRows(f.goals, GOAL_STATUS_KEYS, GOAL_STATUSES, 'goals', min),
    notes: notes.filter((n) => n.coachId === coach.personId).map((n) => ({ metOn: n.metOn, body: n.body })),
  };
}

/** Period fields shared by the mentor's and the coach's pages. */
function periodModel(period: Period, path: string) {
  return { label: period.label, from: period.from ?? '', to: period.to ?? '', action: path };
}

/** The mentor's page. */
export function presentMentoring(actor: Actor, data: { coaches: Array<Awaited<ReturnType<typeof presentCoachForMentor>>>; period: Period; min: number; today: string }, opts: { notice?: string; error?: string; errorCoach?: number; typed?: { metOn?: string; body?: string }; status?: number } = {}) {
  return {
    ...pageBase(actor, '/app/mentoring', 'Mentoring'),
    notice: opts.notice,
    min: data.min,
    period: periodModel(data.period, '/app/mentoring'),
    coaches: data.coaches.map((c) => ({
      ...c,
      error: opts.errorCoach === c.coachId ? opts.error : undefined,
      typedBody: opts.errorCoach === c.coachId ? opts.typed?.body ?? '' : '',
      typedMetOn: opts.errorCoach === c.coachId && opts.typed?.metOn ? opts.typed.metOn : data.today,
    })),
    hasCoaches: data.coaches.length > 0,
  };
}

/** The admin's mentor pairings page. */
export function presentAssignments(actor: Actor, data: { mentors: PersonChoice[]; coaches: PersonChoice[]; assignments: MentorAssignment[] }, opts: { notice?: string; error?: string; form?: { mentorId?: number; coachId?: number } } = {}) {
  return {
    ...pageBase(actor, '/app/mentoring/assignments', 'Mentor pairings'),
    notice: opts.notice,
    error: opts.error,
    accountLevel: !actor.space,
    mentors: data.mentors.map((m) => ({ ...m, selected: m.personId === opts.form?.mentorId })),
    coaches: data.coaches.map((c) => ({ ...c, selected: c.personId === opts.form?.coachId })),
    canPair: data.mentors.length > 0 && data.coaches.length > 0,
    assignments: data.assignments.map((a) => ({ ...a, since: when(a.assignedAt) })),
  };
}

/** The coach's own figures page: everything about their own work, and their mentors' notes. */
export function presentMyFigures(actor: Actor, data: { figures: CoachFigures; caseload: Array<{ teacherId: number; name: string; sessions: number; minutes: number }>; notes: MentorNote[]; period: Period }) {
  const f = data.figures;
  const kinds = SESSION_KIND_KEYS.map((k) => f.byKind.find((x) => x.kind === k)).filter((x) => x !== undefined);
  const count = (m: Map<string, { teachers: Set<number> } & Record<string, unknown>>, keys: readonly string[], labels: Record<string, string>, field: string) =>
    keys.filter((k) => m.has(k)).map((k) => ({ label: labels[k], count: fmt(m.get(k)![field] as number, 0), teachers: m.get(k)!.teachers.size }));
  return {
    ...pageBase(actor, '/app/my-figures', 'My figures'),
    period: periodModel(data.period, '/app/my-figures'),
    totals: { hours: hoursText(f.minutes), sessions: fmt(f.sessions, 0), caseload: f.caseload, teachersMet: f.teachersMet },
    kindChart: barChart('my-kinds', 'My coaching hours by kind of session', kinds.map((k) => ({ label: SESSION_KINDS[k.kind as keyof typeof SESSION_KINDS], value: k.minutes / 60, valueText: hoursText(k.minutes) }))),
    kinds: kinds.map((k) => ({ label: SESSION_KINDS[k.kind as keyof typeof SESSION_KINDS], hours: hoursText(k.minutes), sessions: fmt(k.sessions, 0) })),
    monthChart: barChart('my-months', 'My coaching hours by month', f.byMonth.map((m) => ({ label: monthLabel(m.month), value: m.minutes / 60, valueText: hoursText(m.minutes) }))),
    months: f.byMonth.map((m) => ({ label: monthLabel(m.month), hours: hoursText(m.minutes), sessions: fmt(m.sessions, 0) })),
    cycles: count(f.cycles, CYCLE_STATUS_KEYS, CYCLE_STATUSES, 'cycles'),
    goals: count(f.goals, GOAL_STATUS_KEYS, GOAL_STATUSES, 'goals'),
    caseload: data.caseload.map((t) => ({ name: t.name, hours: hoursText(t.minutes), sessions: fmt(t.sessions, 0) })),
    notes: data.notes.map((n) => ({ mentorName: n.mentorName, metOn: n.metOn, body: n.body })),
  };
}
