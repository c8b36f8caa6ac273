/** LTI platforms (ltijs's "platform" and "platformStatus") plus CoachLoop's registration settings. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('lti_platforms', {
    kid: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    platform_url: { type: DataTypes.STRING(255), allowNull: false },
    client_id: { type: DataTypes.STRING(255), allowNull: false },
    name: { type: DataTypes.STRING(255), allowNull: false, defaultValue: '' },
    auth_endpoint: { type: DataTypes.STRING(1024), allowNull: false },
    accesstoken_endpoint: { type: DataTypes.STRING(1024), allowNull: false },
    authorization_server: { type: DataTypes.STRING(1024), allowNull: true },
    auth_method: { type: DataTypes.STRING(16), allowNull: false },
    auth_key: { type: DataTypes.TEXT, allowNull: false },
    // NULL = never set (ltijs treats that as active); 0/1 once an admin or registration sets it.
    active: { type: DataTypes.BOOLEAN, allowNull: true },
    // CoachLoop: create a tenant automatically for a deployment id seen for the first time.
    accept_new_deployments: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    registration_method: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'manual' },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
    updated_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await q.addIndex('lti_platforms', ['platform_url', 'client_id'], { unique: true, name: 'lti_platforms_url_client' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('lti_platforms');
}
