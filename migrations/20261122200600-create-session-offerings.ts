/**
 * The catalog offering a session's attendance belongs to (a workshop, a PLC meeting …). A table of
 * its own rather than a column on coaching_sessions: on SQLite, altering that table would rebuild
 * it and drop the dashboard's triggers.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('session_offerings', {
    session_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'coaching_sessions', key: 'id' }, onDelete: 'CASCADE' },
    offering_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'pd_offerings', key: 'id' }, onDelete: 'CASCADE' },
  });
  await q.addIndex('session_offerings', ['offering_id'], { name: 'session_offerings_offering' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('session_offerings');
}
