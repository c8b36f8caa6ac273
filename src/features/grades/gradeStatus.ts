/**
 * What the people around a grade see of its delivery: next to each grade, "sent to the LMS",
 * "waiting to retry (attempt 3)" or "failed: reason" with a retry; for admins, a count of stuck
 * grades per space. Reads only the outbox; callers authorize (the reflection feature knows who
 * may see which grades).
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { dialectOf } from '../../db/database';
import { sqlDate, storedDate } from '../../jobs/jobRows';

/** The delivery of the latest grade of one source (e.g. one reflection). */
export type DeliveryState =
  /** The LMS took it. `note` explains an unusual success (it already had the grade). */
  | { state: 'sent'; outboxId: number; sentAt: Date; note?: string }
  /**
   * Not sent yet: `attempt` is the attempt that comes next (1 = first try), `nextTryAt` when
   * (null while being sent right now), `reason` why the last attempt did not get through.
   */
  | { state: 'waiting'; outboxId: number; attempt: number; nextTryAt: Date | null; reason?: string }
  /** Given up: `reason` says what went wrong and what to do; retryGrade sends it again. */
  | { state: 'failed'; outboxId: number; code: string; reason: string }
  /** A newer grade for the same person and line item (from another source) replaced it. */
  | { state: 'superseded'; outboxId: number };

interface StateRow {
  id: number | string;
  source_id: number | string;
  status: string;
  attempts: number | string;
  next_attempt_at: string | Date;
  last_error_code: string | null;
  last_error: string | null;
  sent_at: string | Date | null;
}

/** The delivery state of each source's latest grade, by source id (sources without a grade are absent). */
export async function deliveryStates(sequelize: Sequelize, sourceType: string, sourceIds: number[]): Promise<Map<number, DeliveryState>> {
  const states = new Map<number, DeliveryState>();
  const ids = [...new Set(sourceIds.filter((n) => Number.isInteger(n)))];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await sequelize.query<StateRow>(
      'SELECT id, source_id, status, attempts, next_attempt_at, last_error_code, last_error, sent_at FROM grade_outbox WHERE source_type = ? AND source_id IN (?) ORDER BY id',
      { replacements: [sourceType, ids.slice(i, i + 500)], type: QueryTypes.SELECT },
    );
    for (const row of rows) states.set(Number(row.source_id), stateOf(row));
  }
  return states;
}

function stateOf(row: StateRow): DeliveryState {
  const outboxId = Number(row.id);
  const attempts = Number(row.attempts);
  const reason = row.last_error ?? undefined;
  switch (row.status) {
    case 'sent':
      return { state: 'sent', outboxId, sentAt: storedDate(row.sent_at ?? row.next_attempt_at), ...(reason ? { note: reason } : {}) };
    case 'failed':
      return { state: 'failed', outboxId, code: row.last_error_code ?? 'FAILED', reason: reason ?? 'The LMS did not take this grade.' };
    case 'superseded':
      return { state: 'superseded', outboxId };
    case 'sending':
      return { state: 'waiting', outboxId, attempt: attempts, nextTryAt: null, ...(reason ? { reason } : {}) };
    default:
      return { state: 'waiting', outboxId, attempt: attempts + 1, nextTryAt: storedDate(row.next_attempt_at), ...(reason ? { reason } : {}) };
  }
}

/** What retryGrade did. */
export type RetryResult =
  | { ok: true; state: DeliveryState }
  | { ok: false; reason: 'not-found' | 'not-failed' | 'superseded'; message: string };

/**
 * Sends a failed grade again: due now, attempts counted afresh, and a new score timestamp (later
 * than any grade for that person and line item), since the LMS may hold a newer score by now.
 * `spaceId` scopes the lookup to the caller's space (another space's grade is "not found").
 */
export async function retryGrade(sequelize: Sequelize, outboxId: number, scope: { spaceId: number; now?: Date }): Promise<RetryResult> {
  const now = scope.now ?? new Date();
  const at = sqlDate(now, dialectOf(sequelize));
  return sequelize.transaction(async (transaction) => {
    const lock = dialectOf(sequelize) === 'mysql' ? ' FOR UPDATE' : '';
    const [row] = await sequelize.query<{ status: string; line_item_id: number | string; person_id: number | string; score_timestamp: number | string }>(
      `SELECT status, line_item_id, person_id, score_timestamp FROM grade_outbox WHERE id = ? AND space_id = ?${lock}`,
      { replacements: [outboxId, scope.spaceId], type: QueryTypes.SELECT, transaction },
    );
    if (!row) return { ok: false, reason: 'not-found', message: 'There is no such grade in this space.' };
    if (row.status !== 'failed') return { ok: false, reason: 'not-failed', message: 'Only a grade whose delivery failed can be retried; this one is sent, on its way or replaced.' };
    const [last] = await sequelize.query<{ ts: number | string | null }>('SELECT MAX(score_timestamp) AS ts FROM grade_outbox WHERE line_item_id = ? AND person_id = ?', {
      replacements: [row.line_item_id, row.person_id], type: QueryTypes.SELECT, transaction,
    });
    if (Number(last.ts) > Number(row.score_timestamp)) {
      await sequelize.query("UPDATE grade_outbox SET status = 'superseded', updated_at = ? WHERE id = ?", { replacements: [at, outboxId], transaction });
      return { ok: false, reason: 'superseded', message: 'A newer grade for this person replaced this one; that newer grade is the one sent.' };
    }
    const scoreTimestamp = Math.max(now.getTime(), Number(last.ts) + 1);
    await sequelize.query(
      "UPDATE grade_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, score_timestamp = ?, maybe_delivered = ?, last_error_code = NULL, last_error = NULL, " +
        'locked_by = NULL, locked_until = NULL, updated_at = ? WHERE id = ?',
      { replacements: [at, scoreTimestamp, false, at, outboxId], transaction },
    );
    return { ok: true, state: { state: 'waiting', outboxId, attempt: 1, nextTryAt: now } };
  });
}

/** Grades of a space that are not getting through. */
export interface StuckGrades {
  /** Delivery gave up; each needs someone to act (see its reason) and retry. */
  failed: number;
  /** Tried at least once and waiting to retry (or taken over from a stopped worker). */
  retrying: number;
  total: number;
}

/** Counts a space's stuck grades, for the admin's overview. */
export async function stuckGradeCounts(sequelize: Sequelize, spaceId: number, now = new Date()): Promise<StuckGrades> {
  const [row] = await sequelize.query<{ failed: number | string | null; retrying: number | string | null }>(
    "SELECT SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed, " +
      "SUM(CASE WHEN (status = 'pending' AND attempts > 0) OR (status = 'sending' AND locked_until <= ?) THEN 1 ELSE 0 END) AS retrying " +
      "FROM grade_outbox WHERE space_id = ? AND status IN ('failed', 'pending', 'sending')",
    { replacements: [sqlDate(now, dialectOf(sequelize)), spaceId], type: QueryTypes.SELECT },
  );
  const failed = Number(row?.failed ?? 0);
  const retrying = Number(row?.retrying ?? 0);
  return { failed, retrying, total: failed + retrying };
}
