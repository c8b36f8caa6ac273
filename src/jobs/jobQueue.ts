/**
 * The durable job runner: jobs are rows in the jobs table, claimed under a lease so that any
 * number of worker processes can share them, retried with backoff, and kept afterwards with
 * their progress, result or error for "last sync" displays. Roster sync uses it first.
 *
 * A handler that runs longer than the lease must call ctx.heartbeat(), or another worker
 * presumes it crashed and runs the job again; the slow worker's outcome is then discarded.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Sequelize } from 'sequelize';
import { backoffDelayMs } from './backoff';
import { LeaseLostError, PermanentJobError, RetryLaterError } from './jobErrors';
import { JobStore } from './jobStore';
import type { EnqueueSpec, JobContext, JobHandler, JobRecord, QueueSource } from './jobTypes';

export * from './jobTypes';
export * from './jobErrors';

/** How a JobQueue behaves; every field is optional. */
export interface JobQueueOptions {
  /** Names this worker in locked_by (default host:pid:random, unique per instance). */
  workerId?: string;
  /** How long a claim or heartbeat holds a job before other workers may take it (default 30 s). */
  leaseMs?: number;
  /** Backoff ceiling of the first retry, doubling per attempt (default 2 s). */
  baseBackoffMs?: number;
  /** Backoff ceiling at most (default 5 min). */
  maxBackoffMs?: number;
  /** The clock (tests move time with it). */
  now?: () => Date;
  /** Uniform in [0, 1) for backoff jitter (default Math.random; tests make it fixed). */
  random?: () => number;
  /** Where the polling loop reports errors it survives, e.g. a lost database (default console.error). */
  onError?: (err: unknown) => void;
}

const MAX_MESSAGE = 4000;
/** How long a job queued with unlessFinishedSince is held back while it is checked (a crash then only delays it). */
const HOLD_MS = 30_000;

/** Queues jobs and runs the due ones of the kinds registered with it. */
export class JobQueue {
  private readonly store: JobStore;
  private readonly workerId: string;
  private readonly leaseMs: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly onError: (err: unknown) => void;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly sources = new Map<string, QueueSource>();
  /** Handler and source runs in progress, with the controllers stop() aborts. */
  private readonly inFlight = new Map<Promise<unknown>, AbortController>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  /** The polling loops' pending waits, which stop() cuts short. */
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  constructor(sequelize: Sequelize, opts: JobQueueOptions = {}) {
    this.store = new JobStore(sequelize);
    this.workerId = (opts.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`).slice(0, 64);
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.baseBackoffMs = opts.baseBackoffMs ?? 2000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5 * 60_000;
    this.now = opts.now ?? (() => new Date());
    this.random = opts.random ?? Math.random;
    this.onError = opts.onError ?? ((err) => console.error('Job runner: polling failed; it tries again at the next interval.', err));
  }

  /** Makes this worker run jobs of a kind; kinds without a handler are left to other workers. */
  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind "${kind}" is already registered on this queue.`);
    this.handlers.set(kind, handler);
  }

  /** Makes this runner poll a source besides its jobs (e.g. the grade outbox), in a loop of its own. */
  addSource(name: string, source: QueueSource): void {
    if (this.sources.has(name)) throw new Error(`A source named "${name}" is already added to this queue.`);
    this.sources.set(name, source);
  }

  /** The id this runner's claims carry in locked_by. */
  get worker(): string {
    return this.workerId;
  }

