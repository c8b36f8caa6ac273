/**
 * Monthly rollup of the session log for the program dashboard: per space, month (YYYY-MM of
 * held_on), coach and kind of session, how many sessions, their minutes and how many attendances
 * (a group session with 8 teachers counts 8). Derived from coaching_sessions and
 * session_attendees only, kept exact by the triggers of 20261122190500 (same transaction as the
 * session), so the dashboard reads thousands of rows instead of a million sessions.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('dashboard_coach_months', {
    space_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    /** YYYY-MM */
    month: { type: DataTypes.STRING(7), primaryKey: true },
    coach_person_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    kind: { type: DataTypes.STRING(16), primaryKey: true },
    sessions: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    minutes: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    attendances: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await q.addIndex('dashboard_coach_months', ['coach_person_id', 'month'], { name: 'dashboard_coach_months_coach' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('dashboard_coach_months');
}
