/** The tool's key pairs per platform (ltijs's "publickey"/"privatekey"), encrypted at rest. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('lti_keys', {
    kid: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    kind: { type: DataTypes.STRING(8), primaryKey: true, allowNull: false },
    platform_url: { type: DataTypes.STRING(255), allowNull: false },
    client_id: { type: DataTypes.STRING(255), allowNull: false },
    iv: { type: DataTypes.STRING(64), allowNull: false },
    data: { type: DataTypes.TEXT, allowNull: false },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await q.addIndex('lti_keys', ['platform_url', 'client_id'], { name: 'lti_keys_platform' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('lti_keys');
}
