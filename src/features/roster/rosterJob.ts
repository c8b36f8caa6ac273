/**
 * Roster sync as a durable job: one job per space at a time (the queue's active key), claimed
 * with a row lock so two CoachLoop instances never sync the same course at once, retried later
 * when the LMS is busy, and picked up again if an instance crashed mid-sync.
 */
import { QueryTypes, Sequelize } from 'sequelize';
import { PermanentJobError, RetryLaterError, type JobQueue, type JobRecord } from '../../jobs/jobQueue';
import type { LtiAdapter } from '../../lti/provider';
import { RosterSyncFailed, syncRoster, type RosterSyncDeps, type RosterSyncTarget } from './rosterSyncer';

export const ROSTER_SYNC_KIND = 'roster-sync';

/** The dedupe key of a space's sync job. */
export function rosterJobKey(spaceId: number): string {
  return `space:${spaceId}`;
}

/** Loads what a sync needs; null when the space has no roster service. */
export async function rosterTarget(sequelize: Sequelize, spaceId: number): Promise<RosterSyncTarget | null> {
  const rows = await sequelize.query<{ id: number; tenant_id: number; nrps_url: string | null; issuer: string; client_id: string }>(
    'SELECT s.id, s.tenant_id, s.nrps_url, t.issuer, t.client_id FROM spaces s JOIN tenants t ON t.id = s.tenant_id WHERE s.id = ?',
    { replacements: [spaceId], type: QueryTypes.SELECT },
  );
  const r = rows[0];
  if (!r || !r.nrps_url) return null;
  return { spaceId: Number(r.id), tenantId: Number(r.tenant_id), issuer: r.issuer, clientId: r.client_id, nrpsUrl: r.nrps_url };
}

/** Registers the roster sync handler on the queue. */
export function registerRosterSync(queue: JobQueue, deps: Omit<RosterSyncDeps, 'sequelize' | 'lti'> & { sequelize: Sequelize; lti: LtiAdapter }): void {
  queue.register(ROSTER_SYNC_KIND, async (job: JobRecord, ctx) => {
    const spaceId = Number(job.payload.spaceId);
    const target = await rosterTarget(deps.sequelize, spaceId);
    if (!target) throw new PermanentJobError('This course has no roster service from the LMS.', 'NRPS_UNAVAILABLE');
    try {
      const result = await syncRoster(deps, target, (progress) => ctx.heartbeat({ ...progress }), ctx.signal);
      return { ...result };
    } catch (err) {
      if (!(err instanceof RosterSyncFailed)) throw err;
      if (err.transient) throw new RetryLaterError(err.message, err.failure.toUpperCase().replace(/-/g, '_'), err.retryAfterMs);
      throw new PermanentJobError(err.message, err.failure.toUpperCase().replace(/-/g, '_'));
    }
  });
}

/**
 * Queues a sync of the space unless one is queued or running (or, given `unlessFinishedSince`,
 * one finished since then); returns that job.
 */
export async function requestRosterSync(
  queue: JobQueue, spaceId: number, requestedBy: 'launch' | 'person', personId?: number, unlessFinishedSince?: Date,
): Promise<{ job: JobRecord; created: boolean }> {
  return queue.enqueue({
    kind: ROSTER_SYNC_KIND, key: rosterJobKey(spaceId), payload: { spaceId, requestedBy, personId: personId ?? null },
    ...(unlessFinishedSince ? { unlessFinishedSince } : {}),
  });
}

/**
 * After a coach or admin launch: queue a sync when the last one finished longer ago than the
 * interval (or never ran). Never slows the launch: callers do not await it. The read first
 * spares most launches a write; the insert checks again, because on a busy course a sync can
 * start and finish (on this instance or another) between the read and the insert, and the
 * launch must not then queue a second one.
 */
export async function syncIfStale(queue: JobQueue, spaceId: number, intervalMinutes: number, now = new Date()): Promise<boolean> {
  const last = await queue.latest(ROSTER_SYNC_KIND, rosterJobKey(spaceId));
  if (last && (last.status === 'queued' || last.status === 'running')) return false;
  const staleBefore = new Date(now.getTime() - intervalMinutes * 60_000);
  const finished = last?.finishedAt?.getTime() ?? 0;
  if (finished > staleBefore.getTime()) return false;
  const { created } = await requestRosterSync(queue, spaceId, 'launch', undefined, staleBefore);
  return created;
}
