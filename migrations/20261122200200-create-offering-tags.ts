/** Standards tags of a catalog offering. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('offering_tags', {
    offering_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'pd_offerings', key: 'id' }, onDelete: 'CASCADE' },
    tag_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'standard_tags', key: 'id' }, onDelete: 'CASCADE' },
  });
  await q.addIndex('offering_tags', ['tag_id', 'offering_id'], { name: 'offering_tags_tag' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('offering_tags');
}
