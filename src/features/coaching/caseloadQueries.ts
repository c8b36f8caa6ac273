/**
 * The coach's caseload: their assigned teachers in this space with the current cycle and stage,
 * the last contact and how many goals are at risk. Three queries for the whole page, whatever the
 * caseload size.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { CycleStatus, ParticipationStatus } from './catalog';
import { personName } from './coachingQueries';
import { isAtRisk } from './goalProgressChart';

export interface CaseloadEntry {
  teacherId: number;
  name: string;
  participation: ParticipationStatus | null;
  needAreas: string[];
  gradeBand: string | null;
  assignedAt: Date;
  cycle?: { id: number; modelName: string; stageName: string; stageNumber: number; stageCount: number; status: CycleStatus; startsOn: string; endsOn: string | null };
  lastContact: string | null;
  goalsAtRisk: number;
  openGoals: number;
}

/** The caseload of a coach in a space, sorted by name. */
export async function caseload(sequelize: Sequelize, tenantId: number, spaceId: number, coachId: number, today: string): Promise<CaseloadEntry[]> {
  const q = <T extends object>(sql: string, replacements: unknown[]) => sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const teachers = await q<{ person_id: number; confirmed_at: Date | string; name: string | null; given_name: string | null; family_name: string | null; status: string | null; need_areas: string | null; grade_band: string | null }>(
    `SELECT a.teacher_person_id AS person_id, a.confirmed_at, p.name, p.given_name, p.family_name, tp.status, tp.need_areas, tp.grade_band
       FROM coaching_assignments a JOIN people p ON p.id = a.teacher_person_id
       LEFT JOIN teacher_profiles tp ON tp.person_id = a.teacher_person_id AND tp.tenant_id = ?
      WHERE a.space_id = ? AND a.coach_person_id = ? AND a.active = 1`,
    [tenantId, spaceId, coachId],
  );
  if (!teachers.length) return [];
  const ids = teachers.map((t) => Number(t.person_id));
  const marks = ids.map(() => '?').join(', ');
  const [cycles, contacts, goals] = await Promise.all([
    q<{ id: number; teacher_person_id: number; model_name: string; stages: string; stage_index: number; status: string; starts_on: string; ends_on: string | null }>(
      `SELECT id, teacher_person_id, model_name, stages, stage_index, status, starts_on, ends_on FROM cycles
        WHERE space_id = ? AND coach_person_id = ? AND teacher_person_id IN (${marks}) AND status IN ('planned', 'active', 'paused')
        ORDER BY starts_on DESC, id DESC`, [spaceId, coachId, ...ids]),
    q<{ teacher_person_id: number; last: string }>(
      `SELECT sa.teacher_person_id, MAX(s.held_on) AS last FROM session_attendees sa JOIN coaching_sessions s ON s.id = sa.session_id
        WHERE s.space_id = ? AND s.coach_person_id = ? AND sa.teacher_person_id IN (${marks}) GROUP BY sa.teacher_person_id`, [spaceId, coachId, ...ids]),
    q<{ teacher_person_id: number; status: string; due_on: string; baseline: number | string; target: number | string; latest: number | string | null }>(
      `SELECT c.teacher_person_id, g.status, g.due_on, g.baseline, g.target,
              (SELECT k.value FROM goal_checkins k WHERE k.goal_id = g.id ORDER BY k.checked_on DESC, k.id DESC LIMIT 1) AS latest
         FROM goals g JOIN cycles c ON c.id = g.cycle_id
        WHERE c.space_id = ? AND c.coach_person_id = ? AND c.teacher_person_id IN (${marks}) AND c.status IN ('planned', 'active', 'paused') AND g.status = 'in_progress'`,
      [spaceId, coachId, ...ids]),
  ]);
  return teachers.map((t) => {
    const id = Number(t.person_id);
    const c = cycles.find((x) => Number(x.teacher_person_id) === id);
    const stages = c ? (JSON.parse(c.stages) as string[]) : [];
    const mine = goals.filter((g) => Number(g.teacher_person_id) === id);
    return {
      teacherId: id, name: personName(t), participation: (t.status as ParticipationStatus | null) ?? null,
      needAreas: t.need_areas ? (JSON.parse(t.need_areas) as string[]) : [], gradeBand: t.grade_band, assignedAt: new Date(t.confirmed_at),
      cycle: c ? {
        id: Number(c.id), modelName: c.model_name, stageName: stages[Number(c.stage_index)] ?? '', stageNumber: Number(c.stage_index) + 1, stageCount: stages.length,
        status: c.status as CycleStatus, startsOn: c.starts_on, endsOn: c.ends_on,
      } : undefined,
      lastContact: contacts.find((x) => Number(x.teacher_person_id) === id)?.last ?? null,
      goalsAtRisk: mine.filter((g) => isAtRisk({ status: g.status, dueOn: g.due_on, baseline: Number(g.baseline), target: Number(g.target) }, g.latest === null ? undefined : Number(g.latest), today)).length,
      openGoals: mine.length,
    };
  }).sort((a, b) => a.name.localeCompare(b.name) || a.teacherId - b.teacherId);
}

/** Opted-in teachers of the space without an active coach (for coaches allowed to take teachers on). */
export async function unassignedTeacherIds(sequelize: Sequelize, tenantId: number, spaceId: number): Promise<number[]> {
  const rows = await sequelize.query<{ person_id: number }>(
    `SELECT m.person_id FROM memberships m JOIN teacher_profiles tp ON tp.person_id = m.person_id AND tp.tenant_id = ? AND tp.status = 'opted_in'
      WHERE m.space_id = ? AND m.role = 'teacher' AND m.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM coaching_assignments a WHERE a.space_id = m.space_id AND a.teacher_person_id = m.person_id AND a.active = 1)`,
    { replacements: [tenantId, spaceId], type: QueryTypes.SELECT },
  );
  return rows.map((r) => Number(r.person_id));
}
