/** Cached OAuth2 access tokens for LTI services, keyed by a hash of platform, client and scopes. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('lti_access_tokens', {
    key_hash: { type: DataTypes.CHAR(64), primaryKey: true, allowNull: false },
    platform_url: { type: DataTypes.STRING(255), allowNull: false },
    client_id: { type: DataTypes.STRING(255), allowNull: false },
    scopes: { type: DataTypes.TEXT, allowNull: false },
    iv: { type: DataTypes.STRING(64), allowNull: false },
    data: { type: DataTypes.TEXT, allowNull: false },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await q.addIndex('lti_access_tokens', ['created_at'], { name: 'lti_access_tokens_created' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('lti_access_tokens');
}
