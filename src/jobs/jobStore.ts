/**
 * Every SQL statement of the job runner, on SQLite and MariaDB/MySQL. A worker's writes to a
 * job it runs are guarded by `locked_by`, so a worker that lost its lease changes nothing.
 */
import { QueryTypes, Sequelize, UniqueConstraintError } from 'sequelize';
import { Dialect, dialectOf } from '../db/database';
import { JOB_COLUMNS, JobRow, jobFromRow, jsonText, sqlDate } from './jobRows';
import type { JobRecord } from './jobTypes';
import { claimRows } from './rowClaim';

/** A job to insert, already validated. */
export interface NewJob {
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  runAfter: Date;
  maxAttempts: number;
}

/** What a claim found: a job now leased to the caller, a crashed job given up on, or nothing due. */
export type ClaimOutcome = { job: JobRecord } | { gaveUp: number } | null;

/** Due: queued and its time has come, or running under an expired lease (its worker crashed). */
const DUE = "kind IN (?) AND ((status = 'queued' AND run_after <= ?) OR (status = 'running' AND locked_until <= ?))";

/** The dedupe value of the unique active_key column while a job is queued or running. */
export function activeKeyOf(kind: string, key: string): string {
  return `${kind}|${key}`;
}

/** The jobs table. */
export class JobStore {
  private readonly dialect: Dialect;

  constructor(private readonly sequelize: Sequelize) {
    this.dialect = dialectOf(sequelize);
  }

  /** Inserts a queued job; null if an active job already holds its kind and key. */
  async insert(job: NewJob, now: Date): Promise<JobRecord | null> {
    try {
      const [id] = (await this.sequelize.query(
        'INSERT INTO jobs (kind, job_key, active_key, payload, status, attempts, max_attempts, run_after, created_at, updated_at) ' +
          "VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)",
        {
          replacements: [job.kind, job.key, activeKeyOf(job.kind, job.key), JSON.stringify(job.payload), job.maxAttempts, this.date(job.runAfter), this.date(now), this.date(now)],
          type: QueryTypes.INSERT,
        },
      )) as unknown as [number, number];
      return {
        id: Number(id), kind: job.kind, key: job.key, payload: job.payload, status: 'queued', attempts: 0, maxAttempts: job.maxAttempts,
        runAfter: job.runAfter, progress: null, result: null, errorCode: null, errorMessage: null, startedAt: null, finishedAt: null,
        createdAt: now, lockedBy: null, lockedUntil: null,
      };
    } catch (err) {
      if (err instanceof UniqueConstraintError) return null;
      throw err;
    }
  }

  /** The newest job of a kind and key that finished (done or failed) at or after `since`, other than `exceptId`. */
  async finishedSince(kind: string, key: string, since: Date, exceptId: number): Promise<JobRecord | null> {
    return this.one(`SELECT ${JOB_COLUMNS} FROM jobs WHERE kind = ? AND job_key = ? AND id <> ? AND finished_at >= ? ORDER BY id DESC LIMIT 1`, [kind, key, exceptId, this.date(since)]);
  }

  /** Removes a queued job no worker took; false if it was claimed meanwhile. */
  async withdraw(id: number): Promise<boolean> {
    const deleted = await this.sequelize.query("DELETE FROM jobs WHERE id = ? AND status = 'queued'", { replacements: [id], type: QueryTypes.BULKDELETE });
    return Number(deleted) === 1;
  }

  /** Makes a queued job due at runAfter (ends a hold). */
  async setRunAfter(id: number, runAfter: Date, now: Date): Promise<void> {
    await this.sequelize.query("UPDATE jobs SET run_after = ?, updated_at = ? WHERE id = ? AND status = 'queued'", { replacements: [this.date(runAfter), this.date(now), id], type: QueryTypes.UPDATE });
  }

  /** The queued or running job of a kind and key. */
  async active(kind: string, key: string): Promise<JobRecord | null> {
    return this.one(`SELECT ${JOB_COLUMNS} FROM jobs WHERE active_key = ?`, [activeKeyOf(kind, key)]);
  }

