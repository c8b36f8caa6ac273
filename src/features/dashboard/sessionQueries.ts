/**
 * Reads of the session log for the dashboard, from the monthly rollups (dashboard_coach_months,
 * dashboard_teacher_months) so a page costs a few thousand rows whatever the size of the log.
 * Every query is bounded by the scope's courses and months. Distinct-teacher counts of a kind of
 * session, which the rollups cannot give, come from the log itself (see kindTeachers).
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { personName } from '../coaching/coachingQueries';
import type { DashboardScope } from './scope';

/** Sessions and minutes of a group of sessions; attendances count each attending teacher once per session. */
export interface SessionSums {
  sessions: number;
  minutes: number;
}

export interface SessionFacts {
  byKind: Array<SessionSums & { kind: string; attendances: number }>;
  byMonth: Array<SessionSums & { month: string; teachers: number }>;
  byCoach: Array<SessionSums & { coachId: number; name: string; teachers: number }>;
  /** Each attending teacher's sessions and minutes (a group session counts in full for each). */
  perTeacher: Map<number, SessionSums>;
  totals: SessionSums & { attendances: number; teachers: number };
}

type Q = <T extends object>(sql: string, replacements: Record<string, unknown>) => Promise<T[]>;

export const queryOf = (sequelize: Sequelize): Q => (sql, replacements) => sequelize.query(sql, { replacements, type: QueryTypes.SELECT });

/** The named replacements every scoped query takes. */
export function bounds(scope: DashboardScope) {
  const p = scope.period;
  return {
    spaces: scope.spaceIds.length ? scope.spaceIds : [-1], tenant: scope.tenantId,
    monthFrom: p.monthFrom, monthTo: p.monthTo, dayFrom: p.dayFrom, dayTo: p.dayTo, fromAt: p.fromAt, toAt: p.toAt,
  };
}

const ROLLUP_SCOPE = 'space_id IN (:spaces) AND month BETWEEN :monthFrom AND :monthTo';

/** The session figures of a scope, in six small queries on the rollups. */
export async function sessionFacts(sequelize: Sequelize, scope: DashboardScope): Promise<SessionFacts> {
  const q = queryOf(sequelize);
  const b = bounds(scope);
  const [kinds, months, coaches, teachers, monthTeachers, coachTeachers] = await Promise.all([
    q<{ kind: string; sessions: number; minutes: number; attendances: number }>(
      `SELECT kind, SUM(sessions) AS sessions, SUM(minutes) AS minutes, SUM(attendances) AS attendances
         FROM dashboard_coach_months WHERE ${ROLLUP_SCOPE} GROUP BY kind HAVING SUM(sessions) > 0`, b),
    q<{ month: string; sessions: number; minutes: number }>(
      `SELECT month, SUM(sessions) AS sessions, SUM(minutes) AS minutes
         FROM dashboard_coach_months WHERE ${ROLLUP_SCOPE} GROUP BY month HAVING SUM(sessions) > 0`, b),
    q<{ coach_person_id: number; sessions: number; minutes: number; name: string | null; given_name: string | null; family_name: string | null }>(
      `SELECT x.coach_person_id, x.sessions, x.minutes, p.name, p.given_name, p.family_name
         FROM (SELECT coach_person_id, SUM(sessions) AS sessions, SUM(minutes) AS minutes
                 FROM dashboard_coach_months WHERE ${ROLLUP_SCOPE} GROUP BY coach_person_id HAVING SUM(sessions) > 0) x
         JOIN people p ON p.id = x.coach_person_id`, b),
    q<{ teacher_person_id: number; sessions: number; minutes: number }>(
      `SELECT teacher_person_id, SUM(sessions) AS sessions, SUM(minutes) AS minutes
         FROM dashboard_teacher_months WHERE ${ROLLUP_SCOPE} AND sessions > 0 GROUP BY teacher_person_id`, b),
    q<{ month: string; teachers: number }>(
      `SELECT month, COUNT(DISTINCT teacher_person_id) AS teachers
         FROM dashboard_teacher_months WHERE ${ROLLUP_SCOPE} AND sessions > 0 GROUP BY month`, b),
    q<{ coach_person_id: number; teachers: number }>(
      `SELECT coach_person_id, COUNT(DISTINCT teacher_person_id) AS teachers
         FROM dashboard_teacher_months WHERE ${ROLLUP_SCOPE} AND sessions > 0 GROUP BY coach_person_id`, b),
  ]);
  const monthN = new Map(monthTeachers.map((r) => [r.month, Number(r.teachers)]));
  const coachN = new Map(coachTeachers.map((r) => [Number(r.coach_person_id), Number(r.teachers)]));
  const perTeacher = new Map(teachers.map((r) => [Number(r.teacher_person_id), { sessions: Number(r.sessions), minutes: Number(r.minutes) }]));
  const byKind = kinds.map((r) => ({ kind: r.kind, sessions: Number(r.sessions), minutes: Number(r.minutes), attendances: Number(r.attendances) }));
  return {
    byKind,
    byMonth: months.map((r) => ({ month: r.month, sessions: Number(r.sessions), minutes: Number(r.minutes), teachers: monthN.get(r.month) ?? 0 })).sort((a, c) => a.month.localeCompare(c.month)),
    byCoach: coaches.map((r) => ({ coachId: Number(r.coach_person_id), name: personName(r), sessions: Number(r.sessions), minutes: Number(r.minutes), teachers: coachN.get(Number(r.coach_person_id)) ?? 0 }))
      .sort((a, c) => c.minutes - a.minutes || a.name.localeCompare(c.name)),
    perTeacher,
    totals: {
      sessions: byKind.reduce((s, r) => s + r.sessions, 0), minutes: byKind.reduce((s, r) => s + r.minutes, 0),
      attendances: byKind.reduce((s, r) => s + r.attendances, 0), teachers: perTeacher.size,
    },
  };
}

