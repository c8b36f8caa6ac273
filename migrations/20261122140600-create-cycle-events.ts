/** Stage and status history of a cycle, with who moved it and when. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('cycle_events', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    cycle_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'cycles', key: 'id' }, onDelete: 'CASCADE' },
    /** stage | status */
    kind: { type: DataTypes.STRING(8), allowNull: false },
    from_value: { type: DataTypes.STRING(80), allowNull: true },
    to_value: { type: DataTypes.STRING(80), allowNull: false },
    /** The stage index after the event (stage events) or at the time (status events). */
    stage_index: { type: DataTypes.INTEGER, allowNull: false },
    person_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('cycle_events', ['cycle_id', 'at'], { name: 'cycle_events_cycle' });
  await q.addIndex('cycle_events', ['person_id'], { name: 'cycle_events_person' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('cycle_events');
}
