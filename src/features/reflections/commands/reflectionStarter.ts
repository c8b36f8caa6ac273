/** Starts a teacher's reflection on a task placed in the course (once: later calls find it). */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { upsertReturningId } from '../../../db/upsert';

export interface ReflectionStartProps {
  taskId: number;
  spaceId: number;
  /** The teacher writing it. */
  teacherId: number;
  /** How many prompts the task has (one empty answer each). */
  prompts: number;
}

/** The teacher's reflection on the task, created as an empty draft when missing; returns its id. */
export async function ensureReflection(sequelize: Sequelize, props: ReflectionStartProps, now = new Date(), transaction?: Transaction): Promise<number> {
  const rows = await sequelize.query<{ id: number }>('SELECT id FROM reflections WHERE task_id = ? AND teacher_person_id = ?', {
    replacements: [props.taskId, props.teacherId], type: QueryTypes.SELECT, transaction,
  });
  if (rows[0]) return Number(rows[0].id);
  // Two first launches at once: the unique (task, teacher) key makes the second an update of nothing.
  return upsertReturningId(sequelize, {
    table: 'reflections',
    values: {
      task_id: props.taskId, space_id: props.spaceId, teacher_person_id: props.teacherId, status: 'draft', answers: JSON.stringify(Array.from({ length: props.prompts }, () => '')),
      created_at: now, updated_at: now,
    },
    conflictKeys: ['task_id', 'teacher_person_id'],
    updateColumns: ['task_id'],
    transaction,
  });
}
