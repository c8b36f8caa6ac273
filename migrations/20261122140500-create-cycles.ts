/** Coaching cycles: one teacher and one coach in a space, a focus, a stage model (copied at start), status and dates. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('cycles', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    teacher_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    coach_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    focus: { type: DataTypes.STRING(200), allowNull: false },
    /** impact | student-centered | custom:<id> */
    model_key: { type: DataTypes.STRING(40), allowNull: false },
    model_name: { type: DataTypes.STRING(80), allowNull: false },
    /** JSON array of stage names, copied from the model when the cycle starts. */
    stages: { type: DataTypes.TEXT, allowNull: false },
    stage_index: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    /** planned | active | paused | completed | abandoned */
    status: { type: DataTypes.STRING(12), allowNull: false },
    /** YYYY-MM-DD */
    starts_on: { type: DataTypes.STRING(10), allowNull: false },
    ends_on: { type: DataTypes.STRING(10), allowNull: true },
    created_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    closed_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('cycles', ['space_id', 'coach_person_id', 'status'], { name: 'cycles_space_coach' });
  await q.addIndex('cycles', ['space_id', 'teacher_person_id', 'status'], { name: 'cycles_space_teacher' });
  await q.addIndex('cycles', ['teacher_person_id'], { name: 'cycles_teacher' });
  await q.addIndex('cycles', ['coach_person_id'], { name: 'cycles_coach' });
  await q.addIndex('cycles', ['created_by'], { name: 'cycles_created_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('cycles');
}
