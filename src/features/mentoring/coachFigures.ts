/**
 * Figures about coaches' work over a period, across every course of the tenant: caseload, hours
 * and sessions (from the dashboard's monthly rollups), cycles by status and goals by status.
 * A mentor gets them with the minimum group size applied (see presentCoachForMentor); a coach
 * gets their own in full. Counts and sums only, never what was written.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { personName } from '../coaching/coachingQueries';
import type { Period } from '../dashboard/scope';

export interface CoachFigures {
  coachId: number;
  /** Teachers assigned to the coach now (all courses). */
  caseload: number;
  /** Distinct teachers in the coach's sessions of the period. */
  teachersMet: number;
  sessions: number;
  minutes: number;
  byKind: Array<{ kind: string; sessions: number; minutes: number }>;
  byMonth: Array<{ month: string; sessions: number; minutes: number }>;
  /** Teachers per cycle status, cycles overlapping the period (status today). */
  cycles: Map<string, { cycles: number; teachers: Set<number> }>;
  /** Teachers per goal status, goals due in the period. */
  goals: Map<string, { goals: number; teachers: Set<number> }>;
}

/** The figures of each coach (in the order given). */
export async function coachFigures(sequelize: Sequelize, coachIds: number[], period: Period): Promise<CoachFigures[]> {
  if (!coachIds.length) return [];
  const q = <T extends object>(sql: string) => sequelize.query<T>(sql, {
    replacements: { coaches: coachIds, monthFrom: period.monthFrom, monthTo: period.monthTo, dayFrom: period.dayFrom, dayTo: period.dayTo, fromAt: period.fromAt },
    type: QueryTypes.SELECT,
  });
  const [caseloads, kinds, months, met, cycles, goals] = await Promise.all([
    q<{ coach_person_id: number; n: number }>('SELECT coach_person_id, COUNT(*) AS n FROM coaching_assignments WHERE coach_person_id IN (:coaches) AND active = 1 GROUP BY coach_person_id'),
    q<{ coach_person_id: number; kind: string; sessions: number; minutes: number }>(
      `SELECT coach_person_id, kind, SUM(sessions) AS sessions, SUM(minutes) AS minutes FROM dashboard_coach_months
        WHERE coach_person_id IN (:coaches) AND month BETWEEN :monthFrom AND :monthTo GROUP BY coach_person_id, kind HAVING SUM(sessions) > 0`),
    q<{ coach_person_id: number; month: string; sessions: number; minutes: number }>(
      `SELECT coach_person_id, month, SUM(sessions) AS sessions, SUM(minutes) AS minutes FROM dashboard_coach_months
        WHERE coach_person_id IN (:coaches) AND month BETWEEN :monthFrom AND :monthTo GROUP BY coach_person_id, month HAVING SUM(sessions) > 0`),
    q<{ coach_person_id: number; n: number }>(
      `SELECT coach_person_id, COUNT(DISTINCT teacher_person_id) AS n FROM dashboard_teacher_months
        WHERE coach_person_id IN (:coaches) AND month BETWEEN :monthFrom AND :monthTo AND sessions > 0 GROUP BY coach_person_id`),
    q<{ coach_person_id: number; teacher_person_id: number; status: string; n: number }>(
      `SELECT c.coach_person_id, c.teacher_person_id, c.status, COUNT(*) AS n FROM cycles c
        WHERE c.coach_person_id IN (:coaches) AND c.starts_on <= :dayTo AND (c.closed_at IS NULL OR c.closed_at >= :fromAt)
        GROUP BY c.coach_person_id, c.teacher_person_id, c.status`),
    q<{ coach_person_id: number; teacher_person_id: number; status: string; n: number }>(
      `SELECT c.coach_person_id, c.teacher_person_id, g.status, COUNT(*) AS n FROM goals g JOIN cycles c ON c.id = g.cycle_id
        WHERE c.coach_person_id IN (:coaches) AND g.due_on BETWEEN :dayFrom AND :dayTo
        GROUP BY c.coach_person_id, c.teacher_person_id, g.status`),
  ]);
  const byStatus = (rows: Array<{ coach_person_id: number; teacher_person_id: number; status: string; n: number }>, coachId: number) => {
    const out = new Map<string, { count: number; teachers: Set<number> }>();
    for (const r of rows.filter((x) => Number(x.coach_person_id) === coachId)) {
      const entry = out.get(r.status) ?? { count: 0, teachers: new Set<number>() };
      entry.count += Number(r.n);
      entry.teachers.add(Number(r.teacher_person_id));
      out.set(r.status, entry);
    }
    return out;
  };
  return coachIds.map((coachId) => {
    const mine = <T extends { coach_person_id: number }>(rows: T[]) => rows.filter((r) => Number(r.coach_person_id) === coachId);
    const byKind = mine(kinds).map((r) => ({ kind: r.kind, sessions: Number(r.sessions), minutes: Number(r.minutes) }));
    return {
      coachId,
      caseload: Number(mine(caseloads)[0]?.n ?? 0),
      teachersMet: Number(mine(met)[0]?.n ?? 0),
      sessions: byKind.reduce((s, k) => s + k.sessions, 0),
      minutes: byKind.reduce((s, k) => s + k.minutes, 0),
      byKind,
      byMonth: mine(months).map((r) => ({ month: r.month, sessions: Number(r.sessions), minutes: Number(r.minutes) })).sort((a, b) => a.month.localeCompare(b.month)),
      cycles: new Map([...byStatus(cycles, coachId)].map(([k, v]) => [k, { cycles: v.count, teachers: v.teachers }])),
      goals: new Map([...byStatus(goals, coachId)].map(([k, v]) => [k, { goals: v.count, teachers: v.teachers }])),
    };
  });
}

/** Each teacher of the coach's current caseload with their hours of coaching in the period (the coach's own view). */
export async function caseloadHours(sequelize: Sequelize, coachId: number, period: Period): Promise<Array<{ teacherId: number; name: string; sessions: number; minutes: number }>> {
  const rows = await sequelize.query<{ id: number; name: string | null; given_name: string | null; family_name: string | null; sessions: number | null; minutes: number | null }>(
    `SELECT p.id, p.name, p.given_name, p.family_name, SUM(t.sessions) AS sessions, SUM(t.minutes) AS minutes
       FROM (SELECT DISTINCT teacher_person_id FROM coaching_assignments WHERE coach_person_id = :coach AND active = 1) a
       JOIN people p ON p.id = a.teacher_person_id
       LEFT JOIN dashboard_teacher_months t ON t.teacher_person_id = a.teacher_person_id AND t.coach_person_id = :coach AND t.month BETWEEN :monthFrom AND :monthTo
      GROUP BY p.id, p.name, p.given_name, p.family_name`,
    { replacements: { coach: coachId, monthFrom: period.monthFrom, monthTo: period.monthTo }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ teacherId: Number(r.id), name: personName(r), sessions: Number(r.sessions ?? 0), minutes: Number(r.minutes ?? 0) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.teacherId - b.teacherId);
}
