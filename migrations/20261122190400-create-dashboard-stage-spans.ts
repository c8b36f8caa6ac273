/**
 * Time spent in each stage of a cycle, derived from cycle_events: a span opens when the cycle
 * enters a stage (or is reopened) and closes when it moves on, completes or is stopped early.
 * `seconds` is set when the span closes. The cycle's space, teacher and model are copied so the
 * dashboard's stage durations read one index. Kept by the trigger of 20261122190600.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('dashboard_stage_spans', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    cycle_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'cycles', key: 'id' }, onDelete: 'CASCADE' },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    teacher_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    model_key: { type: DataTypes.STRING(40), allowNull: false },
    stage_index: { type: DataTypes.INTEGER, allowNull: false },
    entered_at: { type: DataTypes.DATE(3), allowNull: false },
    left_at: { type: DataTypes.DATE(3), allowNull: true },
    seconds: { type: DataTypes.INTEGER, allowNull: true },
  });
  await q.addIndex('dashboard_stage_spans', ['cycle_id', 'left_at'], { name: 'dashboard_stage_spans_cycle' });
  // Stage durations of a space over a period read only this index (covering).
  await q.addIndex('dashboard_stage_spans', ['space_id', 'left_at', 'model_key', 'stage_index', 'teacher_person_id', 'seconds'], { name: 'dashboard_stage_spans_space' });
  await q.addIndex('dashboard_stage_spans', ['teacher_person_id'], { name: 'dashboard_stage_spans_teacher' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('dashboard_stage_spans');
}
