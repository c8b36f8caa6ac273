/** Who a session was with: the cycle's teacher, or each teacher of a group session. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('session_attendees', {
    session_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'coaching_sessions', key: 'id' }, onDelete: 'CASCADE' },
    teacher_person_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
  });
  await q.addIndex('session_attendees', ['teacher_person_id', 'session_id'], { name: 'session_attendees_teacher' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('session_attendees');
}
