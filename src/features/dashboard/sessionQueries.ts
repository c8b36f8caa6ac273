/**
 * Reads of the session log for the dashboard, from the monthly rollups only, so a page costs a
 * few thousand rows whatever the size of the log: sessions, minutes and attendances by kind, by
 * month and by coach (dashboard_coach_months), and how many distinct teachers stand behind a
 * group of them (TeacherCounter).
 *
 * Counting distinct teachers over a range of months exactly means reading the per-teacher rollup,
 * hundreds of thousands of rows in a district. The minimum group size only needs to know that a
 * group is large enough, so TeacherCounter first looks at dashboard_month_teachers, exact counts
 * per course and month: the largest of them over the months (and courses) in view is a lower
 * bound of the distinct teachers. Only when that bound falls short of the minimum — small groups,
 * cheap to count — are the teachers counted exactly. A bound can only hide more, never show a
 * group that is too small.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { personName } from '../coaching/coachingQueries';
import type { DashboardScope } from './scope';

/** Sessions, minutes and attendances (each teacher attending counts once per session) of a group of sessions. */
export interface SessionSums {
  sessions: number;
  minutes: number;
  attendances: number;
}

export interface SessionFacts {
  byKind: Array<SessionSums & { kind: string }>;
  byMonth: Array<SessionSums & { month: string }>;
  byCoach: Array<SessionSums & { coachId: number; name: string }>;
  totals: SessionSums;
  /** The most distinct teachers any one course had in a month: in all, per coach and per kind (dashboard_month_teachers). */
  monthly: { all: Map<string, number>; coach: Map<string, number>; kind: Map<string, number> };
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
const SUMS = 'SUM(sessions) AS sessions, SUM(minutes) AS minutes, SUM(attendances) AS attendances';
const sums = (r: { sessions: number | string; minutes: number | string; attendances: number | string }): SessionSums =>
  ({ sessions: Number(r.sessions), minutes: Number(r.minutes), attendances: Number(r.attendances) });

/** The session figures of a scope: four small queries on the rollups. */
export async function sessionFacts(sequelize: Sequelize, scope: DashboardScope): Promise<SessionFacts> {
  const q = queryOf(sequelize);
  const b = bounds(scope);
  type Sums = { sessions: number; minutes: number; attendances: number };
  const [kinds, months, coaches, counts] = await Promise.all([
    q<Sums & { kind: string }>(`SELECT kind, ${SUMS} FROM dashboard_coach_months WHERE ${ROLLUP_SCOPE} GROUP BY kind HAVING SUM(sessions) > 0`, b),
    q<Sums & { month: string }>(`SELECT month, ${SUMS} FROM dashboard_coach_months WHERE ${ROLLUP_SCOPE} GROUP BY month HAVING SUM(sessions) > 0`, b),
    q<Sums & { coach_person_id: number; name: string | null; given_name: string | null; family_name: string | null }>(
      `SELECT x.coach_person_id, x.sessions, x.minutes, x.attendances, p.name, p.given_name, p.family_name
         FROM (SELECT coach_person_id, ${SUMS} FROM dashboard_coach_months WHERE ${ROLLUP_SCOPE} GROUP BY coach_person_id HAVING SUM(sessions) > 0) x
         JOIN people p ON p.id = x.coach_person_id`, b),
    q<{ dim: string; dim_value: string; month: string; teachers: number }>(
      `SELECT dim, dim_value, '' AS month, MAX(teachers) AS teachers FROM dashboard_month_teachers WHERE ${ROLLUP_SCOPE} AND dim IN ('coach', 'kind') GROUP BY dim, dim_value
       UNION ALL
       SELECT dim, '' AS dim_value, month, MAX(teachers) AS teachers FROM dashboard_month_teachers WHERE ${ROLLUP_SCOPE} AND dim = 'all' GROUP BY dim, month`, b),
  ]);
  const monthly = { all: new Map<string, number>(), coach: new Map<string, number>(), kind: new Map<string, number>() };
  for (const r of counts) {
    if (r.dim === 'all') monthly.all.set(r.month, Number(r.teachers));
    else if (r.dim === 'coach' || r.dim === 'kind') monthly[r.dim].set(String(r.dim_value), Number(r.teachers));
  }
  const byKind = kinds.map((r) => ({ kind: r.kind, ...sums(r) }));
  return {
    byKind,
    byMonth: months.map((r) => ({ month: r.month, ...sums(r) })).sort((a, c) => a.month.localeCompare(c.month)),
    byCoach: coaches.map((r) => ({ coachId: Number(r.coach_person_id), name: personName(r), ...sums(r) })).sort((a, c) => c.minutes - a.minutes || a.name.localeCompare(c.name)),
    totals: byKind.reduce((t, k) => ({ sessions: t.sessions + k.sessions, minutes: t.minutes + k.minutes, attendances: t.attendances + k.attendances }), { sessions: 0, minutes: 0, attendances: 0 }),
    monthly,
  };
}

/**
 * Distinct teachers behind groups of sessions: the largest monthly count when it already reaches
 * the minimum (a lower bound), else an exact count. Answers are cached for the request.
 */
export class TeacherCounter {
  private readonly cache = new Map<string, Promise<number>>();
  private readonly q: Q;

