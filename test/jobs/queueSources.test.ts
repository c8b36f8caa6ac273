import { expect } from 'chai';
import type { Sequelize } from 'sequelize';
import { JobQueue, type SourceContext } from '../../src/jobs/jobQueue';
import { testDatabase } from '../helpers/database';

/** Sources: durable queues of their own (the grade outbox) that the job runner drives beside its jobs. */
describe('JobQueue sources', () => {
  let sequelize: Sequelize;
  before(async () => {
    sequelize = await testDatabase();
  });

  it('drain() runs a source until it has nothing left, with the runner\'s worker id and clock', async () => {
    const at = new Date('2030-05-01T00:00:00.000Z');
    const queue = new JobQueue(sequelize, { workerId: 'source-test', now: () => at });
    let left = 3;
    const seen: Array<{ workerId: string; now: string }> = [];
    queue.addSource('countdown', {
      runOnce: async (ctx: SourceContext) => {
        seen.push({ workerId: ctx.workerId, now: ctx.now().toISOString() });
        if (left === 0) return false;
        left--;
        return true;
      },
    });
    expect(() => queue.addSource('countdown', { runOnce: async () => false })).to.throw(/already added/);
    expect(await queue.drain()).to.equal(3);
    // Three rounds with work, then a pass over jobs and sources that finds nothing, twice.
    expect(seen).to.have.length(5);
    expect(seen[0]).to.deep.equal({ workerId: 'source-test', now: at.toISOString() });
    expect(queue.worker).to.equal('source-test');
  });

  it('start() polls each source in a loop of its own; stop() aborts the running round and waits for it', async () => {
    const queue = new JobQueue(sequelize, { onError: () => undefined });
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let aborted = false;
    queue.addSource('blocking', {
      runOnce: (ctx) => new Promise<boolean>((resolve) => {
        started();
        ctx.signal.addEventListener('abort', () => {
          aborted = true;
          resolve(false);
        });
      }),
    });
    queue.start(10);
    await running;
    await queue.stop();
    expect(aborted).to.equal(true);
  });
});
