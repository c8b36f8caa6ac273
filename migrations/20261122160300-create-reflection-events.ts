/**
 * A reflection's history: each submission, return, completion and grade, by whom and when, with
 * the feedback and score given at that step (feedback is private coaching content).
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('reflection_events', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    reflection_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'reflections', key: 'id' }, onDelete: 'CASCADE' },
    from_status: { type: DataTypes.STRING(12), allowNull: true },
    to_status: { type: DataTypes.STRING(12), allowNull: false },
    person_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    feedback: { type: DataTypes.TEXT, allowNull: true },
    score_given: { type: DataTypes.DOUBLE, allowNull: true },
    score_maximum: { type: DataTypes.DOUBLE, allowNull: true },
    at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('reflection_events', ['reflection_id', 'at'], { name: 'reflection_events_reflection' });
  await q.addIndex('reflection_events', ['person_id'], { name: 'reflection_events_person' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('reflection_events');
}
