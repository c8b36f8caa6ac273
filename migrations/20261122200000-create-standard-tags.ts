/**
 * The standards taxonomy of a tenant: numbered items of standards frameworks (the ISTE Standards
 * for Educators and for Coaches, seeded by name and number) and the district's own curriculum
 * tags. Items in use are retired, never deleted, so old goals, sessions and offerings keep them.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('standard_tags', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    tenant_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    /** iste_educators | iste_coaches | district */
    framework: { type: DataTypes.STRING(24), allowNull: false },
    /** The item's number ("2.4", "4.6") or the district's own code; null for a district tag without one. */
    code: { type: DataTypes.STRING(24), allowNull: true },
    name: { type: DataTypes.STRING(120), allowNull: false },
    position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    retired_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('standard_tags', ['tenant_id', 'framework', 'code'], { unique: true, name: 'standard_tags_tenant_framework_code' });
  await q.addIndex('standard_tags', ['tenant_id', 'framework', 'position'], { name: 'standard_tags_tenant_order' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('standard_tags');
}
