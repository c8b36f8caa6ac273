/**
 * The program dashboard's figures — inputs, outputs and outcomes of one scope — with the minimum
 * group size applied to every one of them: a figure over fewer teachers than the minimum is
 * hidden (and said to be), and breakdowns hide enough rows that their shown total cannot give a
 * hidden row back. Only counts, sums and averages leave this module; nothing here can reach a
 * note, a reflection, a cycle's focus or a goal's text.
 */
import type { Sequelize } from 'sequelize';
import { CYCLE_STATUS_KEYS, CYCLE_STATUSES, GOAL_STATUS_KEYS, GOAL_STATUSES, SESSION_KIND_KEYS, SESSION_KINDS } from '../coaching/catalog';
import { alignmentFigures, type AlignmentRow } from './alignmentFigures';
import { attainmentOf, explainCorrelation, hourBands, pearson, type HoursBand, type TeacherPoint } from './correlation';
import { cyclesByStatus, cycleTeachers, goalsPerTeacher, reachFacts, stageSpans } from './cycleQueries';
import { monthLabel, type DashboardScope } from './scope';
import { sessionFacts, TeacherCounter, type SessionFacts } from './sessionQueries';
import { type RawRow, showable, suppressBreakdown, type SuppressedBreakdown, unionOfSets } from './suppression';
import { surveyFigures, type SurveyFigures } from './surveyFigures';

/** Hours and sessions of a group of sessions. */
export interface Effort {
  hours: number;
  sessions: number;
}

/** A count over `n` teachers, or hidden. */
export interface Gated<T> {
  shown: boolean;
  n: number;
  value?: T;
}

/** Where coaches' logged time goes (CoachLoop sees logged sessions only; see docs/dashboard.md). */
export const CONTACT_BUCKETS = [
  { key: 'classroom', label: 'In a teacher’s classroom (visits, co-teaching, modeling)', kinds: ['observation', 'co_teaching', 'modeling'] },
  { key: 'meeting', label: 'Meeting one teacher (planning, debriefs, check-ins)', kinds: ['planning', 'debrief', 'check_in'] },
  { key: 'group', label: 'Group PD with several teachers', kinds: ['group_pd'] },
] as const;

export interface DashboardFigures {
  scope: DashboardScope;
  min: number;
  /** Every session figure needs the scope's teachers (at least `n`) to reach the minimum. */
  activity: Gated<Effort>;
  byKind: SuppressedBreakdown<Effort>;
  contact: SuppressedBreakdown<Effort>;
  byMonth: SuppressedBreakdown<Effort>;
  byCoach: SuppressedBreakdown<Effort>;
  reach: {
    rostered: number;
    optedIn: number;
    withCycle: Gated<number>;
    /** Share of rostered teachers with a cycle in the period. */
    ofRostered: Gated<number>;
    /** Share of opted-in teachers with a cycle in the period. */
    ofOptedIn: Gated<number>;
  };
  cycles: {
    underWay: Gated<number>;
    byStatus: SuppressedBreakdown<{ cycles: number }>;
    completed: Gated<number>;
    stopped: Gated<number>;
    /** Completed ÷ (completed + stopped early), of the cycles closed in the period. */
    completionRate: Gated<number>;
  };
  stages: Array<{ modelKey: string; modelName: string; rows: Array<{ label: string; hidden: boolean; n?: number; stays?: number; averageDays?: number }> }>;
  goals: { total: Gated<number>; byStatus: SuppressedBreakdown<{ goals: number }> };
  hoursVsGoals: { n: number; shown: boolean; r?: number; bands: HoursBand[]; explanation: string };
  surveys: SurveyFigures;
  /** Coaching effort per standards tag (rows below the minimum hidden). */
  alignment: AlignmentRow[];
}

const hours = (minutes: number) => minutes / 60;
const effortOf = (x: { minutes: number; sessions: number }): Effort => ({ hours: hours(x.minutes), sessions: x.sessions });
const sumEffort = (values: Effort[]): Effort => ({ hours: values.reduce((s, v) => s + v.hours, 0), sessions: values.reduce((s, v) => s + v.sessions, 0) });
const gated = <T>(n: number, min: number, value: T): Gated<T> => (showable(n, min) ? { shown: true, n, value } : { shown: false, n });
/** Every row hidden, nothing together: the breakdown of a group below the minimum. */
const allHidden = <V>(rows: Array<RawRow<V>>): SuppressedBreakdown<V> => ({ rows: rows.map((r) => ({ key: r.key, label: r.label, hidden: true })) });

