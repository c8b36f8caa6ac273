/**
 * Grade delivery: the worker that drains the grade outbox through Assignment and Grade Services.
 * The job runner (src/jobs) drives it as a source: each round claims a batch of due rows under a
 * lease (row locks, so several CoachLoop instances share the outbox), makes sure each row's line
 * item exists in the LMS (found or created once, under its own lease), posts the scores a few at
 * a time and records each outcome: sent; waiting to retry (exponential backoff with jitter, or
 * what Retry-After asked for); failed with a plain reason; or superseded by a newer grade.
 *
 * A crash mid-send leaves the row leased ("sending"); once the lease expires another worker
 * claims it and sends the score again with the SAME timestamp. That is safe: the platform keeps
 * the newest score per person and line item by timestamp, so the same score at the same time
 * either replaces itself with identical values (the AGS spec lets a platform accept an equal
 * timestamp) or is refused as "not newer" (Canvas 400, Moodle 409) while the gradebook already
 * holds it. Such a refusal is checked against the result the LMS shows before the row counts as
 * sent, so a grade someone changed in the LMS meanwhile is reported, not overwritten.
 */
import type { Sequelize } from 'sequelize';
import { backoffDelayMs } from '../../jobs/backoff';
import type { JobQueue, QueueSource, SourceContext } from '../../jobs/jobQueue';
import { AgsError, findOrCreateLineItem, postScore, readResult, type AgsCall, type AgsResult, type AgsScore } from '../../lti/agsScores';
import { CachedServiceTokens, type ServiceTokens } from '../../lti/serviceHttp';
import { GradeStore, type DeliveryRow, type Outcome } from './gradeStore';

/** The name grade delivery has among the job runner's sources. */
export const GRADE_DELIVERY_SOURCE = 'grade-delivery';

/** What grade delivery needs from the application. */
export interface GradeDeliveryDeps {
  sequelize: Sequelize;
  /** Service tokens: the LTI adapter (kept in memory in front of it). */
  lti: ServiceTokens;
}

/** How the worker behaves; every field is optional. */
export interface GradeWorkerOptions {
  /** Rows claimed at a time (default 64). */
  batchSize?: number;
  /** Scores in flight at once (default 8). */
  concurrency?: number;
  /** How long a claim holds a row before another worker may take it over (default 60 s); renewed while the batch runs. */
  leaseMs?: number;
  /** Backoff ceiling of the first retry, doubling per attempt (default 30 s). */
  baseBackoffMs?: number;
  /** Backoff ceiling at most (default 1 h). */
  maxBackoffMs?: number;
  /** The longest Retry-After honoured as asked (default 1 h). */
  maxRetryAfterMs?: number;
  /** Time-out of each request to the LMS (default 20 s). */
  requestTimeoutMs?: number;
  /** Uniform in [0, 1) for backoff jitter (default Math.random). */
  random?: () => number;
  /** Where unexpected errors of a row are reported (default console.error). */
  onError?: (err: unknown) => void;
}

/** How long a grade waits while another worker creates its line item (a few requests to the LMS). */
const LINE_ITEM_WAIT_MS = 250;

/** Code of the outcome when the LMS refused a re-sent score but its result shows that score. */
export const ALREADY_IN_LMS = 'ALREADY_IN_LMS';

const NO_GRADE_SERVICE =
  'This course in the LMS does not offer grades to CoachLoop (its launches carry no grade service). Ask the LMS administrator to allow grades for CoachLoop, open CoachLoop from the course once, then retry.';

/** Claims and sends due grades; add it to a JobQueue with registerGradeDelivery. */
export class GradeWorker implements QueueSource {
  /** What this worker did since it was made (tests, benchmarks, logs). */
  readonly stats = { rounds: 0, claimed: 0, sent: 0, waiting: 0, failed: 0, superseded: 0 };
  private readonly store: GradeStore;
  private readonly tokens: ServiceTokens;
  private readonly o: Required<Omit<GradeWorkerOptions, 'onError' | 'random'>> & Pick<GradeWorkerOptions, 'onError' | 'random'>;

  constructor(deps: GradeDeliveryDeps, opts: GradeWorkerOptions = {}) {
    this.store = new GradeStore(deps.sequelize);
    this.tokens = new CachedServiceTokens(deps.lti);
    this.o = {
      batchSize: opts.batchSize ?? 64, concurrency: opts.concurrency ?? 8, leaseMs: opts.leaseMs ?? 60_000,
      baseBackoffMs: opts.baseBackoffMs ?? 30_000, maxBackoffMs: opts.maxBackoffMs ?? 3_600_000, maxRetryAfterMs: opts.maxRetryAfterMs ?? 3_600_000,
      requestTimeoutMs: opts.requestTimeoutMs ?? 20_000, random: opts.random, onError: opts.onError,
    };
  }

