/**
 * PD credits sent to an LMS gradebook: who sent how many credits for which teacher, range and
 * course. Each row is the source of one grade-outbox row (source_type 'pd-credit'), whose
 * delivery state the summary page shows.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('pd_credit_sends', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    tenant_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    teacher_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    /** YYYY-MM-DD, both inclusive. */
    range_from: { type: DataTypes.STRING(10), allowNull: false },
    range_to: { type: DataTypes.STRING(10), allowNull: false },
    credits: { type: DataTypes.DOUBLE, allowNull: false },
    score_maximum: { type: DataTypes.DOUBLE, allowNull: false },
    sent_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  // The latest send of a teacher in a course (the summary page), and the space_id foreign key.
  await q.addIndex('pd_credit_sends', ['space_id', 'teacher_person_id', 'id'], { name: 'pd_credit_sends_space_teacher' });
  await q.addIndex('pd_credit_sends', ['tenant_id'], { name: 'pd_credit_sends_tenant' });
  await q.addIndex('pd_credit_sends', ['teacher_person_id'], { name: 'pd_credit_sends_teacher' });
  await q.addIndex('pd_credit_sends', ['sent_by'], { name: 'pd_credit_sends_sent_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('pd_credit_sends');
}
