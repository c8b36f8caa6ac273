/** OIDC login states that carry target_link_uri query parameters (ltijs's "state"), 10 minutes. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('lti_states', {
    state: { type: DataTypes.STRING(128), primaryKey: true, allowNull: false },
    query: { type: DataTypes.TEXT, allowNull: false },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await q.addIndex('lti_states', ['created_at'], { name: 'lti_states_created' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('lti_states');
}