  /**
   * One round: keeps `concurrency` scores in flight, claiming the next batch while the last
   * one's rows run low, until nothing is due (or the runner stops). Resolves true if it claimed any.
   */
  async runOnce(ctx: SourceContext): Promise<boolean> {
    const round = new Round(this.store, ctx, { leaseMs: this.o.leaseMs, batchSize: this.o.batchSize, lanes: this.o.concurrency }, (err) => this.report(err));
    if (!(await round.claim())) return false;
    this.stats.rounds++;
    const lineItems = new Map<number, Promise<string | 'busy'>>();
    try {
      const lanes = await Promise.allSettled(Array.from({ length: this.o.concurrency }, async () => {
        for (let row = await round.next(); row; row = await round.next()) {
          const outcome = ctx.signal.aborted ? interrupted(ctx.now()) : await this.deliver(row, ctx, lineItems);
          if (outcome.status === 'sent' && !outcome.code) {
            // Plain successes are recorded in bulk, in the background: a crash before that only means a re-send (see the top).
            round.sent(row.id);
          } else if (await round.record(row.id, outcome)) {
            this.stats[outcome.status === 'pending' ? 'waiting' : outcome.status]++;
          }
        }
      }));
      const failed = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      const recorded = await round.finish();
      this.stats.sent += recorded;
      this.stats.claimed += round.claimed;
    }
    return true;
  }

  /** Sends one row and says what to record. */
  private async deliver(row: DeliveryRow, ctx: SourceContext, lineItems: Map<number, Promise<string | 'busy'>>): Promise<Outcome> {
    const call: AgsCall = { tokens: this.tokens, platform: { issuer: row.issuer, clientId: row.clientId }, timeoutMs: this.o.requestTimeoutMs, signal: ctx.signal };
    let url: string | undefined;
    try {
      if (!row.lineItemUrl && !row.lineItemsUrl) return { status: 'failed', code: 'NO_GRADE_SERVICE', message: NO_GRADE_SERVICE };
      let ensured = row.lineItemUrl ? Promise.resolve(row.lineItemUrl) : lineItems.get(row.lineItemId);
      if (!ensured) {
        const ensuring = this.ensureLineItem(row, ctx, call);
        lineItems.set(row.lineItemId, ensuring);
        // A failure or a busy column is tried afresh by rows claimed later in the round.
        ensuring.then((url) => url === 'busy' && lineItems.delete(row.lineItemId), () => lineItems.delete(row.lineItemId));
        ensured = ensuring;
      }
      const found = await ensured;
      if (found === 'busy') {
        return { status: 'pending', at: new Date(ctx.now().getTime() + LINE_ITEM_WAIT_MS), code: 'LINE_ITEM_BUSY', message: 'Waiting while the gradebook column is created in the LMS.', maybeDelivered: false, countAttempt: false };
      }
      url = found;
      // Every attempt of this row sends the same timestamp (see the comment at the top).
      await postScore(call, url, scoreOf(row));
      return { status: 'sent' };
    } catch (err) {
      if (ctx.signal.aborted) {
        return { status: 'pending', at: ctx.now(), code: 'INTERRUPTED', message: 'CoachLoop stopped while sending this grade; it is sent again when CoachLoop runs again.', maybeDelivered: url !== undefined, countAttempt: false };
      }
      if (err instanceof AgsError) return this.outcomeOf(err, row, url, call, ctx);
      this.report(err);
      return this.retryOrFail(row, ctx, 'UNEXPECTED', 'CoachLoop hit an unexpected problem sending this grade.', false);
    }
  }

  /** The line item's URL: found or created under the line item's lease, or 'busy' if another worker holds it. */
  private async ensureLineItem(row: DeliveryRow, ctx: SourceContext, call: AgsCall): Promise<string | 'busy'> {
    const lease = await this.store.leaseLineItem(row.lineItemId, ctx.workerId, ctx.now(), this.o.leaseMs);
    if (lease === 'busy') return 'busy';
    if (lease !== 'mine') return lease.url;
    let url: string | null = null;
    try {
      url = (await findOrCreateLineItem(call, row.lineItemsUrl!, {
        label: row.label, scoreMaximum: row.lineItemMaximum, resourceId: row.resourceKey,
        ...(row.resourceLinkId ? { resourceLinkId: row.resourceLinkId } : {}), ...(row.tag ? { tag: row.tag } : {}),
      })).url;
      return url;
    } finally {
      await this.store.settleLineItem(row.lineItemId, ctx.workerId, url, ctx.now());
    }
  }

