/** Custom cycle models (ordered stage lists) an admin defines for a space; the built-in models live in code. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('cycle_models', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    name: { type: DataTypes.STRING(80), allowNull: false },
    /** JSON array of stage names, in order. */
    stages: { type: DataTypes.TEXT, allowNull: false },
    created_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    archived_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('cycle_models', ['space_id'], { name: 'cycle_models_space' });
  await q.addIndex('cycle_models', ['created_by'], { name: 'cycle_models_created_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('cycle_models');
}
