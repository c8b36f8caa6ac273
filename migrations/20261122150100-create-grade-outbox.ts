/**
 * The grade outbox: one row per grade to send to the LMS, written in the same transaction as the
 * grade. Workers claim due rows under a lease (src/features/grades/gradeWorker.ts), send them
 * through Assignment and Grade Services and record the outcome, retrying what is worth retrying.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('grade_outbox', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    tenant_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    // The learner graded; the LMS knows them by people.sub.
    person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    resource_key: { type: DataTypes.STRING(191).BINARY, allowNull: false },
    line_item_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'lms_line_items', key: 'id' }, onDelete: 'CASCADE' },
    score_given: { type: DataTypes.DOUBLE, allowNull: true },
    score_maximum: { type: DataTypes.DOUBLE, allowNull: false },
    activity_progress: { type: DataTypes.STRING(32), allowNull: false },
    grading_progress: { type: DataTypes.STRING(32), allowNull: false },
    comment: { type: DataTypes.TEXT, allowNull: true },
    // What the grade is for, e.g. ('reflection', 42).
    source_type: { type: DataTypes.STRING(32), allowNull: false },
    source_id: { type: DataTypes.INTEGER, allowNull: false },
    // The score's AGS timestamp in epoch milliseconds, strictly increasing per line item and
    // person. An integer, because a DATE written through raw SQL loses its milliseconds on MySQL.
    score_timestamp: { type: DataTypes.BIGINT, allowNull: false },
    // pending | sending | sent | failed | superseded
    status: { type: DataTypes.STRING(16), allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    max_attempts: { type: DataTypes.INTEGER, allowNull: false },
    next_attempt_at: { type: DataTypes.DATE(3), allowNull: false },
    // The worker sending it and until when; after that another worker may take it over.
    locked_by: { type: DataTypes.STRING(64), allowNull: true },
    locked_until: { type: DataTypes.DATE(3), allowNull: true },
    // The last failure: a code for programs, a plain-language sentence for people.
    last_error_code: { type: DataTypes.STRING(64), allowNull: true },
    last_error: { type: DataTypes.TEXT, allowNull: true },
    sent_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('grade_outbox', ['status', 'next_attempt_at'], { name: 'grade_outbox_status_next' });
  await q.addIndex('grade_outbox', ['source_type', 'source_id'], { name: 'grade_outbox_source' });
  await q.addIndex('grade_outbox', ['space_id', 'status'], { name: 'grade_outbox_space_status' });
  // "Latest grade per line item and person" and the line_item_id foreign key.
  await q.addIndex('grade_outbox', ['line_item_id', 'person_id', 'score_timestamp'], { name: 'grade_outbox_line_item_person' });
  await q.addIndex('grade_outbox', ['tenant_id'], { name: 'grade_outbox_tenant' });
  await q.addIndex('grade_outbox', ['person_id'], { name: 'grade_outbox_person' });
  await q.addIndex('grade_outbox', ['status', 'locked_until'], { name: 'grade_outbox_status_lease' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('grade_outbox');
}