  /**
   * Queues a job unless one with the same kind+key is queued or running (or, with
   * unlessFinishedSince, finished since then); returns that one then. Never throws on the race (unique index).
   */
  async enqueue(spec: EnqueueSpec): Promise<{ job: JobRecord; created: boolean }> {
    const job = validated(spec, this.now());
    // Insert first: the unique active_key decides between racing callers in one statement.
    // The active job can finish between a refused insert and the read, so try again then.
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.now();
      if (spec.unlessFinishedSince) {
        const checked = await this.insertUnlessFinished(job, spec.unlessFinishedSince, now);
        if (checked) return checked;
      } else {
        const created = await this.store.insert(job, now);
        if (created) return { job: created, created: true };
      }
      const active = await this.store.active(job.kind, job.key);
      if (active) return { job: active, created: false };
    }
    throw new Error(`Could not queue job ${job.kind} ${job.key}: its active job kept changing. Try again.`);
  }

  /**
   * Inserts the job held back (not due) so no worker can take it yet, then looks for a job of its
   * kind and key that finished since `since`: one did (it finished before this insert, or the
   * insert would have met it as the active job) → the held job is withdrawn; none → it is released.
   * Plain statements only: an INSERT … SELECT NOT EXISTS deadlocks on MariaDB's gap and
   * auto-increment locks when many callers race. Resolves null when an active job holds the key.
   */
  private async insertUnlessFinished(job: ReturnType<typeof validated>, since: Date, now: Date): Promise<{ job: JobRecord; created: boolean } | null> {
    const held = await this.store.insert({ ...job, runAfter: new Date(now.getTime() + HOLD_MS) }, now);
    if (!held) return null;
    const finished = await this.store.finishedSince(job.kind, job.key, since, held.id);
    if (finished && (await this.store.withdraw(held.id))) return { job: finished, created: false };
    await this.store.setRunAfter(held.id, job.runAfter, this.now());
    return { job: { ...held, runAfter: job.runAfter }, created: true };
  }

  /** Claims one due job of a registered kind (queued with run_after <= now, or running with an expired lease = a crashed worker) and runs it to completion. Resolves true if it ran one. */
  async runOnce(): Promise<boolean> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0 || this.stopping) return false;
    for (;;) {
      const outcome = await this.store.claim(kinds, this.workerId, this.now(), this.leaseMs);
      if (outcome === null) return false;
      // A crashed job with no attempts left was failed; look for another.
      if ('gaveUp' in outcome) continue;
      // stop() began while this claim was under way: hand the job back untouched.
      if (this.stopping) {
        await this.store.release(outcome.job.id, this.workerId, this.now());
        return false;
      }
      await this.track(outcome.job);
      return true;
    }
  }

  /** Runs one round of a source (what is due now); resolves true if it did any work. */
  async runSource(name: string): Promise<boolean> {
    const source = this.sources.get(name);
    if (!source) throw new Error(`No source named "${name}" on this queue.`);
    if (this.stopping) return false;
    const controller = new AbortController();
    const run = source.runOnce({ workerId: this.workerId, now: this.now, signal: controller.signal });
    this.inFlight.set(run, controller);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  /**
   * Polls every intervalMs (timers .unref()'d): due jobs one at a time, and each source in a loop
   * of its own. stop() waits for the running work (and aborts its signals).
   */
  start(intervalMs = 1000): void {
    if (this.loop) return;
    this.stopping = false;
    const loops = [this.poll(intervalMs, () => this.runOnce()), ...[...this.sources.keys()].map((name) => this.poll(intervalMs, () => this.runSource(name)))];
    this.loop = Promise.all(loops).then(() => undefined);
  }

  /** Stops polling, aborts the running handlers' and sources' signals and waits for them to finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const sleep of this.sleeps) {
      clearTimeout(sleep.timer);
      sleep.wake();
    }
    this.sleeps.clear();
    for (const controller of this.inFlight.values()) controller.abort(new Error('The job runner is stopping.'));
    await this.loop;
    await Promise.allSettled([...this.inFlight.keys()]);
    this.loop = undefined;
    this.stopping = false;
  }

  /** One job by id. */
  get(id: number): Promise<JobRecord | null> {
    return this.store.get(id);
  }

  /** The newest job of kind+key (any status), for "last sync" displays. */
  latest(kind: string, key: string): Promise<JobRecord | null> {
    return this.store.latest(kind, key);
  }

  /** Runs due jobs and sources' due work until none is left (tests and CLI); resolves with how many jobs and source rounds ran. */
  async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const before = ran;
      while (await this.runOnce()) ran++;
      for (const name of this.sources.keys()) while (await this.runSource(name)) ran++;
      if (ran === before) return ran;
    }
  }

  private async poll(intervalMs: number, step: () => Promise<boolean>): Promise<void> {
    while (!this.stopping) {
      try {
        while (!this.stopping && (await step()));
      } catch (err) {
        this.onError(err);
      }
      if (this.stopping) return;
      await new Promise<void>((resolve) => {
        const sleep = {
          timer: setTimeout(() => {
            this.sleeps.delete(sleep);
            resolve();
          }, intervalMs),
          wake: resolve,
        };
        sleep.timer.unref();
        this.sleeps.add(sleep);
      });
    }
  }

  private async track(job: JobRecord): Promise<void> {
    const controller = new AbortController();
    const run = this.execute(job, controller.signal);
    this.inFlight.set(run, controller);
    try {
      await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  /** Runs the handler and records its outcome, unless the lease was lost meanwhile. */
  private async execute(job: JobRecord, signal: AbortSignal): Promise<void> {
    const handler = this.handlers.get(job.kind);
    if (!handler) throw new Error(`No handler for job kind "${job.kind}".`);
    let leaseLost = false;
    const ctx: JobContext = {
      signal,
      heartbeat: async (progress) => {
        const now = this.now();
        const held = await this.store.heartbeat(job.id, this.workerId, new Date(now.getTime() + this.leaseMs), progress, now);
        if (!held) {
          leaseLost = true;
          throw new LeaseLostError();
        }
      },
    };
    let result: Record<string, unknown> | void;
    try {
      result = await handler(job, ctx);
    } catch (err) {
      if (!leaseLost && !(err instanceof LeaseLostError)) await this.recordFailure(job, err, signal.aborted);
      return;
    }
    if (leaseLost) return;
    await this.store.complete(job.id, this.workerId, result && typeof result === 'object' ? result : null, this.now());
  }

  private async recordFailure(job: JobRecord, err: unknown, aborted: boolean): Promise<void> {
    const now = this.now();
    const message = messageOf(err);
    if (err instanceof PermanentJobError) {
      await this.store.fail(job.id, this.workerId, codeOf(err.code), message, now);
      return;
    }
    // Interrupted by stop(): not the job's fault, so the attempt does not count.
    if (aborted) {
      await this.store.release(job.id, this.workerId, now);
      return;
    }
    const code = codeOf(err instanceof RetryLaterError ? err.code : (err as { code?: unknown } | null)?.code);
    if (job.attempts >= job.maxAttempts) {
      await this.store.fail(job.id, this.workerId, code, message, now);
      return;
    }
    const delayMs =
      err instanceof RetryLaterError && err.delayMs !== undefined
        ? Math.max(0, err.delayMs)
        : backoffDelayMs(job.attempts, { baseMs: this.baseBackoffMs, maxMs: this.maxBackoffMs, random: this.random });
    await this.store.retry(job.id, this.workerId, new Date(now.getTime() + delayMs), code, message, now);
  }
}

/** The spec with defaults applied, or a clear error for a programming mistake. */
function validated(spec: EnqueueSpec, now: Date) {
  if (!spec.kind || spec.kind.length > 64) throw new Error(`A job kind must have 1 to 64 characters; got "${spec.kind}".`);
  if (!spec.key || spec.key.length > 191) throw new Error(`A job key must have 1 to 191 characters; got "${spec.key}".`);
  if (spec.kind.length + 1 + spec.key.length > 255) throw new Error('A job kind and key together must have at most 254 characters.');
  const maxAttempts = spec.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a whole number of at least 1; got ${maxAttempts}.`);
  return { kind: spec.kind, key: spec.key, payload: spec.payload ?? {}, runAfter: spec.runAfter ?? now, maxAttempts };
}

function codeOf(code: unknown): string {
  return typeof code === 'string' && code ? code.slice(0, 64) : 'unexpected_error';
}

function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message || 'The job failed without a message.').slice(0, MAX_MESSAGE);
}
