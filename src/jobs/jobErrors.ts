/** Errors handlers throw to steer the job runner, and the one the runner throws at them. */

/** Throw from a handler to retry later: after `delayMs` (the handler computed it, e.g. from Retry-After), or by the queue's backoff if omitted. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly delayMs?: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** Throw from a handler to fail now without retry (e.g. 403 scope not granted). */
export class PermanentJobError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** The job's lease went to another worker (this one was too slow or presumed crashed): stop working on it. */
export class LeaseLostError extends Error {
  constructor(message = 'Another worker took over this job because its lease expired; this worker must stop working on it.') {
    super(message);
    this.name = 'LeaseLostError';
  }
}
