/**
 * Every SQL statement of grade delivery, on SQLite and MariaDB/MySQL. Rows are claimed the way
 * the job runner claims jobs (claimRows: SKIP LOCKED or an IMMEDIATE transaction) and leased
 * to one worker; a worker's writes to a row it sends are guarded by `locked_by`, so a worker that
 * lost its lease (too slow, presumed crashed) changes nothing.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { dialectOf, type Dialect } from '../../db/database';
import { sqlDate } from '../../jobs/jobRows';
import { claimRows } from '../../jobs/rowClaim';

/** One claimed grade with what sending it needs (its person, line item, space and platform). */
export interface DeliveryRow {
  id: number;
  spaceId: number;
  personId: number;
  lineItemId: number;
  resourceKey: string;
  scoreGiven: number | null;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
  comment: string | null;
  /** Epoch milliseconds; the same on every attempt of this row. */
  scoreTimestamp: number;
  /** Attempts made, this one included. */
  attempts: number;
  maxAttempts: number;
  /** An earlier attempt got no answer: the LMS may already hold this score. */
  maybeDelivered: boolean;
  /** The LMS user id (people.sub). */
  userId: string;
  lineItemUrl: string | null;
  resourceLinkId: string | null;
  label: string;
  lineItemMaximum: number;
  tag: string | null;
  /** The space's AGS line items container (from its launches), if the LMS offers grades there. */
  lineItemsUrl: string | null;
  issuer: string;
  clientId: string;
}

/** A row's outcome, as recorded. */
export type Outcome =
  | { status: 'sent'; code?: string; message?: string }
  | { status: 'pending'; at: Date; code: string; message: string; maybeDelivered: boolean; countAttempt?: boolean }
  | { status: 'failed'; code: string; message: string; maybeDelivered?: boolean }
  | { status: 'superseded' };

/** Due: pending and its time has come, or sending under an expired lease (its worker crashed). */
const DUE = "(status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND locked_until <= ?)";

const WORKER_LOST = 'The worker sending this grade stopped before the LMS answered (it crashed or lost the database).';

interface ClaimedRow {
  id: number | string;
  status: string;
  attempts: number | string;
  max_attempts: number | string;
}

interface DetailRow {
  id: number | string; space_id: number | string; person_id: number | string; line_item_id: number | string; resource_key: string;
  score_given: number | string | null; score_maximum: number | string; activity_progress: string; grading_progress: string; comment: string | null;
  score_timestamp: number | string; attempts: number | string; max_attempts: number | string; maybe_delivered: number | string | boolean;
  sub: string; lineitem_url: string | null; resource_link_id: string | null; label: string; li_maximum: number | string; tag: string | null;
  ags_lineitems_url: string | null; issuer: string; client_id: string;
}

/**
 * Runs a write again when MariaDB/MySQL chose it as a deadlock victim: a worker's lanes write rows
 * of one outbox concurrently (claims, outcomes, lease renewals), and InnoDB may lock index ranges
 * in different orders. The victim's statement or claim transaction was rolled back whole, so
 * running it again is safe.
 */
async function retryDeadlock<T>(write: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      const code = (err as { parent?: { code?: unknown } } | null)?.parent?.code;
      if (attempt >= attempts || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw err;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.floor(Math.random() * 10)));
    }
  }
}

/** The grade_outbox and lms_line_items tables, as grade delivery uses them. */
export class GradeStore {
  private readonly dialect: Dialect;

  constructor(private readonly sequelize: Sequelize) {
    this.dialect = dialectOf(sequelize);
  }

