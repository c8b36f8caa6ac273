/** The shapes the job runner hands to callers and handlers. */

/** queued → running → done, or back to queued to retry, or failed for good. */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** One job as stored (dates in UTC, JSON columns parsed). */
export interface JobRecord {
  id: number;
  /** What runs it, e.g. "roster-sync". */
  kind: string;
  /** Dedupe key within the kind, e.g. "space:12". */
  key: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  /** Runs started so far, including the current one. */
  attempts: number;
  maxAttempts: number;
  /** Not claimed before this time (the retry time while waiting to retry). */
  runAfter: Date;
  /** The last progress a heartbeat stored. */
  progress: Record<string, unknown> | null;
  /** What the handler resolved with, once done. */
  result: Record<string, unknown> | null;
  /** The last failure: kept while waiting to retry, final once failed; cleared when done. */
  errorCode: string | null;
  errorMessage: string | null;
  /** When the first attempt started. */
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  lockedBy: string | null;
  lockedUntil: Date | null;
}

/** A job to queue. */
export interface EnqueueSpec {
  /** A registered handler's kind (at most 64 characters). */
  kind: string;
  /** Dedupe key: one queued or running job per kind and key (at most 191 characters). */
  key: string;
  /** JSON-serialisable input for the handler (default {}). */
  payload?: Record<string, unknown>;
  /** Not before this time (default now). */
  runAfter?: Date;
  /** Runs before giving up (default 5). */
  maxAttempts?: number;
  /**
   * Queue nothing if a job of this kind and key finished (done or failed) at or after this time;
   * enqueue then resolves with that job and created false. Checked after the job is inserted (held
   * back from workers until then), so a job that finished on another instance a moment before
   * counts; a read before the insert could miss it.
   */
  unlessFinishedSince?: Date;
}

/** What a running handler can do besides its work. */
export interface JobContext {
  /** Extends the lease and stores progress (shown live in the UI). Throws LeaseLostError if another worker took the job. */
  heartbeat(progress?: Record<string, unknown>): Promise<void>;
  /** Aborted when the runner stops. */
  signal: AbortSignal;
}

/** Runs one job; the resolved value is stored as its result. */
export type JobHandler = (job: JobRecord, ctx: JobContext) => Promise<Record<string, unknown> | void>;

/** What a source gets for one round: who is working, the runner's clock, and a signal aborted when the runner stops. */
export interface SourceContext {
  workerId: string;
  now: () => Date;
  signal: AbortSignal;
}

/**
 * Work the runner drives besides job rows: a durable queue with its own table and claims (the
 * grade outbox). The runner polls it in a loop of its own, so a long job never holds it up.
 */
export interface QueueSource {
  /** Processes what is due now (e.g. one batch); resolves true if it did any work, and the runner asks again at once. */
  runOnce(ctx: SourceContext): Promise<boolean>;
}