/**
 * A share of a group that splits it in two (with and without): shown when the part reaches the
 * minimum and the rest is either empty or reaches it too (else subtraction gives a small group).
 */
function share(part: number, whole: number, min: number): Gated<number> {
  const rest = whole - part;
  return whole > 0 && part >= min && (rest === 0 || rest >= min) ? { shown: true, n: part, value: part / whole } : { shown: false, n: part };
}

/** Session inputs: hours by kind, by coach, by month and where coach time goes. */
async function sessionFigures(facts: SessionFacts, count: TeacherCounter, min: number) {
  const teachers = await count.all();
  const open = showable(teachers, min);
  const activity = gated(teachers, min, effortOf(facts.totals));
  const kindRows: Array<RawRow<Effort>> = [];
  for (const key of SESSION_KIND_KEYS) {
    const k = facts.byKind.find((x) => x.kind === key);
    if (k) kindRows.push({ key, label: SESSION_KINDS[key], n: open ? await count.kinds([key]) : 0, values: effortOf(k) });
  }
  const contactRows: Array<RawRow<Effort>> = [];
  for (const bucket of CONTACT_BUCKETS) {
    const kinds = facts.byKind.filter((k) => (bucket.kinds as readonly string[]).includes(k.kind));
    if (kinds.length) contactRows.push({ key: bucket.key, label: bucket.label, n: open ? await count.kinds(kinds.map((k) => k.kind)) : 0, values: sumEffort(kinds.map(effortOf)) });
  }
  const kindsOf = (keys: string[]) => CONTACT_BUCKETS.filter((b) => keys.includes(b.key)).flatMap((b) => [...b.kinds]);
  const monthRows = await Promise.all(facts.byMonth.map(async (m) => ({ key: m.month, label: monthLabel(m.month), n: open ? await count.months([m.month]) : 0, values: effortOf(m) })));
  const coachRows = await Promise.all(facts.byCoach.map(async (c) => ({ key: String(c.coachId), label: c.name, n: open ? await count.coaches([c.coachId]) : 0, values: effortOf(c) })));
  if (!open) return { activity, byKind: allHidden(kindRows), contact: allHidden(contactRows), byMonth: allHidden(monthRows), byCoach: allHidden(coachRows) };
  const [byKind, contact, byMonth, byCoach] = await Promise.all([
    suppressBreakdown(kindRows, min, { union: (keys) => count.kinds(keys), sum: sumEffort, size: (v) => v.hours }),
    suppressBreakdown(contactRows, min, { union: (keys) => count.kinds(kindsOf(keys)), sum: sumEffort, size: (v) => v.hours }),
    suppressBreakdown(monthRows, min, { union: (keys) => count.months(keys), sum: sumEffort, size: (v) => v.hours }),
    suppressBreakdown(coachRows, min, { union: (keys) => count.coaches(keys.map(Number)), sum: sumEffort, size: (v) => v.hours }),
  ]);
  return { activity, byKind, contact, byMonth, byCoach };
}

/** Cycles under way, by status, closed in the period, and the completion rate. */
async function cycleFigures(sequelize: Sequelize, scope: DashboardScope, min: number): Promise<DashboardFigures['cycles']> {
  const statuses = await cyclesByStatus(sequelize, scope);
  // Distinct teachers over several statuses: the largest status is a lower bound; count only when it falls short.
  const teachersOf = (keys: string[]) => {
    if (!keys.length) return 0;
    const bound = Math.max(0, ...statuses.filter((x) => keys.includes(x.status)).map((x) => x.teachers));
    return bound >= min ? bound : cycleTeachers(sequelize, scope, keys);
  };
  const teachers = await teachersOf(statuses.map((x) => x.status));
  const rows = CYCLE_STATUS_KEYS.map((s) => statuses.find((x) => x.status === s)).filter((x) => x !== undefined)
    .map((x) => ({ key: x.status, label: CYCLE_STATUSES[x.status as keyof typeof CYCLE_STATUSES], n: x.teachers, values: { cycles: x.cycles } }));
  const total = statuses.reduce((s, x) => s + x.cycles, 0);
  const byStatus = showable(teachers, min)
    ? await suppressBreakdown(rows, min, { union: teachersOf, sum: (v) => ({ cycles: v.reduce((s, x) => s + x.cycles, 0) }) })
    : allHidden(rows);
  const closed = (status: string) => {
    const x = statuses.find((y) => y.status === status);
    return { cycles: x?.closed ?? 0, teachers: x?.closedTeachers ?? 0 };
  };
  const completed = closed('completed');
  const stopped = closed('abandoned');
  const rateOk = showable(completed.teachers, min) && (stopped.teachers === 0 || showable(stopped.teachers, min));
  const closedCycles = completed.cycles + stopped.cycles;
  return {
    underWay: gated(teachers, min, total),
    byStatus,
    completed: gated(completed.teachers, min, completed.cycles),
    stopped: stopped.teachers === 0 ? { shown: true, n: 0, value: 0 } : gated(stopped.teachers, min, stopped.cycles),
    completionRate: rateOk && closedCycles ? { shown: true, n: completed.teachers + stopped.teachers, value: completed.cycles / closedCycles } : { shown: false, n: completed.teachers },
  };
}