  /**
   * Leases up to `limit` due rows to the worker and returns them with what sending needs. Rows a
   * crashed worker left behind are taken over (and marked maybe delivered), or failed when no
   * attempts are left; rows a newer grade for the same person and line item replaced are
   * superseded instead of sent.
   */
  async claim(workerId: string, now: Date, leaseMs: number, limit: number): Promise<DeliveryRow[]> {
    const at = this.date(now);
    const probe = { sql: `SELECT id FROM grade_outbox WHERE ${DUE} LIMIT 1`, replacements: [at, at] };
    const ids = await retryDeadlock(() => claimRows(this.sequelize, probe, async (transaction, lock) => {
      // Two reads, each in the order of its index, so LIMIT stops early: a single read with OR
      // would sort every due row, and on MariaDB lock them all, hiding them from other workers.
      const take = Math.max(1, Math.floor(limit));
      const crashedRows = await this.sequelize.query<ClaimedRow>(
        `SELECT id, status, attempts, max_attempts FROM grade_outbox WHERE status = 'sending' AND locked_until <= ? ORDER BY locked_until LIMIT ${take}${lock}`,
        { replacements: [at], type: QueryTypes.SELECT, transaction },
      );
      const pendingRows = crashedRows.length >= take ? [] : await this.sequelize.query<ClaimedRow>(
        `SELECT id, status, attempts, max_attempts FROM grade_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ${take - crashedRows.length}${lock}`,
        { replacements: [at], type: QueryTypes.SELECT, transaction },
      );
      const rows = [...crashedRows, ...pendingRows];
      if (rows.length === 0) return [];
      const crashed = rows.filter((r) => r.status === 'sending');
      const exhausted = crashed.filter((r) => Number(r.attempts) >= Number(r.max_attempts)).map((r) => Number(r.id));
      if (exhausted.length) {
        await this.sequelize.query(
          "UPDATE grade_outbox SET status = 'failed', maybe_delivered = ?, last_error_code = 'WORKER_LOST', last_error = ?, locked_by = NULL, locked_until = NULL, updated_at = ? WHERE id IN (?)",
          { replacements: [true, `${WORKER_LOST} No attempts are left; retry to send it again.`, at, exhausted], type: QueryTypes.UPDATE, transaction },
        );
      }
      const claimable = rows.map((r) => Number(r.id)).filter((id) => !exhausted.includes(id));
      if (claimable.length === 0) return [];
      const newer = await this.sequelize.query<{ id: number | string }>(
        'SELECT o.id FROM grade_outbox o WHERE o.id IN (?) AND EXISTS (SELECT 1 FROM grade_outbox n WHERE n.line_item_id = o.line_item_id AND n.person_id = o.person_id AND n.score_timestamp > o.score_timestamp)',
        { replacements: [claimable], type: QueryTypes.SELECT, transaction },
      );
      const replaced = newer.map((r) => Number(r.id));
      if (replaced.length) {
        await this.sequelize.query(
          "UPDATE grade_outbox SET status = 'superseded', locked_by = NULL, locked_until = NULL, updated_at = ? WHERE id IN (?)",
          { replacements: [at, replaced], type: QueryTypes.UPDATE, transaction },
        );
      }
      const taken = claimable.filter((id) => !replaced.includes(id));
      if (taken.length === 0) return [];
      const lostIds = crashed.map((r) => Number(r.id)).filter((id) => taken.includes(id));
      if (lostIds.length) {
        // Set before status changes: MySQL evaluates SET assignments left to right.
        await this.sequelize.query(
          'UPDATE grade_outbox SET maybe_delivered = ?, last_error_code = ?, last_error = ? WHERE id IN (?)',
          { replacements: [true, 'WORKER_LOST', `${WORKER_LOST} Sending it again.`, lostIds], type: QueryTypes.UPDATE, transaction },
        );
      }
      await this.sequelize.query(
        "UPDATE grade_outbox SET status = 'sending', locked_by = ?, locked_until = ?, attempts = attempts + 1, updated_at = ? WHERE id IN (?)",
        { replacements: [workerId, this.date(new Date(now.getTime() + leaseMs)), at, taken], type: QueryTypes.UPDATE, transaction },
      );
      return taken;
    }));
    if (!ids || ids.length === 0) return [];
    return this.details(ids);
  }

