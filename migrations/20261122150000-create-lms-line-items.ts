/**
 * LMS line items (gradebook columns) CoachLoop sends grades to: one per space and resource key
 * (e.g. "reflection-task:12"), so a column is created once and found again, never duplicated.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('lms_line_items', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    // What CoachLoop grades, e.g. "reflection-task:12" or "survey:3" (compared case-sensitively).
    resource_key: { type: DataTypes.STRING(191).BINARY, allowNull: false },
    // The line item's URL in the LMS; NULL until found or created.
    lineitem_url: { type: DataTypes.STRING(1024), allowNull: true },
    // Ties the column to the placed link, so the LMS shows no stray column.
    resource_link_id: { type: DataTypes.STRING(255), allowNull: true },
    label: { type: DataTypes.STRING(255), allowNull: false },
    score_maximum: { type: DataTypes.DOUBLE, allowNull: false },
    tag: { type: DataTypes.STRING(255), allowNull: true },
    // A worker finding or creating the line item holds it until then, so two never create one each.
    locked_by: { type: DataTypes.STRING(64), allowNull: true },
    locked_until: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  // Also the index of the space_id foreign key (its leading column).
  await q.addIndex('lms_line_items', ['space_id', 'resource_key'], { unique: true, name: 'lms_line_items_space_resource' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('lms_line_items');
}
