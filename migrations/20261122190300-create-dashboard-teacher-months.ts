/**
 * Monthly rollup of coaching time per teacher for the program dashboard: per space, month, coach
 * and attending teacher, how many sessions the teacher attended and their minutes (a group session
 * counts in full for each attendee). Gives each teacher's hours (hours against goal attainment)
 * and exact counts of distinct teachers per month and per coach (the minimum group size). Kept
 * exact by the triggers of 20261122190500.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('dashboard_teacher_months', {
    space_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    /** YYYY-MM */
    month: { type: DataTypes.STRING(7), primaryKey: true },
    coach_person_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    teacher_person_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    sessions: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    minutes: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  // Per-teacher sums over a space and a range of months read only this index (covering).
  await q.addIndex('dashboard_teacher_months', ['space_id', 'month', 'teacher_person_id', 'coach_person_id', 'sessions', 'minutes'], { name: 'dashboard_teacher_months_teacher_sums' });
  await q.addIndex('dashboard_teacher_months', ['coach_person_id', 'month'], { name: 'dashboard_teacher_months_coach' });
  await q.addIndex('dashboard_teacher_months', ['teacher_person_id', 'month'], { name: 'dashboard_teacher_months_teacher' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('dashboard_teacher_months');
}