  /** One job by id. */
  async get(id: number): Promise<JobRecord | null> {
    return this.one(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`, [id]);
  }

  /** The newest job of a kind and key, whatever its status. */
  async latest(kind: string, key: string): Promise<JobRecord | null> {
    return this.one(`SELECT ${JOB_COLUMNS} FROM jobs WHERE kind = ? AND job_key = ? ORDER BY id DESC LIMIT 1`, [kind, key]);
  }

  /**
   * Leases the first due job of the given kinds to a worker, through claimRows (a plain read,
   * then the row re-read locked and marked running). A crashed job with no attempts left is
   * failed instead of run.
   */
  async claim(kinds: string[], workerId: string, now: Date, leaseMs: number): Promise<ClaimOutcome> {
    const probe = { sql: `SELECT id FROM jobs WHERE ${DUE} LIMIT 1`, replacements: [kinds, this.date(now), this.date(now)] };
    return claimRows(this.sequelize, probe, async (transaction, lock): Promise<ClaimOutcome> => {
      const rows = await this.sequelize.query<JobRow>(
        `SELECT ${JOB_COLUMNS} FROM jobs WHERE ${DUE} ORDER BY run_after, id LIMIT 1${lock}`,
        { replacements: [kinds, this.date(now), this.date(now)], type: QueryTypes.SELECT, transaction },
      );
      if (!rows[0]) return null;
      const job = jobFromRow(rows[0]);
      if (job.status === 'running' && job.attempts >= job.maxAttempts) {
        const message = `The worker running attempt ${job.attempts} of ${job.maxAttempts} stopped responding (it crashed or lost the database), and no attempts are left. Queue the job again to retry.`;
        await this.sequelize.query(
          "UPDATE jobs SET status = 'failed', active_key = NULL, locked_by = NULL, locked_until = NULL, error_code = 'lease_expired', error_message = ?, finished_at = ?, updated_at = ? WHERE id = ?",
          { replacements: [message, this.date(now), this.date(now), job.id], type: QueryTypes.UPDATE, transaction },
        );
        return { gaveUp: job.id };
      }
      const lockedUntil = new Date(now.getTime() + leaseMs);
      const startedAt = job.startedAt ?? now;
      await this.sequelize.query(
        "UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1, started_at = ?, updated_at = ? WHERE id = ?",
        { replacements: [workerId, this.date(lockedUntil), this.date(startedAt), this.date(now), job.id], type: QueryTypes.UPDATE, transaction },
      );
      return { job: { ...job, status: 'running', attempts: job.attempts + 1, lockedBy: workerId, lockedUntil, startedAt } };
    });
  }

  /** Extends the worker's lease (and stores progress when given); false if the worker lost it. */
  async heartbeat(id: number, workerId: string, lockedUntil: Date, progress: Record<string, unknown> | undefined, now: Date): Promise<boolean> {
    const setProgress = progress === undefined ? '' : ', progress = ?';
    const replacements = [this.date(lockedUntil), ...(progress === undefined ? [] : [jsonText(progress)]), this.date(now), id, workerId];
    if (await this.guarded(`locked_until = ?${setProgress}, updated_at = ?`, replacements)) return true;
    // MySQL counts changed rows only (Sequelize turns FOUND_ROWS off): a heartbeat repeating
    // the stored values in the same millisecond changes none, yet the lease is still held.
    const held = await this.sequelize.query("SELECT id FROM jobs WHERE id = ? AND locked_by = ? AND status = 'running'", {
      replacements: [id, workerId],
      type: QueryTypes.SELECT,
    });
    return held.length === 1;
  }

  /** Records success; false (and nothing recorded) if the worker lost its lease. */
  async complete(id: number, workerId: string, result: Record<string, unknown> | null, now: Date): Promise<boolean> {
    return this.guarded(
      "status = 'done', result = ?, error_code = NULL, error_message = NULL, finished_at = ?, active_key = NULL, locked_by = NULL, locked_until = NULL, updated_at = ?",
      [jsonText(result), this.date(now), this.date(now), id, workerId],
    );
  }

  /** Queues the job again for runAfter, keeping the error for the UI. */
  async retry(id: number, workerId: string, runAfter: Date, code: string, message: string, now: Date): Promise<boolean> {
    return this.guarded(
      "status = 'queued', run_after = ?, error_code = ?, error_message = ?, locked_by = NULL, locked_until = NULL, updated_at = ?",
      [this.date(runAfter), code, message, this.date(now), id, workerId],
    );
  }

  /** Fails the job for good. */
  async fail(id: number, workerId: string, code: string, message: string, now: Date): Promise<boolean> {
    return this.guarded(
      "status = 'failed', error_code = ?, error_message = ?, finished_at = ?, active_key = NULL, locked_by = NULL, locked_until = NULL, updated_at = ?",
      [code, message, this.date(now), this.date(now), id, workerId],
    );
  }

  /** Hands an interrupted job back to the queue, due now, without counting the attempt. */
  async release(id: number, workerId: string, now: Date): Promise<boolean> {
    return this.guarded("status = 'queued', run_after = ?, attempts = attempts - 1, locked_by = NULL, locked_until = NULL, updated_at = ?", [this.date(now), this.date(now), id, workerId]);
  }

  private date(date: Date): string {
    return sqlDate(date, this.dialect);
  }

  /** An UPDATE of a running job that only the lease holder may make; true if it changed the row. */
  private async guarded(set: string, replacements: unknown[]): Promise<boolean> {
    const [, affected] = (await this.sequelize.query(`UPDATE jobs SET ${set} WHERE id = ? AND locked_by = ? AND status = 'running'`, {
      replacements,
      type: QueryTypes.UPDATE,
    })) as unknown as [unknown, number];
    return affected === 1;
  }

  private async one(sql: string, replacements: unknown[]): Promise<JobRecord | null> {
    const rows = await this.sequelize.query<JobRow>(sql, { replacements, type: QueryTypes.SELECT });
    return rows[0] ? jobFromRow(rows[0]) : null;
  }
}
