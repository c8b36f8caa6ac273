/**
 * Slows down guessing of the operator token: after `limit` wrong tokens from one address within
 * `windowMs`, that address is locked out until the window has passed. Kept in memory per
 * instance (behind a load balancer each instance counts on its own: the token is long enough
 * that this only has to stop brute force, not count exactly).
 */

/** Counts failed sign-ins per client address. */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly opts: { limit?: number; windowMs?: number; now?: () => number } = {},
  ) {}

  private get limit(): number {
    return this.opts.limit ?? 5;
  }

  private get windowMs(): number {
    return this.opts.windowMs ?? 15 * 60_000;
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(address, kept);
    else this.failures.delete(address);
    return kept;
  }

  /** Milliseconds until this address may try again (0 = now). */
  lockedFor(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.limit) return 0;
    return Math.max(0, recent[recent.length - this.limit] + this.windowMs - this.now());
  }

  /** Records a wrong token. */
  fail(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    this.failures.set(address, recent.slice(-this.limit));
    // Bound memory under a spray from many addresses: forget the oldest entries.
    if (this.failures.size > 10_000) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  /** Clears the address's failures after a successful sign-in. */
  succeed(address: string): void {
    this.failures.delete(address);
  }
}
