/**
 * Professional learning linked to a coaching cycle or one of its goals: a catalog offering or any
 * http(s) LMS page or module, with a line on why it matters. Coaching content (the teacher and
 * their coach only); admins see counts per offering.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('pd_links', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    cycle_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'cycles', key: 'id' }, onDelete: 'CASCADE' },
    /** The goal it serves, or null for the cycle as a whole. */
    goal_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'goals', key: 'id' }, onDelete: 'CASCADE' },
    /** A catalog offering, or null for a link of its own (url and title). */
    offering_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'pd_offerings', key: 'id' }, onDelete: 'CASCADE' },
    url: { type: DataTypes.STRING(500), allowNull: true },
    title: { type: DataTypes.STRING(200), allowNull: true },
    why: { type: DataTypes.STRING(300), allowNull: false },
    created_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('pd_links', ['cycle_id'], { name: 'pd_links_cycle' });
  await q.addIndex('pd_links', ['goal_id'], { name: 'pd_links_goal' });
  await q.addIndex('pd_links', ['offering_id'], { name: 'pd_links_offering' });
  await q.addIndex('pd_links', ['created_by'], { name: 'pd_links_created_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('pd_links');
}