/** Goals due in the period by status, and each teacher's hours of coaching in those cycles against their goal attainment. */
async function goalFigures(sequelize: Sequelize, scope: DashboardScope, min: number) {
  const perTeacher = await goalsPerTeacher(sequelize, scope);
  const sets = new Map(GOAL_STATUS_KEYS.map((s) => [s as string, new Set(perTeacher.filter((t) => t[s] > 0).map((t) => t.teacherId))]));
  const rows = GOAL_STATUS_KEYS.map((s) => ({ key: s as string, label: GOAL_STATUSES[s], n: sets.get(s)!.size, values: { goals: perTeacher.reduce((sum, t) => sum + t[s], 0) } }))
    .filter((r) => r.values.goals > 0);
  const goalsTotal = rows.reduce((s, r) => s + r.values.goals, 0);
  const goals = {
    total: gated(perTeacher.length, min, goalsTotal),
    byStatus: showable(perTeacher.length, min)
      ? await suppressBreakdown(rows, min, { union: (keys) => unionOfSets(sets, keys), sum: (v) => ({ goals: v.reduce((s, x) => s + x.goals, 0) }) })
      : allHidden(rows),
  };
  const points: TeacherPoint[] = [];
  for (const t of perTeacher) {
    const attainment = attainmentOf(t);
    if (attainment !== undefined) points.push({ hours: hours(t.decidedMinutes), attainment });
  }
  const shown = showable(points.length, min);
  const r = shown ? pearson(points) : undefined;
  return { goals, hoursVsGoals: { n: points.length, shown, r, bands: shown ? hourBands(points, min) : [], explanation: explainCorrelation(r, points.length, min) } };
}

/** All figures of the dashboard for a scope. */
export async function dashboardFigures(sequelize: Sequelize, scope: DashboardScope): Promise<DashboardFigures> {
  const min = scope.minGroupSize;
  const [sessions, reach, cycles, spans, goalParts, surveys, alignment] = await Promise.all([
    sessionFacts(sequelize, scope).then((facts) => sessionFigures(facts, new TeacherCounter(sequelize, scope, facts), min)),
    reachFacts(sequelize, scope), cycleFigures(sequelize, scope, min), stageSpans(sequelize, scope), goalFigures(sequelize, scope, min), surveyFigures(sequelize, scope),
    alignmentFigures(sequelize, scope),
  ]);
  const models = [...new Set(spans.map((s) => s.modelKey))];
  return {
    scope, min, ...sessions,
    reach: {
      rostered: reach.rostered, optedIn: reach.optedIn, withCycle: gated(reach.withCycle, min, reach.withCycle),
      ofRostered: share(reach.withCycle, reach.rostered, min), ofOptedIn: share(reach.optedInWithCycle, reach.optedIn, min),
    },
    cycles,
    stages: models.map((key) => {
      const mine = spans.filter((s) => s.modelKey === key);
      return {
        modelKey: key, modelName: mine[0].modelName,
        rows: mine.map((s) => (showable(s.teachers, min)
          ? { label: s.stageName, hidden: false, n: s.teachers, stays: s.spans, averageDays: s.seconds / s.spans / 86_400 }
          : { label: s.stageName, hidden: true })),
      };
    }),
    ...goalParts,
    surveys,
    alignment,
  };
}
