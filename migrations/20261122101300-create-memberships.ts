/** Memberships: a person in a space, with the raw LTI role URIs and the mapped CoachLoop role. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('memberships', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    lti_roles: { type: DataTypes.TEXT, allowNull: false },
    role: { type: DataTypes.STRING(16), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
    last_launch_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('memberships', ['space_id', 'person_id'], { unique: true, name: 'memberships_space_person' });
  await q.addIndex('memberships', ['person_id'], { name: 'memberships_person' });
  await q.addIndex('memberships', ['space_id', 'role', 'status'], { name: 'memberships_space_role' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('memberships');
}
