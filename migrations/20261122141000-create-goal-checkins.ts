/** Progress check-ins on a goal: a dated value, a note and an optional evidence link. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('goal_checkins', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    goal_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'goals', key: 'id' }, onDelete: 'CASCADE' },
    /** YYYY-MM-DD */
    checked_on: { type: DataTypes.STRING(10), allowNull: false },
    value: { type: DataTypes.DOUBLE, allowNull: false },
    note: { type: DataTypes.TEXT, allowNull: true },
    evidence_url: { type: DataTypes.STRING(500), allowNull: true },
    created_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('goal_checkins', ['goal_id', 'checked_on'], { name: 'goal_checkins_goal' });
  await q.addIndex('goal_checkins', ['created_by'], { name: 'goal_checkins_created_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('goal_checkins');
}