  private async outcomeOf(err: AgsError, row: DeliveryRow, url: string | undefined, call: AgsCall, ctx: SourceContext): Promise<Outcome> {
    const maybe = row.maybeDelivered || err.opts.uncertain === true;
    if (err.kind === 'stale' && url) return this.settleStale(row, url, call, maybe);
    if (err.kind === 'line-item-gone' && url) await this.store.forgetLineItemUrl(row.lineItemId, url, ctx.now());
    if (err.transient) return this.retryOrFail(row, ctx, err.opts.uncertain ? 'NO_ANSWER' : err.code, err.message, maybe, err.opts.retryAfterMs);
    return { status: 'failed', code: err.code, message: err.message, maybeDelivered: maybe };
  }

  /**
   * The LMS refused the score as not newer than what it holds. A newer grade of ours explains it
   * (superseded); otherwise the result the LMS shows decides: our score (an earlier attempt got
   * through unheard: sent) or another one (someone changed it in the LMS: failed, with both).
   */
  private async settleStale(row: DeliveryRow, url: string, call: AgsCall, maybe: boolean): Promise<Outcome> {
    if (await this.store.hasNewer(row)) return { status: 'superseded' };
    let result: AgsResult | null | undefined;
    try {
      result = await readResult(call, url, row.userId);
    } catch {
      result = undefined;
    }
    const ours = result ? matches(result, row) : result === undefined && maybe;
    if (ours) return { status: 'sent', code: ALREADY_IN_LMS, message: 'The LMS already had this grade: an earlier attempt got through although its answer was lost.' };
    const shown = result?.resultScore !== undefined ? ` The LMS shows ${result.resultScore}${result.resultMaximum !== undefined ? ` out of ${result.resultMaximum}` : ''}.` : '';
    return { status: 'failed', code: 'LMS_HAS_NEWER', message: `The LMS already holds a newer grade for this person on this column (perhaps changed in the LMS gradebook), so it kept that one.${shown} Retry to send CoachLoop's grade again.` };
  }

  /** Waits and retries a transient failure, or fails it once the attempts are used up. */
  private retryOrFail(row: DeliveryRow, ctx: SourceContext, code: string, message: string, maybe: boolean, retryAfterMs?: number): Outcome {
    if (row.attempts >= row.maxAttempts) {
      return { status: 'failed', code, message: `${message} CoachLoop tried ${row.attempts} times and stopped; retry once the LMS works again.`, maybeDelivered: maybe };
    }
    const delayMs = retryAfterMs !== undefined
      ? Math.min(retryAfterMs, this.o.maxRetryAfterMs)
      : backoffDelayMs(row.attempts, { baseMs: this.o.baseBackoffMs, maxMs: this.o.maxBackoffMs, random: this.o.random ?? Math.random });
    return { status: 'pending', at: new Date(ctx.now().getTime() + delayMs), code, message, maybeDelivered: maybe };
  }

  private report(err: unknown): void {
    (this.o.onError ?? ((e: unknown) => console.error('Grade delivery: unexpected error; the grade is retried later.', e)))(err);
  }
}

/** A row handed back untried because the runner stopped: due again at once, the attempt not counted. */
function interrupted(now: Date): Outcome {
  return { status: 'pending', at: now, code: 'INTERRUPTED', message: 'CoachLoop stopped before sending this grade; it is sent when CoachLoop runs again.', maybeDelivered: false, countAttempt: false };
}

/** The score a row sends. */
function scoreOf(row: DeliveryRow): AgsScore {
  return {
    userId: row.userId,
    ...(row.scoreGiven !== null ? { scoreGiven: row.scoreGiven } : {}),
    scoreMaximum: row.scoreMaximum,
    activityProgress: row.activityProgress as AgsScore['activityProgress'],
    gradingProgress: row.gradingProgress as AgsScore['gradingProgress'],
    timestampMs: row.scoreTimestamp,
    ...(row.comment ? { comment: row.comment } : {}),
  };
}

/** True when the LMS's result is this row's score (scaled to the column's maximum, to the hundredth). */
function matches(result: AgsResult, row: DeliveryRow): boolean {
  if (row.scoreGiven === null) return result.resultScore === undefined;
  if (result.resultScore === undefined) return false;
  const expected = (row.scoreGiven / row.scoreMaximum) * (result.resultMaximum ?? row.lineItemMaximum);
  return Math.abs(result.resultScore - expected) <= 0.005 + 1e-9 * Math.abs(expected);
}

