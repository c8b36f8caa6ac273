/** Per-space coaching settings an admin controls (e.g. whether coaches may confirm their own assignments). */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('space_settings', {
    space_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    coaches_confirm: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    updated_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('space_settings', ['updated_by'], { name: 'space_settings_updated_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('space_settings');
}