  /** Extends the worker's lease on the rows; resolves with the ids it still holds (others were taken over). */
  async extendLeases(ids: number[], workerId: string, until: Date, now: Date): Promise<number[]> {
    if (ids.length === 0) return [];
    await retryDeadlock(() => this.sequelize.query("UPDATE grade_outbox SET locked_until = ?, updated_at = ? WHERE id IN (?) AND locked_by = ? AND status = 'sending'", {
      replacements: [this.date(until), this.date(now), ids, workerId],
      type: QueryTypes.UPDATE,
    }));
    const held = await this.sequelize.query<{ id: number | string }>("SELECT id FROM grade_outbox WHERE id IN (?) AND locked_by = ? AND status = 'sending'", {
      replacements: [ids, workerId],
      type: QueryTypes.SELECT,
    });
    return held.map((r) => Number(r.id));
  }

  /** Records a row's outcome; false (nothing recorded) if the worker no longer holds it. */
  async record(id: number, workerId: string, outcome: Outcome, now: Date): Promise<boolean> {
    const at = this.date(now);
    switch (outcome.status) {
      case 'sent':
        return this.guarded(
          "status = 'sent', sent_at = ?, last_error_code = ?, last_error = ?, locked_by = NULL, locked_until = NULL, updated_at = ?",
          [at, outcome.code ?? null, outcome.message ?? null, at], id, workerId,
        );
      case 'pending':
        return this.guarded(
          `${outcome.countAttempt === false ? 'attempts = attempts - 1, ' : ''}status = 'pending', next_attempt_at = ?, last_error_code = ?, last_error = ?, ` +
            'maybe_delivered = CASE WHEN ? THEN ? ELSE maybe_delivered END, locked_by = NULL, locked_until = NULL, updated_at = ?',
          [this.date(outcome.at), outcome.code, outcome.message, outcome.maybeDelivered, true, at], id, workerId,
        );
      case 'failed':
        return this.guarded(
          "status = 'failed', last_error_code = ?, last_error = ?, maybe_delivered = CASE WHEN ? THEN ? ELSE maybe_delivered END, locked_by = NULL, locked_until = NULL, updated_at = ?",
          [outcome.code, outcome.message, outcome.maybeDelivered === true, true, at], id, workerId,
        );
      case 'superseded':
        return this.guarded("status = 'superseded', locked_by = NULL, locked_until = NULL, updated_at = ?", [at], id, workerId);
    }
  }

  /** Records that the LMS took these rows (the worker's still); resolves with how many it recorded. */
  async recordSent(ids: number[], workerId: string, now: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const at = this.date(now);
    const [, affected] = (await retryDeadlock(() => this.sequelize.query(
      "UPDATE grade_outbox SET status = 'sent', sent_at = ?, last_error_code = NULL, last_error = NULL, locked_by = NULL, locked_until = NULL, updated_at = ? " +
        "WHERE id IN (?) AND locked_by = ? AND status = 'sending'",
      { replacements: [at, at, ids, workerId], type: QueryTypes.UPDATE },
    ))) as unknown as [unknown, number];
    return Number(affected) || 0;
  }

  /** True when a newer grade exists for the row's person and line item. */
  async hasNewer(row: Pick<DeliveryRow, 'lineItemId' | 'personId' | 'scoreTimestamp'>): Promise<boolean> {
    const rows = await this.sequelize.query('SELECT id FROM grade_outbox WHERE line_item_id = ? AND person_id = ? AND score_timestamp > ? LIMIT 1', {
      replacements: [row.lineItemId, row.personId, row.scoreTimestamp],
      type: QueryTypes.SELECT,
    });
    return rows.length > 0;
  }

  /**
   * Takes the line item's creation lease: 'mine' (find or create it now), its URL (someone did
   * meanwhile) or 'busy' (another worker is at it; try again shortly).
   */
  async leaseLineItem(lineItemId: number, workerId: string, now: Date, leaseMs: number): Promise<'mine' | 'busy' | { url: string }> {
    const [, affected] = (await retryDeadlock(() => this.sequelize.query(
      'UPDATE lms_line_items SET locked_by = ?, locked_until = ?, updated_at = ? WHERE id = ? AND lineitem_url IS NULL AND (locked_until IS NULL OR locked_until <= ? OR locked_by = ?)',
      { replacements: [workerId, this.date(new Date(now.getTime() + leaseMs)), this.date(now), lineItemId, this.date(now), workerId], type: QueryTypes.UPDATE },
    ))) as unknown as [unknown, number];
    if (affected === 1) return 'mine';
    const rows = await this.sequelize.query<{ lineitem_url: string | null }>('SELECT lineitem_url FROM lms_line_items WHERE id = ?', {
      replacements: [lineItemId],
      type: QueryTypes.SELECT,
    });
    return rows[0]?.lineitem_url ? { url: rows[0].lineitem_url } : 'busy';
  }

