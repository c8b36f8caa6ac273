/** Per-space role mapping overrides, e.g. "in this course, Instructors are the teachers being coached". */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('role_overrides', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    lti_role: { type: DataTypes.STRING(255), allowNull: false },
    coach_role: { type: DataTypes.STRING(16), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('role_overrides', ['space_id', 'lti_role'], { unique: true, name: 'role_overrides_space_role' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('role_overrides');
}
