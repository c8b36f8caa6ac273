/** The district's catalog of professional-learning offerings (workshops, courses, PLCs, modules, videos). */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('pd_offerings', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    tenant_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    title: { type: DataTypes.STRING(200), allowNull: false },
    /** workshop | course | plc | module | video */
    kind: { type: DataTypes.STRING(12), allowNull: false },
    /** http(s) link to the offering (LMS course, registration page, video). */
    url: { type: DataTypes.STRING(500), allowNull: false },
    /** JSON array of focus areas (the coaching specialty keys). */
    focus_areas: { type: DataTypes.TEXT, allowNull: false },
    archived_at: { type: DataTypes.DATE(3), allowNull: true },
    created_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('pd_offerings', ['tenant_id', 'archived_at', 'title'], { name: 'pd_offerings_tenant' });
  await q.addIndex('pd_offerings', ['created_by'], { name: 'pd_offerings_created_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('pd_offerings');
}
