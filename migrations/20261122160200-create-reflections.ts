/**
 * Reflections: one per task and teacher. The teacher's answers (one per prompt) and the coach's
 * latest feedback are private coaching content (teacher and assigned coach only). States: draft,
 * submitted, returned, complete. The grade (score and maximum) is what was last sent to the LMS.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('reflections', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    task_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'reflection_tasks', key: 'id' }, onDelete: 'CASCADE' },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    teacher_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    /** draft | submitted | returned | complete */
    status: { type: DataTypes.STRING(12), allowNull: false },
    /** JSON array of answers, one per prompt (private). */
    answers: { type: DataTypes.TEXT, allowNull: false },
    /** The coach's latest feedback (private); earlier feedback is in reflection_events. */
    feedback: { type: DataTypes.TEXT, allowNull: true },
    score_given: { type: DataTypes.DOUBLE, allowNull: true },
    score_maximum: { type: DataTypes.DOUBLE, allowNull: true },
    graded_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    graded_at: { type: DataTypes.DATE(3), allowNull: true },
    saved_at: { type: DataTypes.DATE(3), allowNull: true },
    submitted_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  // Also the index of the task_id foreign key (its leading column).
  await q.addIndex('reflections', ['task_id', 'teacher_person_id'], { unique: true, name: 'reflections_task_teacher' });
  // The coach's queue: submitted reflections of a space.
  await q.addIndex('reflections', ['space_id', 'status', 'submitted_at'], { name: 'reflections_space_status' });
  await q.addIndex('reflections', ['teacher_person_id', 'status'], { name: 'reflections_teacher' });
  await q.addIndex('reflections', ['graded_by'], { name: 'reflections_graded_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('reflections');
}
