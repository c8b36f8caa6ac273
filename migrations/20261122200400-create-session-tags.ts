/** Standards tags of a coaching session (what a session, often group PD, worked on). */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('session_tags', {
    session_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'coaching_sessions', key: 'id' }, onDelete: 'CASCADE' },
    tag_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'standard_tags', key: 'id' }, onDelete: 'CASCADE' },
  });
  await q.addIndex('session_tags', ['tag_id', 'session_id'], { name: 'session_tags_tag' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('session_tags');
}
