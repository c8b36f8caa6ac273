/**
 * Launch sessions finished through LTI Platform Storage, where the browser keeps no cookie for
 * CoachLoop inside the LMS frame: ltijs binds each ltik to a session cookie, and for these
 * sessions (only) the ltik alone is accepted until expires_at. Keyed by the hash of the state
 * the ltik carries, so an ltik from a browser that has cookies still needs its cookie.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('lti_cookieless_sessions', {
    state_hash: { type: DataTypes.CHAR(64), primaryKey: true, allowNull: false },
    /** The LMS user (sub) the ltik must name. */
    user_sub: { type: DataTypes.STRING(255), allowNull: false },
    expires_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await q.addIndex('lti_cookieless_sessions', ['expires_at'], { name: 'lti_cookieless_sessions_expires' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('lti_cookieless_sessions');
}
