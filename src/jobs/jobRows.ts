/** Reading job rows: SQLite returns dates as strings and MariaDB as Date objects; both become Dates. */
import type { Dialect } from '../db/database';
import type { JobRecord, JobStatus } from './jobTypes';

/** A row of the jobs table as the drivers return it. */
export interface JobRow {
  id: number | string;
  kind: string;
  job_key: string;
  payload: string;
  status: string;
  attempts: number | string;
  max_attempts: number | string;
  run_after: string | Date;
  locked_by: string | null;
  locked_until: string | Date | null;
  progress: string | null;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
  started_at: string | Date | null;
  finished_at: string | Date | null;
  created_at: string | Date;
}

/** The columns JobRecord needs, for SELECT lists. */
export const JOB_COLUMNS =
  'id, kind, job_key, payload, status, attempts, max_attempts, run_after, locked_by, locked_until, progress, result, error_code, error_message, started_at, finished_at, created_at';

const sqliteDate = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** A stored date as a Date (SQLite: 'YYYY-MM-DD HH:MM:SS.SSS +00:00', always UTC). */
export function storedDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  const m = sqliteDate.exec(value);
  return new Date(m ? `${m[1]}T${m[2]}${m[3] ?? 'Z'}` : value);
}

function optionalDate(value: string | Date | null): Date | null {
  return value === null || value === undefined ? null : storedDate(value);
}

function jsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null || text === undefined) return null;
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A JobRecord from a row of the jobs table. */
export function jobFromRow(row: JobRow): JobRecord {
  return {
    id: Number(row.id),
    kind: row.kind,
    key: row.job_key,
    payload: jsonObject(row.payload) ?? {},
    status: row.status as JobStatus,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAfter: storedDate(row.run_after),
    progress: jsonObject(row.progress),
    result: jsonObject(row.result),
    errorCode: row.error_code,
    errorMessage: row.error_message,
    startedAt: optionalDate(row.started_at),
    finishedAt: optionalDate(row.finished_at),
    createdAt: storedDate(row.created_at),
    lockedBy: row.locked_by,
    lockedUntil: optionalDate(row.locked_until),
  };
}

/**
 * A date as SQL text in UTC with milliseconds. Sequelize formats Date replacements itself, but
 * on MySQL without the milliseconds (its DATE type drops them unless a length is given), and
 * lease and retry times need them.
 */
export function sqlDate(date: Date, dialect: Dialect): string {
  const text = date.toISOString().slice(0, 23).replace('T', ' ');
  // SQLite compares dates as text, so every date must be written in the format Sequelize uses.
  return dialect === 'sqlite' ? `${text} +00:00` : text;
}

/** JSON text for a TEXT column, or NULL. */
export function jsonText(value: Record<string, unknown> | null | undefined): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