  constructor(sequelize: Sequelize, private readonly scope: DashboardScope, private readonly facts: SessionFacts) {
    this.q = queryOf(sequelize);
  }

  /** The bound if it proves the minimum, else the exact count (cached). */
  private count(key: string, bound: number, exact: () => Promise<number>): Promise<number> {
    let hit = this.cache.get(key);
    if (!hit) this.cache.set(key, (hit = bound >= this.scope.minGroupSize ? Promise.resolve(bound) : exact()));
    return hit;
  }

  private async exact(where: string, extra: Record<string, unknown>): Promise<number> {
    const [row] = await this.q<{ n: number }>(
      `SELECT COUNT(DISTINCT teacher_person_id) AS n FROM dashboard_teacher_months WHERE ${ROLLUP_SCOPE} AND sessions > 0${where}`,
      { ...bounds(this.scope), ...extra },
    );
    return Number(row?.n ?? 0);
  }

  private static most(map: Map<string, number>, keys: string[]): number {
    return keys.reduce((m, k) => Math.max(m, map.get(k) ?? 0), 0);
  }

  /** Teachers of the scope's sessions of these kinds (counted in the session log itself when the bound falls short). */
  kinds(kinds: string[]): Promise<number> {
    return this.count(`kinds:${[...kinds].sort()}`, TeacherCounter.most(this.facts.monthly.kind, kinds), async () => {
      const [row] = await this.q<{ n: number }>(
        `SELECT COUNT(DISTINCT a.teacher_person_id) AS n FROM coaching_sessions s JOIN session_attendees a ON a.session_id = s.id
          WHERE s.space_id IN (:spaces) AND s.kind IN (:kinds) AND s.held_on BETWEEN :dayFrom AND :dayTo`,
        { ...bounds(this.scope), kinds },
      );
      return Number(row?.n ?? 0);
    });
  }

  /** Teachers of the scope's sessions in these months. */
  months(months: string[]): Promise<number> {
    return this.count(`months:${[...months].sort()}`, TeacherCounter.most(this.facts.monthly.all, months), () => this.exact(' AND month IN (:months)', { months }));
  }

  /** Teachers of these coaches' sessions in the scope. */
  coaches(coachIds: number[]): Promise<number> {
    return this.count(`coaches:${[...coachIds].sort()}`, TeacherCounter.most(this.facts.monthly.coach, coachIds.map(String)), () => this.exact(' AND coach_person_id IN (:coaches)', { coaches: coachIds }));
  }

  /** Teachers of all the scope's sessions. */
  all(): Promise<number> {
    return this.count('all', TeacherCounter.most(this.facts.monthly.all, [...this.facts.monthly.all.keys()]), () => this.exact('', {}));
  }
}
