/** Launch sessions behind the ltik (ltijs's "idtoken" and "contexttoken"), kept 24 hours. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  for (const table of ['lti_id_tokens', 'lti_context_tokens']) {
    await q.createTable(table, {
      key_hash: { type: DataTypes.CHAR(64), primaryKey: true, allowNull: false },
      // MEDIUMTEXT on MariaDB: custom claims can exceed TEXT's 64 KB.
      data: { type: q.sequelize.getDialect() === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT, allowNull: false },
      updated_at: { type: DataTypes.BIGINT, allowNull: false },
    });
    await q.addIndex(table, ['updated_at'], { name: `${table}_updated` });
  }
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('lti_context_tokens');
  await q.dropTable('lti_id_tokens');
}
