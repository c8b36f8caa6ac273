/**
 * Mentor notes: what a mentor and a coach talked about at a check-in. Private to the two of them
 * (never to admins, never to the coach's teachers), kept when the mentor assignment ends.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('mentor_notes', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    tenant_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    mentor_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    coach_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    /** The day of the check-in, YYYY-MM-DD. */
    met_on: { type: DataTypes.STRING(10), allowNull: false },
    body: { type: DataTypes.TEXT, allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('mentor_notes', ['mentor_person_id', 'coach_person_id', 'met_on'], { name: 'mentor_notes_mentor_coach' });
  await q.addIndex('mentor_notes', ['coach_person_id', 'met_on'], { name: 'mentor_notes_coach' });
  await q.addIndex('mentor_notes', ['tenant_id'], { name: 'mentor_notes_tenant' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('mentor_notes');
}
