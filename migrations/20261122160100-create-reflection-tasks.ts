/**
 * Reflection tasks: a title and 1–5 prompts, set by a coach for a stage of a cycle (cycle_id +
 * stage_index) or placed in a course as an LMS assignment (resource_link_id, and the line item
 * the LMS made for it through Deep Linking, when it did).
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('reflection_tasks', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    /** The cycle whose stage the task belongs to; NULL for a task placed in the course. */
    cycle_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'cycles', key: 'id' }, onDelete: 'CASCADE' },
    stage_index: { type: DataTypes.INTEGER, allowNull: true },
    /** The LMS resource link the task is placed as (Deep Linking), when it is. */
    resource_link_id: { type: DataTypes.STRING(255), allowNull: true },
    /** The LMS line item made for the placed link, when the LMS made one. */
    lineitem_url: { type: DataTypes.STRING(1024), allowNull: true },
    title: { type: DataTypes.STRING(120), allowNull: false },
    /** JSON array of 1–5 prompt strings. */
    prompts: { type: DataTypes.TEXT, allowNull: false },
    created_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  // Also the index of the space_id foreign key (its leading column).
  await q.addIndex('reflection_tasks', ['space_id', 'resource_link_id'], { unique: true, name: 'reflection_tasks_space_link' });
  await q.addIndex('reflection_tasks', ['cycle_id', 'stage_index'], { name: 'reflection_tasks_cycle' });
  await q.addIndex('reflection_tasks', ['created_by'], { name: 'reflection_tasks_created_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('reflection_tasks');
}
