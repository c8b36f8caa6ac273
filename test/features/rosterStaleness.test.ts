/**
 * The automatic roster sync a coach or admin launch asks for: once per interval, also when two
 * CoachLoop instances launch into the same course at once. The race: this instance reads "never
 * synced", then another instance's launch queues a sync and its runner finishes it, and only then
 * does this launch insert; it must not queue a second sync.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { JobQueue } from '../../src/jobs/jobQueue';
import { rosterJobKey, ROSTER_SYNC_KIND, syncIfStale } from '../../src/features/roster/rosterJob';
import { testDatabase } from '../helpers/database';

/** A space id no other test uses (the jobs table does not refer to spaces). */
const spaceIdOf = () => 900_000_000 + Math.floor(Math.random() * 90_000_000);

/** Other tests' queued syncs (their simulators are gone) are set aside so these runners run only this test's. */
async function setAsideOtherSyncs(spaceId: number): Promise<void> {
  const sequelize = await testDatabase();
  await sequelize.query("UPDATE jobs SET status = 'failed', active_key = NULL, error_code = 'SET_ASIDE_BY_TEST' WHERE kind = ? AND job_key <> ? AND status IN ('queued', 'running')", {
    replacements: [ROSTER_SYNC_KIND, rosterJobKey(spaceId)],
  });
}

/** Another instance: its own runner, with a sync that always succeeds at once. */
async function otherInstance(): Promise<JobQueue> {
  const queue = new JobQueue(await testDatabase(), { workerId: 'instance-b', onError: () => undefined });
  queue.register(ROSTER_SYNC_KIND, async () => ({ pages: 1, members: 1 }));
  return queue;
}

async function syncsOf(spaceId: number) {
  const sequelize = await testDatabase();
  return sequelize.query<{ status: string; payload: string }>('SELECT status, payload FROM jobs WHERE kind = ? AND job_key = ? ORDER BY id', {
    replacements: [ROSTER_SYNC_KIND, rosterJobKey(spaceId)], type: QueryTypes.SELECT,
  });
}

describe('roster sync on launch: once per interval', function () {
  this.timeout(30_000);

  it('queues no second sync when another instance ran a whole sync between this launch\'s check and its insert', async () => {
    const spaceId = spaceIdOf();
    await setAsideOtherSyncs(spaceId);
    const other = await otherInstance();
    /** This instance, slowed between its read and its insert (a busy database pool does that). */
    class SlowInstance extends JobQueue {
      override async latest(kind: string, key: string) {
        const seen = await super.latest(kind, key);
        // Meanwhile the other instance's launch queues the sync, and its runner completes it.
        expect(await syncIfStale(other, spaceId, 60)).to.equal(true);
        expect(await other.runOnce()).to.equal(true);
        return seen;
      }
    }
    const mine = new SlowInstance(await testDatabase(), { workerId: 'instance-a' });
    expect(await syncIfStale(mine, spaceId, 60), 'this launch queued a sync').to.equal(false);
    const syncs = await syncsOf(spaceId);
    expect(syncs.map((j) => [j.status, (JSON.parse(j.payload) as { requestedBy: string }).requestedBy])).to.deep.equal([['done', 'launch']]);
  });

  it('queues a sync on the first launch, none while it is fresh, and one again once it is older than the interval', async () => {
    const spaceId = spaceIdOf();
    await setAsideOtherSyncs(spaceId);
    const queue = await otherInstance();
    expect(await syncIfStale(queue, spaceId, 60)).to.equal(true);
    expect(await syncIfStale(queue, spaceId, 60), 'queued already').to.equal(false);
    expect(await queue.runOnce()).to.equal(true);
    expect(await syncIfStale(queue, spaceId, 60), 'just synced').to.equal(false);
    expect(await syncIfStale(queue, spaceId, 60, new Date(Date.now() + 61 * 60_000)), 'an hour later').to.equal(true);
    expect((await syncsOf(spaceId)).map((j) => j.status)).to.deep.equal(['done', 'queued']);
    // The queued one is left for no runner: set aside, so other tests' runners never pick it up.
    await (await testDatabase()).query("UPDATE jobs SET status = 'failed', active_key = NULL, error_code = 'SET_ASIDE_BY_TEST' WHERE kind = ? AND job_key = ? AND status = 'queued'", {
      replacements: [ROSTER_SYNC_KIND, rosterJobKey(spaceId)],
    });
  });
});
