/**
 * Per-space reflection settings an admin controls: how reflections are graded (completion credit
 * by default, points only when an admin turns it on) and whether admins may grade. A space with
 * no row uses the defaults (completion, no admin grading).
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('reflection_settings', {
    space_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    /** completion | points */
    grading: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'completion' },
    /** The most points a reflection can get when grading is 'points'. */
    points_max: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10 },
    /** Admins may complete or grade submitted reflections (without reading them). */
    admins_may_grade: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    updated_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('reflection_settings', ['updated_by'], { name: 'reflection_settings_updated_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('reflection_settings');
}
