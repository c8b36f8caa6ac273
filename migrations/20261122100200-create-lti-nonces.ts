/** Used id_token nonces, kept at least as long as the accepted token age so a replay always fails. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('lti_nonces', {
    nonce_hash: { type: DataTypes.CHAR(64), primaryKey: true, allowNull: false },
    expires_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await q.addIndex('lti_nonces', ['expires_at'], { name: 'lti_nonces_expires' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('lti_nonces');
}
