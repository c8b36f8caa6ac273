/** Tenants: one per platform deployment (issuer + client id + deployment id). Nothing crosses tenants. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('tenants', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    platform_kid: { type: DataTypes.STRING(64), allowNull: false, references: { model: 'lti_platforms', key: 'kid' }, onDelete: 'RESTRICT' },
    // SHA-256 of (issuer, client id, deployment id): the unique key without a 3 KB composite index.
    tenant_key: { type: DataTypes.CHAR(64), allowNull: false },
    issuer: { type: DataTypes.STRING(255), allowNull: false },
    client_id: { type: DataTypes.STRING(255), allowNull: false },
    deployment_id: { type: DataTypes.STRING(255), allowNull: false },
    name: { type: DataTypes.STRING(255), allowNull: false, defaultValue: '' },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('tenants', ['tenant_key'], { unique: true, name: 'tenants_key' });
  await q.addIndex('tenants', ['platform_kid'], { name: 'tenants_platform' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('tenants');
}
