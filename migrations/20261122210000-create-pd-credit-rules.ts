/**
 * PD-credit rules of a tenant (a district's coaching program), set by a program admin: how hours
 * of coaching (weighted per kind of session), completed cycles, completed reflections and group
 * sessions attended turn into credits, the rounding, an optional cap per school year, the words
 * on the printable summary, and whether credits may be sent to the LMS gradebook. A tenant with
 * no row uses the defaults (src/features/pdCredit/catalog.ts).
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('pd_credit_rules', {
    tenant_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    /** Shown at the top of the summary, e.g. "Riverbend instructional coaching". */
    program_name: { type: DataTypes.STRING(120), allowNull: false },
    /** What the credits are called, e.g. "PD credits", "CEUs", "clock hours". */
    credit_unit: { type: DataTypes.STRING(40), allowNull: false },
    /** One credit per this many (weighted) hours of coaching. */
    hours_per_credit: { type: DataTypes.DOUBLE, allowNull: false },
    /** JSON object: session kind → weight (1 = each hour counts fully, 0 = not at all). */
    kind_weights: { type: DataTypes.TEXT, allowNull: false },
    per_cycle: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
    per_reflection: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
    per_group_session: { type: DataTypes.DOUBLE, allowNull: false, defaultValue: 0 },
    /** Credits are rounded down to a multiple of this (0: two decimals). */
    rounding_step: { type: DataTypes.DOUBLE, allowNull: false },
    /** At most this many credits per school year (NULL: no cap). */
    cap_per_year: { type: DataTypes.DOUBLE, allowNull: true },
    /** The month (1–12) a school year starts on the 1st of. */
    year_start_month: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 7 },
    /** Teachers and admins may send the credits to the LMS gradebook. */
    gradebook_passback: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    /** What the gradebook column is out of. */
    gradebook_maximum: { type: DataTypes.DOUBLE, allowNull: false },
    updated_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('pd_credit_rules', ['updated_by'], { name: 'pd_credit_rules_updated_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('pd_credit_rules');
}
