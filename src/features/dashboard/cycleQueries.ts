/**
 * Reads of cycles, goals and the roster for the dashboard: reach, cycles by status, cycles closed
 * in the period, time in each stage (from dashboard_stage_spans) and goal statuses per teacher.
 * Counts and sums only: no focus, goal text, notes or evidence is ever selected.
 */
import type { Sequelize } from 'sequelize';
import { BUILT_IN_MODELS } from '../coaching/catalog';
import type { DashboardScope } from './scope';
import { bounds, queryOf } from './sessionQueries';

/** A cycle overlaps the period: started by its end, and not closed before its start. */
const OVERLAPS = 'c.space_id IN (:spaces) AND c.starts_on <= :dayTo AND (c.closed_at IS NULL OR c.closed_at >= :fromAt)';

export interface Reach {
  /** Active teachers on the scope's rosters. */
  rostered: number;
  /** Of them, those who opted in (taking part or paused). */
  optedIn: number;
  /** Of the rostered, those with a cycle in the period. */
  withCycle: number;
  /** Of the opted in, those with a cycle in the period. */
  optedInWithCycle: number;
}

/** The teachers with a cycle overlapping the period (a subquery both engines run once). */
const CYCLED = `SELECT c.teacher_person_id FROM cycles c WHERE ${OVERLAPS}`;

/** Rostered teachers, opted in, and with a cycle overlapping the period. */
export async function reachFacts(sequelize: Sequelize, scope: DashboardScope): Promise<Reach> {
  const [row] = await queryOf(sequelize)<{ rostered: number; opted: number | null; cycled: number | null; opted_cycled: number | null }>(
    `SELECT COUNT(DISTINCT m.person_id) AS rostered,
            COUNT(DISTINCT CASE WHEN tp.status IN ('opted_in', 'paused') THEN m.person_id END) AS opted,
            COUNT(DISTINCT CASE WHEN m.person_id IN (${CYCLED}) THEN m.person_id END) AS cycled,
            COUNT(DISTINCT CASE WHEN tp.status IN ('opted_in', 'paused') AND m.person_id IN (${CYCLED}) THEN m.person_id END) AS opted_cycled
       FROM memberships m
       LEFT JOIN teacher_profiles tp ON tp.person_id = m.person_id AND tp.tenant_id = :tenant
      WHERE m.space_id IN (:spaces) AND m.role = 'teacher' AND m.status = 'active'`,
    bounds(scope),
  );
  return { rostered: Number(row?.rostered ?? 0), optedIn: Number(row?.opted ?? 0), withCycle: Number(row?.cycled ?? 0), optedInWithCycle: Number(row?.opted_cycled ?? 0) };
}

export interface StatusCount {
  status: string;
  /** Cycles overlapping the period with this status today, and their distinct teachers. */
  cycles: number;
  teachers: number;
  /** Of them, those that closed (completed or stopped) within the period, and their distinct teachers. */
  closed: number;
  closedTeachers: number;
}

/** Cycles overlapping the period by their status today, with those closed within the period: one pass over the covering index. */
export async function cyclesByStatus(sequelize: Sequelize, scope: DashboardScope): Promise<StatusCount[]> {
  const closedInPeriod = 'c.closed_at >= :fromAt AND c.closed_at < :toAt';
  const rows = await queryOf(sequelize)<{ status: string; cycles: number; teachers: number; closed: number; closed_teachers: number }>(
    `SELECT c.status, COUNT(*) AS cycles, COUNT(DISTINCT c.teacher_person_id) AS teachers,
            SUM(CASE WHEN ${closedInPeriod} THEN 1 ELSE 0 END) AS closed, COUNT(DISTINCT CASE WHEN ${closedInPeriod} THEN c.teacher_person_id END) AS closed_teachers
       FROM cycles c WHERE ${OVERLAPS} GROUP BY c.status`,
    bounds(scope),
  );
  return rows.map((r) => ({ status: r.status, cycles: Number(r.cycles), teachers: Number(r.teachers), closed: Number(r.closed), closedTeachers: Number(r.closed_teachers) }));
}

/** Distinct teachers of the cycles overlapping the period with these statuses (all statuses when none are named). */
export async function cycleTeachers(sequelize: Sequelize, scope: DashboardScope, statuses?: string[]): Promise<number> {
  const [row] = await queryOf(sequelize)<{ n: number }>(
    `SELECT COUNT(DISTINCT c.teacher_person_id) AS n FROM cycles c WHERE ${OVERLAPS}${statuses ? ' AND c.status IN (:statuses)' : ''}`,
    { ...bounds(scope), statuses },
  );
  return Number(row?.n ?? 0);
}

