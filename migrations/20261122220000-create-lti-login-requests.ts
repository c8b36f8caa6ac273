/**
 * OIDC login initiations CoachLoop answered, per state, for a few minutes: the platform's login
 * parameters (to start the same launch again in a new window when the browser blocks what the
 * launch needs inside the LMS frame) and the nonce and platform origin the Platform Storage
 * continuation checks. Kept in the database so any instance behind a load balancer can answer.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('lti_login_requests', {
    /** sha256 of the state ltijs generated (the state itself is never stored). */
    state_hash: { type: DataTypes.CHAR(64), primaryKey: true, allowNull: false },
    iss: { type: DataTypes.STRING(255), allowNull: false },
    client_id: { type: DataTypes.STRING(255), allowNull: true },
    login_hint: { type: DataTypes.STRING(1024), allowNull: false },
    lti_message_hint: { type: DataTypes.TEXT, allowNull: true },
    target_link_uri: { type: DataTypes.STRING(2048), allowNull: false },
    lti_deployment_id: { type: DataTypes.STRING(255), allowNull: true },
    /** The nonce sent to the platform (the id_token must carry it back). */
    nonce: { type: DataTypes.STRING(128), allowNull: false },
    /** Origin of the platform's registered OIDC authorization endpoint (postMessage target). */
    platform_origin: { type: DataTypes.STRING(255), allowNull: false },
    /** Set once a Platform Storage continuation used the state (single use). */
    used_at: { type: DataTypes.BIGINT, allowNull: true },
    expires_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await q.addIndex('lti_login_requests', ['expires_at'], { name: 'lti_login_requests_expires' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('lti_login_requests');
}
