/**
 * Queues a grade for the LMS gradebook: one grade_outbox row, written in the caller's
 * transaction (with the grade itself, so a grade is never saved without its delivery, nor sent
 * without being saved). The worker (gradeWorker.ts) sends it later.
 *
 * Latest wins: a newer grade for the same person and line item supersedes older ones that are
 * still waiting or failed, and always gets a strictly later score timestamp than any earlier grade
 * for that pair, even if the clock went back — platforms keep the score with the newest timestamp.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { dialectOf } from '../../db/database';
import { upsertReturningId } from '../../db/upsert';
import { sqlDate } from '../../jobs/jobRows';
import { gradeSchema, type GradeInput } from './schema';

/**
 * A grade to send. Fields: tenantId, spaceId, personId (the learner; the LMS knows them by their
 * sub); resourceKey (what is graded, e.g. "reflection-task:12": one LMS line item per space and
 * key); lineItem (label, scoreMaximum, resourceLinkId to tie the column to the placed link, tag,
 * url when the LMS already made it, e.g. through Deep Linking); scoreGiven (omit for "no score")
 * and scoreMaximum; activityProgress (default Completed) and gradingProgress (default
 * FullyGraded); comment (shown to the learner in the LMS); source (what the grade is for, e.g.
 * { type: 'reflection', id: 42 }: delivery states are looked up by it); maxAttempts (default 8);
 * now (the grade's time, default the clock).
 */
export type GradeProps = GradeInput;

/** A grade the caller gave was not valid (a programming mistake): the message names the fields. */
export class GradeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradeInputError';
  }
}

/** What enqueueGrade wrote. */
export interface QueuedGrade {
  outboxId: number;
  lineItemId: number;
  /** The score's AGS timestamp, epoch milliseconds. */
  scoreTimestamp: number;
  /** Older waiting or failed grades for the same person and line item it replaced. */
  superseded: number;
}

/**
 * Writes the grade's outbox row in the caller's transaction (or its own when `transaction` is
 * null), creating the space's line item record on first use. Throws GradeInputError for invalid
 * props or a person or space of another tenant.
 */
export async function enqueueGrade(sequelize: Sequelize, transaction: Transaction | null, props: GradeProps): Promise<QueuedGrade> {
  const parsed = gradeSchema.safeParse(props);
  if (!parsed.success) throw new GradeInputError(`This grade cannot be queued: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'grade'}: ${i.message}`).join('; ')}.`);
  if (!transaction) return sequelize.transaction((t) => enqueueGrade(sequelize, t, props));
  const g = parsed.data;
  const now = g.now ?? new Date();
  const dialect = dialectOf(sequelize);
  const at = sqlDate(now, dialect);

  const [owned] = await sequelize.query<{ people: number | string; spaces: number | string }>(
    'SELECT (SELECT COUNT(*) FROM people WHERE id = ? AND tenant_id = ?) AS people, (SELECT COUNT(*) FROM spaces WHERE id = ? AND tenant_id = ?) AS spaces',
    { replacements: [g.personId, g.tenantId, g.spaceId, g.tenantId], type: QueryTypes.SELECT, transaction },
  );
  if (Number(owned.people) !== 1 || Number(owned.spaces) !== 1) throw new GradeInputError('This grade cannot be queued: the person or the space does not belong to this tenant.');

  // The upsert also locks the line item row until commit (MariaDB), so concurrent grades for it
  // take their timestamps one after the other; SQLite transactions are IMMEDIATE anyway.
  const lineItemId = await upsertReturningId(sequelize, {
    table: 'lms_line_items',
    values: {
      space_id: g.spaceId, resource_key: g.resourceKey, label: g.lineItem.label, score_maximum: g.lineItem.scoreMaximum,
      resource_link_id: g.lineItem.resourceLinkId ?? null, tag: g.lineItem.tag ?? null, created_at: now, updated_at: now,
    },
    conflictKeys: ['space_id', 'resource_key'],
    updateColumns: ['label', 'score_maximum', 'resource_link_id', 'tag', 'updated_at'],
    transaction,
  });
  if (g.lineItem.url) {
    await sequelize.query('UPDATE lms_line_items SET lineitem_url = ? WHERE id = ? AND lineitem_url IS NULL', { replacements: [g.lineItem.url, lineItemId], transaction });
  }

  const [last] = await sequelize.query<{ ts: number | string | null }>('SELECT MAX(score_timestamp) AS ts FROM grade_outbox WHERE line_item_id = ? AND person_id = ?', {
    replacements: [lineItemId, g.personId], type: QueryTypes.SELECT, transaction,
  });
  const scoreTimestamp = Math.max(now.getTime(), last?.ts === null || last?.ts === undefined ? 0 : Number(last.ts) + 1);

  const [, superseded] = (await sequelize.query(
    "UPDATE grade_outbox SET status = 'superseded', updated_at = ? WHERE line_item_id = ? AND person_id = ? AND status IN ('pending', 'failed')",
    { replacements: [at, lineItemId, g.personId], type: QueryTypes.UPDATE, transaction },
  )) as unknown as [unknown, number];

  const [outboxId] = (await sequelize.query(
    'INSERT INTO grade_outbox (tenant_id, space_id, person_id, resource_key, line_item_id, score_given, score_maximum, activity_progress, grading_progress, comment, ' +
      "source_type, source_id, score_timestamp, status, attempts, max_attempts, next_attempt_at, maybe_delivered, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)",
    {
      replacements: [
        g.tenantId, g.spaceId, g.personId, g.resourceKey, lineItemId, g.scoreGiven ?? null, g.scoreMaximum, g.activityProgress, g.gradingProgress, g.comment ?? null,
        g.source.type, g.source.id, scoreTimestamp, g.maxAttempts, at, false, at, at,
      ],
      type: QueryTypes.INSERT,
      transaction,
    },
  )) as unknown as [number, number];
  return { outboxId: Number(outboxId), lineItemId, scoreTimestamp, superseded: Number(superseded) || 0 };
}
