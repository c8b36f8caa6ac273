/** One-time install codes: with REGISTRATION_MODE=install-code, Dynamic Registration needs one. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('install_codes', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    // SHA-256 of the code: the code itself is shown once, when it is created, and never stored.
    code_hash: { type: DataTypes.CHAR(64), allowNull: false },
    label: { type: DataTypes.STRING(255), allowNull: false, defaultValue: '' },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    used_at: { type: DataTypes.DATE(3), allowNull: true },
    used_by_platform_kid: { type: DataTypes.STRING(64), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('install_codes', ['code_hash'], { unique: true, name: 'install_codes_hash' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('install_codes');
}
