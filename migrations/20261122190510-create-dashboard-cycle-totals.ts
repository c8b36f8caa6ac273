/**
 * Hours of coaching per cycle for the dashboard (hours against goal attainment): how many sessions
 * were logged on each cycle and their minutes. Derived from coaching_sessions, kept exact by the
 * triggers of 20261122190520, so a page reads one row per cycle instead of the session log.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('dashboard_cycle_totals', {
    cycle_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'cycles', key: 'id' }, onDelete: 'CASCADE' },
    sessions: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    minutes: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('dashboard_cycle_totals');
}