/**
 * The rows of one round: claimed in batches ahead of the lanes, their leases renewed while they
 * wait, plain successes recorded in bulk in the background, and rows left when the runner stops
 * handed back.
 */
class Round {
  claimed = 0;
  private readonly queue: DeliveryRow[] = [];
  /** Claimed and not yet recorded (leases to renew). */
  private readonly open = new Set<number>();
  /** Taken over by another worker: its outcome counts, not ours. */
  private readonly lost = new Set<number>();
  private readonly sentIds: number[] = [];
  private readonly flushes = new Set<Promise<void>>();
  private flushError: unknown;
  private recordedSent = 0;
  private claiming: Promise<number> | undefined;
  private exhausted = false;
  private readonly renew: NodeJS.Timeout;

  constructor(
    private readonly store: GradeStore,
    private readonly ctx: SourceContext,
    private readonly o: { leaseMs: number; batchSize: number; lanes: number },
    report: (err: unknown) => void,
  ) {
    this.renew = setInterval(() => {
      const now = ctx.now();
      store.extendLeases([...this.open], ctx.workerId, new Date(now.getTime() + o.leaseMs), now).then((held) => {
        for (const id of this.open) if (!held.includes(id)) this.lost.add(id);
      }, report);
    }, Math.max(50, Math.floor(o.leaseMs / 3)));
    this.renew.unref();
  }

  /** Claims a batch (one claim at a time); resolves with how many rows it got. */
  claim(): Promise<number> {
    this.claiming ??= this.store.claim(this.ctx.workerId, this.ctx.now(), this.o.leaseMs, this.o.batchSize).then((rows) => {
      if (rows.length === 0) this.exhausted = true;
      for (const row of rows) {
        this.open.add(row.id);
        this.queue.push(row);
      }
      this.claimed += rows.length;
      return rows.length;
    }).finally(() => {
      this.claiming = undefined;
    });
    return this.claiming;
  }

  /** The next row to send (claiming the next batch while a batch still waits, so lanes never wait on a claim), or null when the round is over. */
  async next(): Promise<DeliveryRow | null> {
    for (;;) {
      const stopping = this.ctx.signal.aborted;
      if (!stopping && !this.exhausted && this.queue.length <= Math.max(this.o.lanes, this.o.batchSize)) {
        const claim = this.claim();
        if (this.queue.length === 0) await claim;
        else claim.catch(() => undefined);
      }
      const row = this.queue.shift();
      if (!row) {
        if (this.claiming && !stopping) {
          await this.claiming.catch(() => undefined);
          continue;
        }
        return null;
      }
      if (!this.lost.has(row.id)) return row;
      this.open.delete(row.id);
    }
  }

  /** Records an outcome now; false if the row was taken over. */
  async record(id: number, outcome: Outcome): Promise<boolean> {
    this.open.delete(id);
    if (this.lost.has(id)) return false;
    return this.store.record(id, this.ctx.workerId, outcome, this.ctx.now());
  }

  /** Notes a plain success; a batch's worth is recorded in the background. */
  sent(id: number): void {
    this.sentIds.push(id);
    if (this.sentIds.length >= this.o.batchSize) this.flush();
  }

  /** Hands back rows no lane took (the runner stopped) and records the buffered successes; resolves with how many successes were recorded. */
  async finish(): Promise<number> {
    await this.claiming?.catch(() => undefined);
    clearInterval(this.renew);
    for (const row of this.queue.splice(0)) await this.record(row.id, interrupted(this.ctx.now()));
    this.flush();
    await Promise.all([...this.flushes]);
    if (this.flushError !== undefined) throw this.flushError;
    return this.recordedSent;
  }

  private flush(): void {
    const ids = this.sentIds.splice(0).filter((id) => !this.lost.has(id));
    if (ids.length === 0) return;
    const flush = this.store.recordSent(ids, this.ctx.workerId, this.ctx.now()).then((n) => {
      this.recordedSent += n;
      for (const id of ids) this.open.delete(id);
    }, (err: unknown) => {
      this.flushError ??= err;
    });
    this.flushes.add(flush);
    void flush.finally(() => this.flushes.delete(flush));
  }
}

/**
 * Makes the job runner deliver grades: `jobs.start()` then drains the outbox in a loop of its
 * own, and `jobs.drain()` sends what is due. Returns the worker (tests and benchmarks).
 */
export function registerGradeDelivery(jobs: JobQueue, deps: GradeDeliveryDeps, opts?: GradeWorkerOptions): GradeWorker {
  const worker = new GradeWorker(deps, opts);
  jobs.addSource(GRADE_DELIVERY_SOURCE, worker);
  return worker;
}
