import { expect } from 'chai';
import crypto from 'node:crypto';
import { QueryTypes, Sequelize } from 'sequelize';
import { JobQueue, JobQueueOptions, JobRecord, LeaseLostError, PermanentJobError, RetryLaterError } from '../../src/jobs/jobQueue';
import { testDatabase } from '../helpers/database';

/** A clock tests move by hand, shared by the workers of one test. */
function testClock(start = '2030-01-01T00:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

/** A promise with its resolve function, to pause a handler where a test wants it. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A kind no other test uses. */
function uniqueKind(name: string): string {
  return `${name}-${crypto.randomBytes(4).toString('hex')}`;
}

describe('JobQueue', () => {
  let sequelize: Sequelize;
  let clock: ReturnType<typeof testClock>;
  const queues: JobQueue[] = [];

  function queue(opts: JobQueueOptions = {}): JobQueue {
    const q = new JobQueue(sequelize, { now: clock.now, random: () => 0.5, onError: () => undefined, ...opts });
    queues.push(q);
    return q;
  }

  before(async () => {
    sequelize = await testDatabase();
  });
  beforeEach(() => {
    clock = testClock();
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.stop()));
  });

  it('dedupes enqueue while a job is queued or running, and allows a new one after it is done', async () => {
    const kind = uniqueKind('dedupe');
    const q = queue();
    const first = await q.enqueue({ kind, key: 'space:1', payload: { n: 1 } });
    expect(first.created).to.equal(true);
    expect(first.job).to.include({ kind, key: 'space:1', status: 'queued', attempts: 0, maxAttempts: 5 });
    const again = await q.enqueue({ kind, key: 'space:1', payload: { n: 2 } });
    expect(again.created).to.equal(false);
    expect(again.job.id).to.equal(first.job.id);
    expect(again.job.payload).to.deep.equal({ n: 1 });
    const other = await q.enqueue({ kind, key: 'space:2' });
    expect(other.created).to.equal(true);

    const running = deferred();
    const release = deferred();
    q.register(kind, async (job) => {
      if (job.key === 'space:1') {
        running.resolve();
        await release.promise;
      }
    });
    const run = q.runOnce();
    await running.promise;
    const whileRunning = await q.enqueue({ kind, key: 'space:1' });
    expect(whileRunning).to.deep.include({ created: false });
    expect(whileRunning.job).to.include({ id: first.job.id, status: 'running' });
    release.resolve();
    expect(await run).to.equal(true);

    const after = await q.enqueue({ kind, key: 'space:1', payload: { n: 3 } });
    expect(after.created).to.equal(true);
    expect(after.job.id).to.be.greaterThan(first.job.id);
    expect((await q.latest(kind, 'space:1'))?.id).to.equal(after.job.id);
    expect((await q.get(first.job.id))?.status).to.equal('done');
  });

  it('never throws when callers race to enqueue the same key: one job, every caller gets it', async () => {
    const kind = uniqueKind('race');
    const q = queue();
    const results = await Promise.all(Array.from({ length: 8 }, () => q.enqueue({ kind, key: 'space:9' })));
    expect(results.filter((r) => r.created)).to.have.length(1);
    expect(new Set(results.map((r) => r.job.id)).size).to.equal(1);
  });

  it('keys are case-sensitive on every database', async () => {
    const kind = uniqueKind('case');
    const q = queue();
    expect((await q.enqueue({ kind, key: 'ctx:Ab' })).created).to.equal(true);
    expect((await q.enqueue({ kind, key: 'ctx:aB' })).created).to.equal(true);
  });

  it('refuses malformed specs with a clear message', async () => {
    const q = queue();
    await expectRejection(q.enqueue({ kind: '', key: 'k' }), /kind must have 1 to 64/);
    await expectRejection(q.enqueue({ kind: 'k', key: 'x'.repeat(192) }), /key must have 1 to 191/);
    await expectRejection(q.enqueue({ kind: 'k', key: 'k', maxAttempts: 0 }), /maxAttempts/);
  });

  it('runOnce runs the handler with the payload and records the result', async () => {
    const kind = uniqueKind('run');
    const q = queue();
    const seen: JobRecord[] = [];
    q.register(kind, async (job) => {
      seen.push(job);
      return { added: 3, payloadEcho: job.payload.spaceId };
    });
    expect(await q.runOnce()).to.equal(false);
    const { job } = await q.enqueue({ kind, key: 'space:12', payload: { spaceId: 12, nested: { a: [1, 2] } } });
    clock.advance(1000);
    expect(await q.runOnce()).to.equal(true);
    expect(seen).to.have.length(1);
    expect(seen[0]).to.include({ id: job.id, status: 'running', attempts: 1 });
    expect(seen[0].payload).to.deep.equal({ spaceId: 12, nested: { a: [1, 2] } });
    expect(seen[0].lockedBy).to.be.a('string');

    const done = await q.get(job.id);
    expect(done).to.include({ status: 'done', attempts: 1, errorCode: null, lockedBy: null, lockedUntil: null });
    expect(done?.result).to.deep.equal({ added: 3, payloadEcho: 12 });
    expect(done?.createdAt.toISOString()).to.equal('2030-01-01T00:00:00.000Z');
    expect(done?.startedAt?.toISOString()).to.equal('2030-01-01T00:00:01.000Z');
    expect(done?.finishedAt?.toISOString()).to.equal('2030-01-01T00:00:01.000Z');
    expect(await q.runOnce()).to.equal(false);
    expect(await q.get(999_999_999)).to.equal(null);
    expect(await q.latest(kind, 'space:404')).to.equal(null);
  });

  it('does not claim jobs before their run_after, nor jobs of kinds it has no handler for', async () => {
    const kind = uniqueKind('later');
    const foreign = uniqueKind('foreign');
    const q = queue();
    let runs = 0;
    q.register(kind, async () => void runs++);
    await q.enqueue({ kind: foreign, key: 'k' });
    await q.enqueue({ kind, key: 'k', runAfter: new Date(clock.now().getTime() + 60_000) });
    expect(await q.drain()).to.equal(0);
    clock.advance(60_000);
    expect(await q.drain()).to.equal(1);
    expect(runs).to.equal(1);
    expect((await q.latest(foreign, 'k'))?.status).to.equal('queued');
  });

  it('RetryLaterError with a delay requeues the job for then, keeping the error for the UI', async () => {
    const kind = uniqueKind('retry');
    const q = queue();
    let calls = 0;
    q.register(kind, async () => {
      calls++;
      if (calls === 1) throw new RetryLaterError('The LMS asked us to slow down (429).', 'rate_limited', 90_000);
      return { ok: true };
    });
    const { job } = await q.enqueue({ kind, key: 'space:1' });
    expect(await q.runOnce()).to.equal(true);
    const waiting = await q.get(job.id);
    expect(waiting).to.include({ status: 'queued', attempts: 1, errorCode: 'rate_limited', errorMessage: 'The LMS asked us to slow down (429).', lockedBy: null });
    expect(waiting?.runAfter.getTime()).to.equal(clock.now().getTime() + 90_000);
    // Still the active job: enqueueing again returns it.
    expect((await q.enqueue({ kind, key: 'space:1' })).job.id).to.equal(job.id);

    clock.advance(89_999);
    expect(await q.runOnce()).to.equal(false);
    clock.advance(1);
    expect(await q.runOnce()).to.equal(true);
    const done = await q.get(job.id);
    expect(done).to.include({ status: 'done', attempts: 2, errorCode: null, errorMessage: null });
    expect(done?.startedAt?.toISOString()).to.equal('2030-01-01T00:00:00.000Z');
    expect(calls).to.equal(2);
  });

  it('without a delay the wait grows with each attempt (exponential backoff, capped)', async () => {
    const kind = uniqueKind('backoff');
    const q = queue({ baseBackoffMs: 1000, maxBackoffMs: 6000, random: () => 0.5 });
    q.register(kind, async () => {
      throw new RetryLaterError('The LMS is down.', 'lms_unavailable');
    });
    const { job } = await q.enqueue({ kind, key: 'k', maxAttempts: 10 });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(await q.runOnce()).to.equal(true);
      const after = await q.get(job.id);
      const wait = (after?.runAfter.getTime() ?? 0) - clock.now().getTime();
      waits.push(wait);
      clock.advance(wait);
    }
    expect(waits).to.deep.equal([500, 1000, 2000, 3000, 3000]);
  });

  it('unexpected errors are retried with backoff too, then the job fails with the last error after max attempts', async () => {
    const kind = uniqueKind('max');
    const q = queue({ random: () => 0 });
    let calls = 0;
    q.register(kind, async () => {
      calls++;
      throw Object.assign(new Error(`connect ECONNREFUSED (call ${calls})`), { code: 'ECONNREFUSED' });
    });
    const { job } = await q.enqueue({ kind, key: 'k', maxAttempts: 3 });
    expect(await q.drain()).to.equal(3);
    const failed = await q.get(job.id);
    expect(failed).to.include({ status: 'failed', attempts: 3, errorCode: 'ECONNREFUSED', errorMessage: 'connect ECONNREFUSED (call 3)', lockedBy: null });
    expect(failed?.finishedAt).to.be.instanceOf(Date);
    expect(calls).to.equal(3);
    // Failed jobs free the key.
    expect((await q.enqueue({ kind, key: 'k' })).created).to.equal(true);
  });

  it('errors without a code are recorded as unexpected_error', async () => {
    const kind = uniqueKind('nocode');
    const q = queue();
    q.register(kind, async () => {
      throw new Error('Something broke.');
    });
    const { job } = await q.enqueue({ kind, key: 'k', maxAttempts: 1 });
    await q.runOnce();
    expect(await q.get(job.id)).to.include({ status: 'failed', errorCode: 'unexpected_error', errorMessage: 'Something broke.' });
  });

  it('PermanentJobError fails the job at once', async () => {
    const kind = uniqueKind('permanent');
    const q = queue();
    let calls = 0;
    q.register(kind, async () => {
      calls++;
      throw new PermanentJobError('The LMS did not grant the Names and Roles scope. Ask the LMS admin to enable it.', 'scope_not_granted');
    });
    const { job } = await q.enqueue({ kind, key: 'k' });
    expect(await q.drain()).to.equal(1);
    expect(await q.get(job.id)).to.include({ status: 'failed', attempts: 1, errorCode: 'scope_not_granted' });
    expect(calls).to.equal(1);
  });

  it('two workers racing for one job: the handler runs exactly once', async () => {
    const kind = uniqueKind('race-run');
    let calls = 0;
    const handler = async () => void calls++;
    const a = queue({ workerId: 'worker-a' });
    const b = queue({ workerId: 'worker-b' });
    a.register(kind, handler);
    b.register(kind, handler);
    const { job } = await a.enqueue({ kind, key: 'k' });
    const ran = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(ran.filter(Boolean)).to.have.length(1);
    expect(calls).to.equal(1);
    expect(await a.get(job.id)).to.include({ status: 'done', attempts: 1 });
  });

  it('several workers draining many jobs at once run each job exactly once', async () => {
    const kind = uniqueKind('race-many');
    const runs = new Map<number, number>();
    const workers = ['w1', 'w2', 'w3', 'w4'].map((workerId) => queue({ workerId }));
    for (const w of workers) w.register(kind, async (job) => void runs.set(job.id, (runs.get(job.id) ?? 0) + 1));
    for (let i = 0; i < 12; i++) await workers[0].enqueue({ kind, key: `space:${i}` });
    const counts = await Promise.all(workers.map((w) => w.drain()));
    expect(counts.reduce((x, y) => x + y, 0)).to.equal(12);
    expect([...runs.values()]).to.deep.equal(Array(12).fill(1));
  });

  it('a job left running by a crashed worker is taken over after its lease, and the late heartbeat gets LeaseLostError', async () => {
    const kind = uniqueKind('crash');
    const crashed = queue({ workerId: 'crashed', leaseMs: 30_000 });
    const rescuer = queue({ workerId: 'rescuer', leaseMs: 30_000 });
    const stalled = deferred();
    const resume = deferred();
    let lateHeartbeat: unknown;
    crashed.register(kind, async (_job, ctx) => {
      await ctx.heartbeat({ step: 'fetching' });
      stalled.resolve();
      await resume.promise;
      try {
        await ctx.heartbeat({ step: 'too late' });
      } catch (err) {
        lateHeartbeat = err;
        throw err;
      }
      return { from: 'crashed' };
    });
    rescuer.register(kind, async (job) => ({ from: 'rescuer', attempt: job.attempts }));

    const { job } = await crashed.enqueue({ kind, key: 'k' });
    const stuck = crashed.runOnce();
    await stalled.promise;
    expect(await rescuer.runOnce()).to.equal(false);
    clock.advance(29_999);
    expect(await rescuer.runOnce()).to.equal(false);
    clock.advance(1);
    expect(await rescuer.runOnce()).to.equal(true);
    resume.resolve();
    expect(await stuck).to.equal(true);

    expect(lateHeartbeat).to.be.instanceOf(LeaseLostError);
    const done = await rescuer.get(job.id);
    expect(done).to.include({ status: 'done', attempts: 2, lockedBy: null });
    expect(done?.result).to.deep.equal({ from: 'rescuer', attempt: 2 });
    expect(done?.progress).to.deep.equal({ step: 'fetching' });
  });

  it('a worker that outlived its lease records nothing, even if its handler succeeds', async () => {
    const kind = uniqueKind('slow');
    const slow = queue({ workerId: 'slow', leaseMs: 1000 });
    const fast = queue({ workerId: 'fast', leaseMs: 1000 });
    const started = deferred();
    const finish = deferred();
    slow.register(kind, async () => {
      started.resolve();
      await finish.promise;
      return { from: 'slow' };
    });
    const fastStarted = deferred();
    const fastFinish = deferred();
    fast.register(kind, async () => {
      fastStarted.resolve();
      await fastFinish.promise;
      return { from: 'fast' };
    });
    const { job } = await slow.enqueue({ kind, key: 'k' });
    const slowRun = slow.runOnce();
    await started.promise;
    clock.advance(1000);
    const fastRun = fast.runOnce();
    await fastStarted.promise;
    finish.resolve();
    await slowRun;
    expect(await slow.get(job.id)).to.include({ status: 'running', lockedBy: 'fast' });
    fastFinish.resolve();
    await fastRun;
    expect((await slow.get(job.id))?.result).to.deep.equal({ from: 'fast' });
  });

  it('a crashed job with no attempts left is failed instead of run again', async () => {
    const kind = uniqueKind('crash-last');
    const crashed = queue({ workerId: 'crashed' });
    const other = queue({ workerId: 'other' });
    const stalled = deferred();
    const resume = deferred();
    crashed.register(kind, async () => {
      stalled.resolve();
      await resume.promise;
    });
    let otherCalls = 0;
    other.register(kind, async () => void otherCalls++);
    const { job } = await crashed.enqueue({ kind, key: 'k', maxAttempts: 1 });
    const stuck = crashed.runOnce();
    await stalled.promise;
    clock.advance(30_000);
    expect(await other.runOnce()).to.equal(false);
    expect(otherCalls).to.equal(0);
    const failed = await other.get(job.id);
    expect(failed).to.include({ status: 'failed', errorCode: 'lease_expired', lockedBy: null });
    expect(failed?.errorMessage).to.match(/stopped responding/);
    resume.resolve();
    await stuck;
    expect((await other.get(job.id))?.status).to.equal('failed');
  });

  it('heartbeat progress is readable through get() while the job runs', async () => {
    const kind = uniqueKind('progress');
    const q = queue({ leaseMs: 10_000 });
    const reported = deferred();
    const proceed = deferred();
    q.register(kind, async (_job, ctx) => {
      await ctx.heartbeat({ fetched: 50, total: 200 });
      await ctx.heartbeat({ fetched: 100, total: 200 });
      // The same values again (no row changes on MariaDB): still our lease.
      await ctx.heartbeat({ fetched: 100, total: 200 });
      reported.resolve();
      await proceed.promise;
      clock.advance(8000);
      await ctx.heartbeat();
      return { added: 200 };
    });
    const { job } = await q.enqueue({ kind, key: 'k' });
    const run = q.runOnce();
    await reported.promise;
    const live = await q.get(job.id);
    expect(live?.status).to.equal('running');
    expect(live?.progress).to.deep.equal({ fetched: 100, total: 200 });
    proceed.resolve();
    await run;
    const done = await q.get(job.id);
    expect(done?.progress).to.deep.equal({ fetched: 100, total: 200 });
    expect(done?.result).to.deep.equal({ added: 200 });
  });

  it('a heartbeat keeps the job from other workers past the first lease', async () => {
    const kind = uniqueKind('keepalive');
    const q = queue({ workerId: 'holder', leaseMs: 10_000 });
    const other = queue({ workerId: 'other', leaseMs: 10_000 });
    let otherCalls = 0;
    other.register(kind, async () => void otherCalls++);
    const beat = deferred();
    const proceed = deferred();
    q.register(kind, async (_job, ctx) => {
      clock.advance(8000);
      await ctx.heartbeat({ step: 1 });
      beat.resolve();
      await proceed.promise;
    });
    await q.enqueue({ kind, key: 'k' });
    const run = q.runOnce();
    await beat.promise;
    clock.advance(8000); // 16 s after the claim, 8 s after the heartbeat
    expect(await other.runOnce()).to.equal(false);
    proceed.resolve();
    await run;
    expect(otherCalls).to.equal(0);
  });

  it('stop() aborts the signal and waits for the running handler', async () => {
    const kind = uniqueKind('stop');
    const q = queue();
    const started = deferred();
    const finish = deferred();
    let signal: AbortSignal | undefined;
    q.register(kind, async (_job, ctx) => {
      signal = ctx.signal;
      started.resolve();
      await finish.promise;
      return { finished: true };
    });
    const { job } = await q.enqueue({ kind, key: 'k' });
    q.start(60_000);
    await started.promise;
    let stopped = false;
    const stopping = q.stop().then(() => void (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(signal?.aborted).to.equal(true);
    expect(stopped).to.equal(false);
    expect((await q.get(job.id))?.status).to.equal('running');
    finish.resolve();
    await stopping;
    expect(stopped).to.equal(true);
    expect(await q.get(job.id)).to.include({ status: 'done' });
  });

  it('a handler that gives up because the runner stops hands the job back without using an attempt', async () => {
    const kind = uniqueKind('stop-abort');
    const q = queue();
    const started = deferred();
    q.register(kind, async (_job, ctx) => {
      started.resolve();
      await new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    });
    const { job } = await q.enqueue({ kind, key: 'k' });
    q.start(60_000);
    await started.promise;
    await q.stop();
    expect(await q.get(job.id)).to.include({ status: 'queued', attempts: 0, lockedBy: null });
    expect((await q.get(job.id))?.runAfter.getTime()).to.equal(clock.now().getTime());
  });

  it('start() polls: a job queued later is picked up by the polling loop', async () => {
    const kind = uniqueKind('poll');
    const q = queue();
    const ran = deferred<number>();
    q.register(kind, async (job) => ran.resolve(job.id));
    q.start(5);
    const { job } = await q.enqueue({ kind, key: 'k' });
    expect(await ran.promise).to.equal(job.id);
    await q.stop();
    expect((await q.get(job.id))?.status).to.equal('done');
  });

  it('stores dates as UTC', async () => {
    const kind = uniqueKind('utc');
    const q = queue();
    const { job } = await q.enqueue({ kind, key: 'k', runAfter: new Date('2031-06-15T12:34:56.789Z') });
    const rows = await sequelize.query<{ run_after: string | Date }>('SELECT run_after FROM jobs WHERE id = ?', { replacements: [job.id], type: QueryTypes.SELECT });
    const stored = rows[0].run_after;
    expect(stored instanceof Date ? stored.toISOString() : stored).to.match(/^2031-06-15[ T]12:34:56\.789/);
    expect((await q.get(job.id))?.runAfter.toISOString()).to.equal('2031-06-15T12:34:56.789Z');
  });
});

async function expectRejection(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error).to.be.instanceOf(Error);
  expect((error as Error).message).to.match(pattern);
}
