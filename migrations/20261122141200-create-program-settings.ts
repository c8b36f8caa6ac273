/** Program-wide settings of a tenant (a district's coaching program), e.g. the minimum group size for any figure. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('program_settings', {
    tenant_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    /** Figures over fewer people than this are suppressed (default 5, never below 3). */
    min_group_size: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 5 },
    updated_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('program_settings', ['updated_by'], { name: 'program_settings_updated_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('program_settings');
}
