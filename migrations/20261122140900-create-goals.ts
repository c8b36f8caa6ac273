/** PEERS/SMART goals of a cycle. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('goals', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    cycle_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'cycles', key: 'id' }, onDelete: 'CASCADE' },
    statement: { type: DataTypes.TEXT, allowNull: false },
    student_outcome: { type: DataTypes.TEXT, allowNull: false },
    success_measure: { type: DataTypes.TEXT, allowNull: false },
    baseline: { type: DataTypes.DOUBLE, allowNull: false },
    target: { type: DataTypes.DOUBLE, allowNull: false },
    unit: { type: DataTypes.STRING(40), allowNull: false },
    /** YYYY-MM-DD */
    due_on: { type: DataTypes.STRING(10), allowNull: false },
    /** JSON array of standards or curriculum tags. */
    alignment: { type: DataTypes.TEXT, allowNull: false },
    /** in_progress | met | partly_met | not_met */
    status: { type: DataTypes.STRING(12), allowNull: false },
    created_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('goals', ['cycle_id'], { name: 'goals_cycle' });
  await q.addIndex('goals', ['created_by'], { name: 'goals_created_by' });
  await q.addIndex('goals', ['status'], { name: 'goals_status' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('goals');
}
