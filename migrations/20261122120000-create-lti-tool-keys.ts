/**
 * The tool's own signing keys (one active key for every platform, rotated with an overlap),
 * replacing ltijs's key pair per platform. Private keys are encrypted at rest (AES-256-CBC under
 * ENCRYPTION_KEY, the scheme of the ltijs storage plugin). Times are epoch milliseconds, like
 * the other lti_ tables.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('lti_tool_keys', {
    // RFC 7638 JWK thumbprint of the public key.
    kid: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    // active | retiring (still published until retire_after) | retired (kept, never published).
    status: { type: DataTypes.STRING(16), allowNull: false },
    // 1 for the active key, NULL otherwise: the unique index allows one active key at most,
    // so two instances creating or rotating keys at once cannot both win.
    active_slot: { type: DataTypes.INTEGER, allowNull: true },
    public_jwk: { type: DataTypes.TEXT, allowNull: false },
    private_key_iv: { type: DataTypes.STRING(64), allowNull: false },
    private_key_data: { type: DataTypes.TEXT, allowNull: false },
    // The key that replaced this one when it was rotated out.
    replaced_by: { type: DataTypes.STRING(64), allowNull: true },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
    activated_at: { type: DataTypes.BIGINT, allowNull: true },
    retire_after: { type: DataTypes.BIGINT, allowNull: true },
    retired_at: { type: DataTypes.BIGINT, allowNull: true },
  });
  await q.addIndex('lti_tool_keys', ['active_slot'], { unique: true, name: 'lti_tool_keys_active_slot' });
  await q.addIndex('lti_tool_keys', ['status'], { name: 'lti_tool_keys_status' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('lti_tool_keys');
}
