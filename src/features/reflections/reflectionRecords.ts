/**
 * Loading reflections, their tasks and the space's settings — and authorizing the actor in the
 * same call, so no route or command can touch a reflection without the check. A reflection of
 * another space, or one the actor may not know of, is "not found".
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { forbidden, notFound } from '../../auth/httpError';
import { storedDate } from '../../jobs/jobRows';
import { audienceFor } from '../coaching/policies/audience';
import type { Audience } from '../coaching/policies/privacyWall';
import { DEFAULT_SETTINGS, type GradingMode, type ReflectionSettings, type ReflectionStatus } from './catalog';
import { knowsOf, reflectionAbilities, refusalMessage, type ReflectionAbilities, type ReflectionAction } from './policy';

/** A reflection task. */
export interface ReflectionTask {
  id: number;
  spaceId: number;
  /** The cycle and stage it belongs to (null for a task placed in the course). */
  cycleId: number | null;
  stageIndex: number | null;
  resourceLinkId: string | null;
  lineItemUrl: string | null;
  title: string;
  prompts: string[];
  createdAt: Date;
}

/** A teacher's reflection on a task. */
export interface Reflection {
  id: number;
  taskId: number;
  spaceId: number;
  teacherId: number;
  status: ReflectionStatus;
  /** One answer per prompt (private). */
  answers: string[];
  /** The latest feedback (private). */
  feedback: string | null;
  scoreGiven: number | null;
  scoreMaximum: number | null;
  gradedBy: number | null;
  gradedAt: Date | null;
  savedAt: Date | null;
  submittedAt: Date | null;
  updatedAt: Date;
}

type DateValue = Date | string;
const optionalDate = (d: DateValue | null) => (d === null || d === undefined ? null : storedDate(d));
const optionalNumber = (n: number | string | null) => (n === null || n === undefined ? null : Number(n));

export interface TaskRow {
  id: number; space_id: number; cycle_id: number | null; stage_index: number | null; resource_link_id: string | null; lineitem_url: string | null;
  title: string; prompts: string; created_at: DateValue;
}

/** Converts a database row (either dialect) into a task. */
export function toTask(r: TaskRow): ReflectionTask {
  return {
    id: Number(r.id), spaceId: Number(r.space_id), cycleId: optionalNumber(r.cycle_id), stageIndex: optionalNumber(r.stage_index),
    resourceLinkId: r.resource_link_id, lineItemUrl: r.lineitem_url, title: r.title, prompts: JSON.parse(r.prompts) as string[], createdAt: storedDate(r.created_at),
  };
}

interface ReflectionRow {
  id: number; task_id: number; space_id: number; teacher_person_id: number; status: string; answers: string; feedback: string | null;
  score_given: number | string | null; score_maximum: number | string | null; graded_by: number | null; graded_at: DateValue | null;
  saved_at: DateValue | null; submitted_at: DateValue | null; updated_at: DateValue;
}

function toReflection(r: ReflectionRow): Reflection {
  return {
    id: Number(r.id), taskId: Number(r.task_id), spaceId: Number(r.space_id), teacherId: Number(r.teacher_person_id), status: r.status as ReflectionStatus,
    answers: JSON.parse(r.answers) as string[], feedback: r.feedback, scoreGiven: optionalNumber(r.score_given), scoreMaximum: optionalNumber(r.score_maximum),
    gradedBy: optionalNumber(r.graded_by), gradedAt: optionalDate(r.graded_at), savedAt: optionalDate(r.saved_at), submittedAt: optionalDate(r.submitted_at),
    updatedAt: storedDate(r.updated_at),
  };
}

/** The space's reflection settings (defaults when none were saved). */
export async function reflectionSettings(sequelize: Sequelize, spaceId: number, transaction?: Transaction): Promise<ReflectionSettings> {
  const rows = await sequelize.query<{ grading: string; points_max: number | string; admins_may_grade: number | boolean }>(
    'SELECT grading, points_max, admins_may_grade FROM reflection_settings WHERE space_id = ?',
    { replacements: [spaceId], type: QueryTypes.SELECT, transaction },
  );
  const r = rows[0];
  if (!r) return { ...DEFAULT_SETTINGS };
  return { grading: r.grading === 'points' ? 'points' : ('completion' as GradingMode), pointsMax: Number(r.points_max), adminsMayGrade: Boolean(Number(r.admins_may_grade)) };
}

/** The task with this id in this space, or undefined. */
export async function findTask(sequelize: Sequelize, spaceId: number, taskId: number, transaction?: Transaction): Promise<ReflectionTask | undefined> {
  const rows = await sequelize.query<TaskRow>('SELECT * FROM reflection_tasks WHERE id = ? AND space_id = ?', { replacements: [taskId, spaceId], type: QueryTypes.SELECT, transaction });
  return rows[0] ? toTask(rows[0]) : undefined;
}

/** The reflection with this id in this space, with its task, or undefined. */
export async function findReflection(sequelize: Sequelize, spaceId: number, reflectionId: number, transaction?: Transaction): Promise<{ reflection: Reflection; task: ReflectionTask } | undefined> {
  const rows = await sequelize.query<ReflectionRow>('SELECT * FROM reflections WHERE id = ? AND space_id = ?', { replacements: [reflectionId, spaceId], type: QueryTypes.SELECT, transaction });
  if (!rows[0]) return undefined;
  const reflection = toReflection(rows[0]);
  const task = await findTask(sequelize, spaceId, reflection.taskId, transaction);
  return task ? { reflection, task } : undefined;
}

/** A reflection with the actor's audience, abilities and the space's settings. */
export interface AuthorizedReflection {
  reflection: Reflection;
  task: ReflectionTask;
  audience: Audience;
  can: ReflectionAbilities;
  settings: ReflectionSettings;
}

/**
 * Loads a reflection of the actor's space and checks the actor may read it or, when `action` is
 * given, do that (admins may grade without reading). Throws 404 when it is missing or not the
 * actor's to know of, 403 when they know of it but may not do this. The state machine (409) is
 * the commands' business.
 */
export async function loadReflectionFor(sequelize: Sequelize, actor: Actor, reflectionId: number, action?: ReflectionAction, transaction?: Transaction): Promise<AuthorizedReflection> {
  if (!actor.space) throw notFound('reflection');
  const found = await findReflection(sequelize, actor.space.id, reflectionId, transaction);
  if (!found) throw notFound('reflection');
  const audience = await audienceFor(sequelize, actor, found.reflection.teacherId, transaction);
  if (!audience || !knowsOf(audience)) throw notFound('reflection');
  const settings = await reflectionSettings(sequelize, actor.space.id, transaction);
  const can = reflectionAbilities(audience, settings);
  const wanted = action ?? 'read';
  if (!can[wanted]) throw forbidden(refusalMessage(wanted, audience));
  return { ...found, audience, can, settings };
}
