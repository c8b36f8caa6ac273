/**
 * Surveys: a course's (space's) survey with its settings: kind (boy, eoy, snapshot, post_cycle,
 * custom), audience (CoachLoop roles as a JSON array, and coached / not coached / all for
 * teachers), the window (opens_on, closes_on: calendar days, YYYY-MM-DD, UTC), anonymous or
 * named, edit until close or submit once, draft or published. A survey placed in the course
 * through Deep Linking keeps its resource link and the line item the LMS made for it.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('surveys', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    tenant_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    title: { type: DataTypes.STRING(120), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: true },
    /** boy | eoy | snapshot | post_cycle | custom */
    kind: { type: DataTypes.STRING(12), allowNull: false },
    /** JSON array of CoachLoop roles that answer: teacher, coach, admin. */
    audience_roles: { type: DataTypes.STRING(64), allowNull: false },
    /** all | coached | not_coached (applies to teachers). */
    audience_coaching: { type: DataTypes.STRING(12), allowNull: false },
    /** First and last day answers are accepted (YYYY-MM-DD, UTC); NULL: no limit. */
    opens_on: { type: DataTypes.STRING(10), allowNull: true },
    closes_on: { type: DataTypes.STRING(10), allowNull: true },
    anonymous: { type: DataTypes.BOOLEAN, allowNull: false },
    /** Respondents may change a submitted response until the survey closes (named surveys only). */
    edit_until_close: { type: DataTypes.BOOLEAN, allowNull: false },
    /** draft | published */
    status: { type: DataTypes.STRING(12), allowNull: false },
    /** The ready-made template it was copied from, if any. */
    template_key: { type: DataTypes.STRING(40), allowNull: true },
    created_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    /** The LMS resource link it is placed as (Deep Linking), when it is. */
    resource_link_id: { type: DataTypes.STRING(255), allowNull: true },
    /** The LMS line item made for the placed link, when the LMS made one. */
    lineitem_url: { type: DataTypes.STRING(1024), allowNull: true },
    published_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  // Also the index of the space_id foreign key (its leading column).
  await q.addIndex('surveys', ['space_id', 'status'], { name: 'surveys_space_status' });
  await q.addIndex('surveys', ['space_id', 'resource_link_id'], { unique: true, name: 'surveys_space_link' });
  await q.addIndex('surveys', ['tenant_id'], { name: 'surveys_tenant' });
  await q.addIndex('surveys', ['created_by'], { name: 'surveys_created_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('surveys');
}
