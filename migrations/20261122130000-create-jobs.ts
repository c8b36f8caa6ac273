/**
 * Durable jobs (roster sync now, the grade outbox later): src/jobs/ claims rows with a lease,
 * retries with backoff and records progress and results for the UI.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('jobs', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    // Keys compare case-sensitively on MariaDB too (BINARY = utf8mb4_bin), as they do on SQLite.
    kind: { type: DataTypes.STRING(64).BINARY, allowNull: false },
    // Dedupe key within the kind, e.g. "space:12".
    job_key: { type: DataTypes.STRING(191).BINARY, allowNull: false },
    // "kind|job_key" while queued or running, NULL once done or failed: the unique index allows
    // one active job per kind and key on both databases without partial indexes.
    active_key: { type: DataTypes.STRING(255).BINARY, allowNull: true },
    payload: { type: DataTypes.TEXT, allowNull: false },
    // queued | running | done | failed
    status: { type: DataTypes.STRING(16), allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    max_attempts: { type: DataTypes.INTEGER, allowNull: false },
    run_after: { type: DataTypes.DATE(3), allowNull: false },
    // The worker holding the lease and until when; another worker may take the job after that.
    locked_by: { type: DataTypes.STRING(64), allowNull: true },
    locked_until: { type: DataTypes.DATE(3), allowNull: true },
    progress: { type: DataTypes.TEXT, allowNull: true },
    result: { type: DataTypes.TEXT, allowNull: true },
    // The last failure, kept while the job waits to retry.
    error_code: { type: DataTypes.STRING(64), allowNull: true },
    error_message: { type: DataTypes.TEXT, allowNull: true },
    started_at: { type: DataTypes.DATE(3), allowNull: true },
    finished_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('jobs', ['active_key'], { unique: true, name: 'jobs_active_key' });
  await q.addIndex('jobs', ['status', 'run_after'], { name: 'jobs_status_run_after' });
  await q.addIndex('jobs', ['kind', 'job_key', 'id'], { name: 'jobs_kind_key_id' });
  await q.addIndex('jobs', ['locked_until'], { name: 'jobs_locked_until' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('jobs');
}