  /** Stores the line item's URL (or just releases the lease when `url` is null). */
  async settleLineItem(lineItemId: number, workerId: string, url: string | null, now: Date): Promise<void> {
    await retryDeadlock(() => this.sequelize.query(
      `UPDATE lms_line_items SET ${url ? 'lineitem_url = ?, ' : ''}locked_by = NULL, locked_until = NULL, updated_at = ? WHERE id = ? AND locked_by = ?`,
      { replacements: [...(url ? [url] : []), this.date(now), lineItemId, workerId], type: QueryTypes.UPDATE },
    ));
  }

  /** Forgets a line item URL the LMS no longer knows (its column was deleted), so the next attempt finds or creates it again. */
  async forgetLineItemUrl(lineItemId: number, url: string, now: Date): Promise<void> {
    await this.sequelize.query('UPDATE lms_line_items SET lineitem_url = NULL, updated_at = ? WHERE id = ? AND lineitem_url = ?', {
      replacements: [this.date(now), lineItemId, url],
      type: QueryTypes.UPDATE,
    });
  }

  private async details(ids: number[]): Promise<DeliveryRow[]> {
    const rows = await this.sequelize.query<DetailRow>(
      'SELECT o.id, o.space_id, o.person_id, o.line_item_id, o.resource_key, o.score_given, o.score_maximum, o.activity_progress, o.grading_progress, o.comment, ' +
        'o.score_timestamp, o.attempts, o.max_attempts, o.maybe_delivered, p.sub, li.lineitem_url, li.resource_link_id, li.label, li.score_maximum AS li_maximum, li.tag, ' +
        's.ags_lineitems_url, t.issuer, t.client_id ' +
        'FROM grade_outbox o JOIN people p ON p.id = o.person_id JOIN lms_line_items li ON li.id = o.line_item_id ' +
        'JOIN spaces s ON s.id = o.space_id JOIN tenants t ON t.id = o.tenant_id WHERE o.id IN (?) ORDER BY o.id',
      { replacements: [ids], type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({
      id: Number(r.id), spaceId: Number(r.space_id), personId: Number(r.person_id), lineItemId: Number(r.line_item_id), resourceKey: r.resource_key,
      scoreGiven: r.score_given === null ? null : Number(r.score_given), scoreMaximum: Number(r.score_maximum),
      activityProgress: r.activity_progress, gradingProgress: r.grading_progress, comment: r.comment,
      scoreTimestamp: Number(r.score_timestamp), attempts: Number(r.attempts), maxAttempts: Number(r.max_attempts), maybeDelivered: Boolean(Number(r.maybe_delivered)),
      userId: r.sub, lineItemUrl: r.lineitem_url, resourceLinkId: r.resource_link_id, label: r.label, lineItemMaximum: Number(r.li_maximum), tag: r.tag,
      lineItemsUrl: r.ags_lineitems_url, issuer: r.issuer, clientId: r.client_id,
    }));
  }

  private date(date: Date): string {
    return sqlDate(date, this.dialect);
  }

  /** An UPDATE of a row being sent that only its lease holder may make; true if it changed the row. */
  private async guarded(set: string, replacements: unknown[], id: number, workerId: string): Promise<boolean> {
    const [, affected] = (await retryDeadlock(() => this.sequelize.query(`UPDATE grade_outbox SET ${set} WHERE id = ? AND locked_by = ? AND status = 'sending'`, {
      replacements: [...replacements, id, workerId],
      type: QueryTypes.UPDATE,
    }))) as unknown as [unknown, number];
    return affected === 1;
  }
}
