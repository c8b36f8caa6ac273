/**
 * Monthly count of each teacher's sessions by kind (per space), the companion of
 * dashboard_teacher_months (which is by coach). It is never read by a page: it tells the triggers
 * of 20261122190580 when a teacher starts or stops having a kind of session in a month, which is
 * how dashboard_month_teachers keeps exact counts of distinct teachers. Kept by the triggers of
 * 20261122190540.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('dashboard_teacher_kinds', {
    space_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    /** YYYY-MM */
    month: { type: DataTypes.STRING(7), primaryKey: true },
    kind: { type: DataTypes.STRING(16), primaryKey: true },
    teacher_person_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    sessions: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await q.addIndex('dashboard_teacher_kinds', ['teacher_person_id'], { name: 'dashboard_teacher_kinds_teacher' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('dashboard_teacher_kinds');
}