/** Attendances up to which the distinct teachers of some kinds are counted in the session log itself. */
const EXACT_COUNT_LIMIT = 20_000;

/**
 * Distinct teachers who attended sessions of these kinds in the scope, or a lower bound of it.
 * No teacher attends more sessions than the busiest teacher of the scope, so attendances ÷ that
 * maximum is a safe lower bound (it can only hide more); when the bound is below the minimum, or
 * the kinds are rare, the teachers are counted exactly from the log.
 */
export async function kindTeachers(sequelize: Sequelize, scope: DashboardScope, facts: SessionFacts, kinds: string[]): Promise<number> {
  const attendances = facts.byKind.filter((k) => kinds.includes(k.kind)).reduce((s, k) => s + k.attendances, 0);
  if (!attendances) return 0;
  let busiest = 0;
  for (const t of facts.perTeacher.values()) busiest = Math.max(busiest, t.sessions);
  const bound = busiest ? Math.ceil(attendances / busiest) : 0;
  if (bound >= scope.minGroupSize && attendances > EXACT_COUNT_LIMIT) return bound;
  const [row] = await queryOf(sequelize)<{ n: number }>(
    `SELECT COUNT(DISTINCT a.teacher_person_id) AS n FROM coaching_sessions s JOIN session_attendees a ON a.session_id = s.id
      WHERE s.space_id IN (:spaces) AND s.kind IN (:kinds) AND s.held_on BETWEEN :dayFrom AND :dayTo`,
    { ...bounds(scope), kinds },
  );
  return Number(row?.n ?? 0);
}

/** Distinct teachers of the sessions of these months (exact, from the teacher rollup). */
export async function monthTeachers(sequelize: Sequelize, scope: DashboardScope, months: string[]): Promise<number> {
  const [row] = await queryOf(sequelize)<{ n: number }>(
    `SELECT COUNT(DISTINCT teacher_person_id) AS n FROM dashboard_teacher_months WHERE ${ROLLUP_SCOPE} AND month IN (:months) AND sessions > 0`,
    { ...bounds(scope), months },
  );
  return Number(row?.n ?? 0);
}

/** Distinct teachers of these coaches' sessions (exact, from the teacher rollup). */
export async function coachTeachers(sequelize: Sequelize, scope: DashboardScope, coachIds: number[]): Promise<number> {
  const [row] = await queryOf(sequelize)<{ n: number }>(
    `SELECT COUNT(DISTINCT teacher_person_id) AS n FROM dashboard_teacher_months WHERE ${ROLLUP_SCOPE} AND coach_person_id IN (:coaches) AND sessions > 0`,
    { ...bounds(scope), coaches: coachIds },
  );
  return Number(row?.n ?? 0);
}
