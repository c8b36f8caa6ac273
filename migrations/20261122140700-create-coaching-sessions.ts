/**
 * The session log: every coaching activity, once. Hours come from `minutes` here and nowhere else.
 * A session belongs to a cycle, or (group PD) to no cycle with several attendees.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('coaching_sessions', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    coach_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    cycle_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'cycles', key: 'id' }, onDelete: 'CASCADE' },
    /** planning | observation | co_teaching | modeling | debrief | group_pd | check_in */
    kind: { type: DataTypes.STRING(16), allowNull: false },
    /** YYYY-MM-DD */
    held_on: { type: DataTypes.STRING(10), allowNull: false },
    minutes: { type: DataTypes.INTEGER, allowNull: false },
    /** in_person | virtual */
    format: { type: DataTypes.STRING(10), allowNull: false },
    notes: { type: DataTypes.TEXT, allowNull: true },
    next_steps: { type: DataTypes.TEXT, allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('coaching_sessions', ['space_id', 'held_on'], { name: 'coaching_sessions_space_date' });
  await q.addIndex('coaching_sessions', ['coach_person_id', 'held_on'], { name: 'coaching_sessions_coach_date' });
  await q.addIndex('coaching_sessions', ['cycle_id', 'held_on'], { name: 'coaching_sessions_cycle' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('coaching_sessions');
}
