/** Coaching spaces: the LMS courses (contexts) CoachLoop is placed in, per tenant. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('spaces', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    tenant_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    context_id: { type: DataTypes.STRING(255), allowNull: false },
    title: { type: DataTypes.STRING(255), allowNull: true },
    label: { type: DataTypes.STRING(255), allowNull: true },
    context_types: { type: DataTypes.TEXT, allowNull: true },
    nrps_url: { type: DataTypes.STRING(1024), allowNull: true },
    ags_lineitems_url: { type: DataTypes.STRING(1024), allowNull: true },
    last_launch_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('spaces', ['tenant_id', 'context_id'], { unique: true, name: 'spaces_tenant_context' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('spaces');
}
