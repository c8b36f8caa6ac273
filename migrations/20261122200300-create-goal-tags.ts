/** Standards tags of a goal (what the goal is aligned to). */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('goal_tags', {
    goal_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'goals', key: 'id' }, onDelete: 'CASCADE' },
    tag_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'standard_tags', key: 'id' }, onDelete: 'CASCADE' },
  });
  await q.addIndex('goal_tags', ['tag_id', 'goal_id'], { name: 'goal_tags_tag' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('goal_tags');
}
