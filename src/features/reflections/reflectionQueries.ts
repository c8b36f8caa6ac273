/**
 * The lists on the reflection pages: the teacher's own reflections, the coach's queue (only
 * teachers assigned to them right now) and open cycles, and — for admins allowed to grade — the
 * submitted reflections waiting for credit. Lists carry titles, names, states and dates: never
 * answers or feedback. Every query is bounded by the actor's space.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { storedDate } from '../../jobs/jobRows';
import { CLOSED_CYCLE_STATUSES } from '../coaching/catalog';
import { personName } from '../coaching/coachingQueries';
import type { ReflectionStatus } from './catalog';
import { ensureReflection } from './commands/reflectionStarter';

/** One reflection in a list. */
export interface ReflectionListItem {
  id: number;
  title: string;
  status: ReflectionStatus;
  teacherName: string;
  /** The cycle focus and stage of a cycle task; absent for a task placed in the course. */
  cycleFocus?: string;
  stageName?: string;
  placed: boolean;
  scoreGiven: number | null;
  scoreMaximum: number | null;
  submittedAt: Date | null;
  updatedAt: Date;
}

interface ListRow {
  id: number; title: string; status: string; cycle_id: number | null; stage_index: number | null; focus: string | null; stages: string | null;
  score_given: number | string | null; score_maximum: number | string | null; submitted_at: Date | string | null; updated_at: Date | string;
  name: string | null; given_name: string | null; family_name: string | null;
}

const LIST_SQL = `SELECT r.id, t.title, r.status, t.cycle_id, t.stage_index, c.focus, c.stages, r.score_given, r.score_maximum, r.submitted_at, r.updated_at,
         p.name, p.given_name, p.family_name
    FROM reflections r JOIN reflection_tasks t ON t.id = r.task_id JOIN people p ON p.id = r.teacher_person_id
    LEFT JOIN cycles c ON c.id = t.cycle_id`;

function toItem(r: ListRow): ReflectionListItem {
  const stages = r.stages ? (JSON.parse(r.stages) as string[]) : [];
  return {
    id: Number(r.id), title: r.title, status: r.status as ReflectionStatus, teacherName: personName(r),
    cycleFocus: r.focus ?? undefined, stageName: r.cycle_id !== null ? stages[Number(r.stage_index ?? 0)] : undefined, placed: r.cycle_id === null,
    scoreGiven: r.score_given === null ? null : Number(r.score_given), scoreMaximum: r.score_maximum === null ? null : Number(r.score_maximum),
    submittedAt: r.submitted_at === null ? null : storedDate(r.submitted_at), updatedAt: storedDate(r.updated_at),
  };
}

/**
 * The teacher's reflections in the space, newest first. Tasks placed in the course get the
 * teacher's (empty) reflection on first sight, so each can be opened from this list.
 */
export async function teacherReflections(sequelize: Sequelize, actor: Actor): Promise<ReflectionListItem[]> {
  const spaceId = actor.space!.id;
  const missing = await sequelize.query<{ id: number; prompts: string }>(
    'SELECT t.id, t.prompts FROM reflection_tasks t WHERE t.space_id = ? AND t.cycle_id IS NULL AND NOT EXISTS (SELECT 1 FROM reflections r WHERE r.task_id = t.id AND r.teacher_person_id = ?)',
    { replacements: [spaceId, actor.person.id], type: QueryTypes.SELECT },
  );
  for (const t of missing) {
    await ensureReflection(sequelize, { taskId: Number(t.id), spaceId, teacherId: actor.person.id, prompts: (JSON.parse(t.prompts) as string[]).length });
  }
  const rows = await sequelize.query<ListRow>(`${LIST_SQL} WHERE r.space_id = ? AND r.teacher_person_id = ? ORDER BY r.updated_at DESC, r.id DESC`, {
    replacements: [spaceId, actor.person.id], type: QueryTypes.SELECT,
  });
  return rows.map(toItem);
}

/** Reflections of the teachers assigned to the coach now: submitted first (oldest first), then the rest, newest first. */
export async function coachQueue(sequelize: Sequelize, actor: Actor): Promise<ReflectionListItem[]> {
  const rows = await sequelize.query<ListRow>(
    `${LIST_SQL} WHERE r.space_id = ? AND EXISTS (SELECT 1 FROM coaching_assignments a WHERE a.space_id = r.space_id AND a.teacher_person_id = r.teacher_person_id AND a.coach_person_id = ? AND a.active = 1)
      ORDER BY r.updated_at DESC, r.id DESC LIMIT 500`,
    { replacements: [actor.space!.id, actor.person.id], type: QueryTypes.SELECT },
  );
  return rows.map(toItem);
}

/** The coach's open cycles with teachers still assigned to them, for setting a reflection on the current stage. */
export async function coachOpenCycles(sequelize: Sequelize, actor: Actor): Promise<Array<{ id: number; teacherName: string; focus: string; stageName: string }>> {
  const rows = await sequelize.query<{ id: number; focus: string; stages: string; stage_index: number; name: string | null; given_name: string | null; family_name: string | null }>(
    `SELECT c.id, c.focus, c.stages, c.stage_index, p.name, p.given_name, p.family_name FROM cycles c JOIN people p ON p.id = c.teacher_person_id
      WHERE c.space_id = ? AND c.coach_person_id = ? AND c.status NOT IN (?)
        AND EXISTS (SELECT 1 FROM coaching_assignments a WHERE a.space_id = c.space_id AND a.teacher_person_id = c.teacher_person_id AND a.coach_person_id = c.coach_person_id AND a.active = 1)
      ORDER BY p.name, c.id`,
    { replacements: [actor.space!.id, actor.person.id, CLOSED_CYCLE_STATUSES], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ id: Number(r.id), teacherName: personName(r), focus: r.focus, stageName: (JSON.parse(r.stages) as string[])[Number(r.stage_index)] ?? '' }));
}

/**
 * Submitted reflections of the space waiting for credit, for admins allowed to grade: who and
 * since when, and the title only of tasks placed in the course (a cycle task's title may say
 * what the teacher works on).
 */
export async function awaitingCredit(sequelize: Sequelize, spaceId: number): Promise<Array<{ id: number; teacherName: string; what: string; submittedAt: Date | null }>> {
  const rows = await sequelize.query<ListRow>(`${LIST_SQL} WHERE r.space_id = ? AND r.status = 'submitted' ORDER BY r.submitted_at, r.id LIMIT 500`, {
    replacements: [spaceId], type: QueryTypes.SELECT,
  });
  return rows.map(toItem).map((r) => ({ id: r.id, teacherName: r.teacherName, what: r.placed ? r.title : 'Coaching cycle reflection', submittedAt: r.submittedAt }));
}
