/**
 * Mentor assignments: a mentor (coach of coaches) ↔ a coach, set by a program admin, per tenant.
 * `active` is 1 while the assignment holds and NULL after it ends, so the unique index allows one
 * active assignment per mentor and coach and any number of ended ones (kept for the record).
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('mentor_assignments', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    tenant_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    mentor_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    coach_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    active: { type: DataTypes.TINYINT, allowNull: true },
    assigned_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    assigned_at: { type: DataTypes.DATE(3), allowNull: false },
    ended_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    ended_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  // Also the index of the tenant_id foreign key (its leading column).
  await q.addIndex('mentor_assignments', ['tenant_id', 'mentor_person_id', 'coach_person_id', 'active'], { unique: true, name: 'mentor_assignments_one_active' });
  await q.addIndex('mentor_assignments', ['mentor_person_id', 'active'], { name: 'mentor_assignments_mentor' });
  await q.addIndex('mentor_assignments', ['coach_person_id', 'active'], { name: 'mentor_assignments_coach' });
  await q.addIndex('mentor_assignments', ['assigned_by'], { name: 'mentor_assignments_assigned_by' });
  await q.addIndex('mentor_assignments', ['ended_by'], { name: 'mentor_assignments_ended_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('mentor_assignments');
}