export interface StageSpanFacts {
  modelKey: string;
  modelName: string;
  stageIndex: number;
  stageName: string;
  /** Finished stays in the stage (a cycle reopened may stay twice). */
  spans: number;
  seconds: number;
  teachers: number;
}

/** Time spent in each stage, per cycle model, over the stays that ended within the period. */
export async function stageSpans(sequelize: Sequelize, scope: DashboardScope): Promise<StageSpanFacts[]> {
  const q = queryOf(sequelize);
  const rows = await q<{ model_key: string; stage_index: number; spans: number; seconds: number; teachers: number }>(
    `SELECT model_key, stage_index, COUNT(*) AS spans, SUM(seconds) AS seconds, COUNT(DISTINCT teacher_person_id) AS teachers
       FROM dashboard_stage_spans WHERE space_id IN (:spaces) AND left_at >= :fromAt AND left_at < :toAt
      GROUP BY model_key, stage_index`,
    bounds(scope),
  );
  const customIds = [...new Set(rows.map((r) => /^custom:(\d+)$/.exec(r.model_key)?.[1]).filter((x): x is string => !!x).map(Number))];
  const custom = customIds.length
    ? await q<{ id: number; name: string; stages: string }>('SELECT id, name, stages FROM cycle_models WHERE id IN (:ids) AND space_id IN (:spaces)', { ids: customIds, spaces: bounds(scope).spaces })
    : [];
  const models = new Map<string, { name: string; stages: string[] }>([
    ...BUILT_IN_MODELS.map((m) => [m.key, { name: m.name, stages: m.stages }] as const),
    ...custom.map((m) => [`custom:${m.id}`, { name: m.name, stages: JSON.parse(m.stages) as string[] }] as const),
  ]);
  return rows.map((r) => {
    const model = models.get(r.model_key);
    const index = Number(r.stage_index);
    return {
      modelKey: r.model_key, modelName: model?.name ?? 'Custom model', stageIndex: index, stageName: model?.stages[index] ?? `Stage ${index + 1}`,
      spans: Number(r.spans), seconds: Number(r.seconds), teachers: Number(r.teachers),
    };
  }).sort((a, b) => a.modelName.localeCompare(b.modelName) || a.modelKey.localeCompare(b.modelKey) || a.stageIndex - b.stageIndex);
}

/** Goals of one teacher due in the period, by status, and the hours of coaching logged on the cycles whose goals were decided. */
export interface TeacherGoals {
  teacherId: number;
  in_progress: number;
  met: number;
  partly_met: number;
  not_met: number;
  /** Minutes of the sessions logged on this teacher's cycles that have a goal met, partly met or not met in the period. */
  decidedMinutes: number;
}

/**
 * Goal statuses per teacher for the goals of the scope's cycles due within the period (read from
 * the goals_due_cycle_status index), with the hours of those cycles (dashboard_cycle_totals).
 */
export async function goalsPerTeacher(sequelize: Sequelize, scope: DashboardScope): Promise<TeacherGoals[]> {
  const rows = await queryOf(sequelize)<{ teacher_person_id: number; in_progress: number; met: number; partly_met: number; not_met: number; decided_minutes: number | null }>(
    `SELECT c.teacher_person_id, SUM(x.in_progress) AS in_progress, SUM(x.met) AS met, SUM(x.partly_met) AS partly_met, SUM(x.not_met) AS not_met,
            SUM(CASE WHEN x.met + x.partly_met + x.not_met > 0 THEN COALESCE(t.minutes, 0) ELSE 0 END) AS decided_minutes
       FROM (SELECT g.cycle_id,
                    SUM(CASE WHEN g.status = 'in_progress' THEN 1 ELSE 0 END) AS in_progress,
                    SUM(CASE WHEN g.status = 'met' THEN 1 ELSE 0 END) AS met,
                    SUM(CASE WHEN g.status = 'partly_met' THEN 1 ELSE 0 END) AS partly_met,
                    SUM(CASE WHEN g.status = 'not_met' THEN 1 ELSE 0 END) AS not_met
               FROM goals g WHERE g.due_on BETWEEN :dayFrom AND :dayTo GROUP BY g.cycle_id) x
       JOIN cycles c ON c.id = x.cycle_id
       LEFT JOIN dashboard_cycle_totals t ON t.cycle_id = c.id
      WHERE c.space_id IN (:spaces)
      GROUP BY c.teacher_person_id`,
    bounds(scope),
  );
  return rows.map((r) => ({
    teacherId: Number(r.teacher_person_id), in_progress: Number(r.in_progress), met: Number(r.met), partly_met: Number(r.partly_met), not_met: Number(r.not_met),
    decidedMinutes: Number(r.decided_minutes ?? 0),
  }));
}
