/**
 * The fuzz tests' one property: a request never gets a 5xx, and a refused one (4xx) changes no row.
 * Keeps the database fingerprint between requests (one snapshot per request), counts what was sent,
 * and runs fast-check with reproducible seeds (FUZZ_SEED, FUZZ_PATH) and a size knob (FUZZ_RUNS).
 */
import fc from 'fast-check';
import type { Sequelize } from 'sequelize';
import { changedTables, type Snapshot, takeSnapshot } from './dbSnapshot';
import type { FuzzResponse } from './world';

/** Multiplies every numRuns (FUZZ_RUNS=5 for a long hunt; default 1). */
export const RUNS_FACTOR = Number(process.env.FUZZ_RUNS ?? 1) || 1;

/** fast-check parameters: a fixed seed and path when given, to replay a reported counterexample. */
export function fcParams(numRuns: number): fc.Parameters<unknown> {
  const params: fc.Parameters<unknown> = { numRuns: Math.max(1, Math.round(numRuns * RUNS_FACTOR)), endOnFailure: false };
  if (process.env.FUZZ_SEED) params.seed = Number(process.env.FUZZ_SEED);
  if (process.env.FUZZ_PATH) params.path = process.env.FUZZ_PATH;
  return params;
}

/** Exceptions a test may grant: a refusal that records something by design. */
export interface Allowances {
  /** Tables a refusal may change for this response (e.g. a launch into an unapproved deployment records it as pending). */
  refusalMayChange?(res: FuzzResponse): string[];
}

/** A request that has not answered after this long counts as a failure (a hang). */
const ANSWER_WITHIN_MS = 15_000;

function answered<T>(label: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} got no answer within ${ANSWER_WITHIN_MS / 1000} s`)), ANSWER_WITHIN_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Checks requests against the database and tallies them. */
export class FuzzChecker {
  private current: Snapshot | undefined;
  readonly statuses = new Map<number, number>();
  requests = 0;
  /** Statuses per tallied route and caller ("POST /x as coach"). */
  readonly byRoute = new Map<string, Map<number, number>>();
  /** Milliseconds spent in requests and in database snapshots (printed with the counts). */
  private readonly ms = { requests: 0, snapshots: 0 };

  /** `settle` waits for work the apps started without awaiting it (CoachLoopApp.settled). */
  constructor(private readonly sequelize: Sequelize, private readonly settle: () => Promise<unknown> = async () => undefined) {}

  /** Forgets the fingerprint (call after changing the database outside a fuzzed request). */
  reset(): void {
    this.current = undefined;
  }

  /** Sends one request through `send` and checks the rule; throws a readable error when broken. */
  async check(label: string, send: () => Promise<FuzzResponse>, allow: Allowances = {}, tally?: string): Promise<FuzzResponse> {
    // After a success the fingerprint is stale: take it once the work the success started without awaiting (a queued roster sync) is done.
    if (!this.current) await this.settle();
    const before = this.current ?? await this.snapshot();
    const started = performance.now();
    const res = await answered(label, send());
    this.ms.requests += performance.now() - started;
    this.requests++;
    this.statuses.set(res.status, (this.statuses.get(res.status) ?? 0) + 1);
    if (tally) {
      const seen = this.byRoute.get(tally) ?? new Map<number, number>();
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      this.byRoute.set(tally, seen);
    }
    // A success may change rows: no need to look, only to forget the fingerprint.
    if (res.status >= 400) await this.settle();
    const after = res.status >= 400 ? await this.snapshot() : undefined;
    this.current = after;
    const excerpt = () => res.body.replace(/\s+/g, ' ').slice(0, 400);
    if (res.status >= 500) throw new Error(`${label} answered ${res.status}: ${excerpt()}`);
    if (after) {
      const mayChange = allow.refusalMayChange?.(res) ?? [];
      const changed = changedTables(before, after).filter((c) => !mayChange.includes(c.split(' ')[0]));
      if (changed.length) throw new Error(`${label} was refused (${res.status}) but changed rows in ${changed.join(', ')}: ${excerpt()}`);
    }
    return res;
  }

  private async snapshot(): Promise<Snapshot> {
    const started = performance.now();
    const snapshot = await takeSnapshot(this.sequelize);
    this.ms.snapshots += performance.now() - started;
    return snapshot;
  }

  /** "123 requests: 200×10, 400×100 …" */
  summary(): string {
    const statuses = [...this.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(', ');
    return `${this.requests} requests (${Math.round(this.ms.requests / 1000)} s), snapshots ${Math.round(this.ms.snapshots / 1000)} s; statuses ${statuses}`;
  }
}
