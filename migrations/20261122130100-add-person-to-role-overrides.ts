/** Role overrides for one person in a space (person_id > 0), beside those for an LTI role (person_id 0). */
import { DataTypes, QueryInterface } from 'sequelize';

// The new unique index is added before the old one goes: MariaDB needs an index starting with
// space_id at all times for the foreign key to spaces.
export async function up(q: QueryInterface): Promise<void> {
  await q.addColumn('role_overrides', 'person_id', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  await q.addIndex('role_overrides', ['space_id', 'person_id', 'lti_role'], { unique: true, name: 'role_overrides_space_person_role' });
  await q.removeIndex('role_overrides', 'role_overrides_space_role');
}

export async function down(q: QueryInterface): Promise<void> {
  await q.sequelize.query('DELETE FROM role_overrides WHERE person_id <> 0');
  await q.addIndex('role_overrides', ['space_id', 'lti_role'], { unique: true, name: 'role_overrides_space_role' });
  await q.removeIndex('role_overrides', 'role_overrides_space_person_role');
  await q.removeColumn('role_overrides', 'person_id');
}
