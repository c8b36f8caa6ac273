/**
 * The audit log: every read of private coaching content by someone other than its owner, and
 * every change to who may see what (assignments, role overrides, opt-in). Metadata only: it
 * records that something was read, never the content.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('audit_log', {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    tenant_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    space_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'spaces', key: 'id' }, onDelete: 'SET NULL' },
    actor_person_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    actor_role: { type: DataTypes.STRING(16), allowNull: false },
    /** e.g. read, assignment.confirm, assignment.end, role.override, profile.status */
    action: { type: DataTypes.STRING(40), allowNull: false },
    /** e.g. cycle, teacher_profile, assignment, membership */
    subject_type: { type: DataTypes.STRING(24), allowNull: false },
    subject_id: { type: DataTypes.INTEGER, allowNull: true },
    /** The teacher whose coaching record it is. */
    owner_person_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    /** What was read or changed, in words (never the content itself). */
    detail: { type: DataTypes.STRING(300), allowNull: true },
    at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('audit_log', ['tenant_id', 'at'], { name: 'audit_log_tenant_at' });
  await q.addIndex('audit_log', ['owner_person_id', 'at'], { name: 'audit_log_owner_at' });
  await q.addIndex('audit_log', ['actor_person_id'], { name: 'audit_log_actor' });
  await q.addIndex('audit_log', ['space_id'], { name: 'audit_log_space' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('audit_log');
}
