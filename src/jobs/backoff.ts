/** How long a failed job waits before its next attempt when the handler named no delay. */

/** What the backoff depends on. */
export interface BackoffSettings {
  /** The ceiling for the first retry; it doubles with each attempt. */
  baseMs: number;
  /** The ceiling never exceeds this. */
  maxMs: number;
  /** Uniform in [0, 1). */
  random: () => number;
}

/**
 * Exponential backoff with full jitter: a uniform delay below min(max, base * 2^(attempt-1)).
 * The jitter spreads retries of jobs that failed together (e.g. an LMS outage) over time.
 */
export function backoffDelayMs(attempt: number, settings: BackoffSettings): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** exponent);
  return Math.floor(settings.random() * ceiling);
}
