/**
 * Grade delivery under trouble: a steady 30% of LMS faults, workers killed mid-drain and
 * restarted, and two workers sharing one outbox. Every grade must arrive exactly once in effect.
 */
import { expect } from 'chai';
import { GradeStore } from '../../../src/features/grades/gradeStore';
import { deliveryStates } from '../../../src/features/grades/gradeStatus';
import { GRADE_DELIVERY_SOURCE, registerGradeDelivery } from '../../../src/features/grades/gradeWorker';
import { findOrCreateLineItem, postScore } from '../../../src/lti/agsScores';
import { JobQueue } from '../../../src/jobs/jobQueue';
import type { ServiceTokens } from '../../../src/lti/serviceHttp';
import { type Harness, startHarness } from '../../helpers/harness';
import {
  drainSpace, expectExactlyOnceInEffect, give, gradeCourse, gradeFor, gradeRunner, outboxRows, seeded, setAsideOtherGrades, testClock, type GradeCourse, type TestClock,
} from './gradeFixtures';

describe('grade delivery under faults, crashes and concurrency', function () {
  this.timeout(120_000);
  let h: Harness;
  let clock: TestClock;
  const queues: JobQueue[] = [];
  let n = 0;

  async function course(learners: number): Promise<GradeCourse> {
    const c = await gradeCourse(h, `faults-${++n}`, learners);
    await setAsideOtherGrades(c.sequelize, c.spaceId);
    return c;
  }
  function runner(c: GradeCourse, workerId: string, opts: Parameters<typeof gradeRunner>[4] = {}) {
    const r = gradeRunner(h, c.sequelize, clock, workerId, opts);
    queues.push(r.queue);
    return r;
  }
  /** Two tasks per learner, and a re-grade of every third learner's first task. */
  async function gradeEveryone(c: GradeCourse): Promise<void> {
    for (const [i, learner] of c.learners.entries()) {
      await give(c, { ...gradeFor(c, learner, (i % 10) + 0.5), now: clock.now() });
      await give(c, { ...gradeFor(c, learner, 10 - (i % 10), { task: 2 }), now: clock.now() });
      clock.advance(3);
    }
    for (const [i, learner] of c.learners.entries()) if (i % 3 === 0) await give(c, { ...gradeFor(c, learner, 9.75), now: clock.now() });
  }

  before(async () => {
    h = await startHarness();
  });
  beforeEach(() => {
    clock = testClock();
    h.sim.faults.random = seeded(20301);
  });
  afterEach(async () => {
    h.sim.faults.clear();
    h.sim.faults.random = Math.random;
    await Promise.all(queues.splice(0).map((q) => q.stop()));
  });
  after(() => h.stop());

  it('with 30% mixed 429/500/503/time-outs/lost replies, every grade arrives exactly once in effect', async () => {
    const c = await course(30);
    await gradeEveryone(c);
    const scores = [
      { status: 429 as const, retryAfterSec: 1, chance: 0.08 }, { status: 500 as const, chance: 0.07 }, { status: 503 as const, retryAfterSec: 2, chance: 0.06 },
      { delayMs: 1500, chance: 0.05 }, { lostReply: true, chance: 0.04 },
    ];
    for (const f of scores) h.sim.faults.add({ route: 'scores', ...f });
    h.sim.faults.add({ route: 'lineitems', status: 503, chance: 0.15 });
    h.sim.faults.add({ route: 'lineitems', delayMs: 1500, chance: 0.1 });
    h.sim.faults.add({ route: 'lineitems', status: 429, chance: 0.05 });
    const { queue, worker } = runner(c, `faulty-${n}`, { maxRetryAfterMs: 5000 });
    await c.sequelize.query('UPDATE grade_outbox SET max_attempts = 30 WHERE space_id = ?', { replacements: [c.spaceId] });
    await drainSpace(c, clock, [queue]);

    const requests = h.sim.scoreRequests().filter((q) => q.lineItemId.includes(`/courses/${c.courseId}/`));
    const live = (await outboxRows(c)).filter((r) => r.status !== 'superseded');
    expect(live).to.have.length(60);
    expect(h.sim.faults.seen('scores') - requests.length, 'faults answered instead of the LMS').to.be.above(10);
    expect(requests.filter((q) => q.status === 409).length, 'lost replies re-sent with the same timestamp').to.be.above(0);
    expect(worker.stats.waiting, 'grades waited to retry').to.be.above(10);
    expect(h.sim.lineItems(c.courseId)).to.have.length(2);
    await expectExactlyOnceInEffect(h, c);
  });

  it('a worker that crashed mid-drain (leases abandoned, some scores sent but never recorded) loses and duplicates nothing after a restart', async () => {
    const c = await course(12);
    await gradeEveryone(c);
    // The dead worker: claims a batch, creates the line items, sends half its scores, then dies.
    const store = new GradeStore(c.sequelize);
    const claimed = await store.claim('dead-worker', clock.now(), 30_000, 10);
    expect(claimed).to.have.length(10);
    const call = { tokens: h.coachloop.lti, platform: { issuer: h.sim.issuer, clientId: h.clientId } };
    for (const row of claimed.filter((_r, i) => i % 2 === 0)) {
      const { url } = await findOrCreateLineItem(call, row.lineItemsUrl!, { label: row.label, scoreMaximum: row.lineItemMaximum, resourceId: row.resourceKey, resourceLinkId: row.resourceLinkId ?? undefined });
      await postScore(call, url, { userId: row.userId, scoreGiven: row.scoreGiven ?? undefined, scoreMaximum: row.scoreMaximum, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestampMs: row.scoreTimestamp, comment: row.comment ?? undefined });
    }
    // A new worker leaves the leased rows alone until the lease runs out, then takes them over.
    const { queue, worker } = runner(c, `restarted-${n}`);
    await queue.drain();
    const waiting = (await outboxRows(c)).filter((r) => r.status === 'sending');
    expect(waiting.map((r) => r.id).sort()).to.deep.equal(claimed.map((r) => r.id).sort());
    clock.advance(30_001);
    await drainSpace(c, clock, [queue]);
    expect(worker.stats.claimed).to.be.at.least(claimed.length);
    await expectExactlyOnceInEffect(h, c);
    const rows = await outboxRows(c);
    const resent = rows.filter((r) => claimed.some((x, i) => i % 2 === 0 && x.id === r.id));
    expect(resent.every((r) => r.code === 'ALREADY_IN_LMS' && r.maybeDelivered)).to.equal(true);
    const states = await deliveryStates(c.sequelize, 'reflection', claimed.map((r) => r.personId * 100 + Number(r.resourceKey.split(':')[1])));
    expect([...states.values()].every((s) => s.state === 'sent' || s.state === 'superseded')).to.equal(true);
  });

  it('a worker stopped mid-send hands its grades back; a restarted worker sends them, none twice', async () => {
    const c = await course(10);
    await gradeEveryone(c);
    // Every score request hangs a little, so the stop lands while requests are in flight.
    h.sim.faults.add({ route: 'scores', delayMs: 200, chance: 1, times: 8 });
    let stopping: Promise<void> | undefined;
    const first = new JobQueue(c.sequelize, { workerId: `stopped-${n}`, now: clock.now, onError: () => undefined });
    const stopOnFirstScore: ServiceTokens = {
      serviceToken: async (issuer, clientId, scopes) => {
        const token = await h.coachloop.lti.serviceToken(issuer, clientId, scopes);
        if (scopes.some((s) => s.endsWith('/score')) && !stopping) setTimeout(() => (stopping = first.stop()), 50);
        return token;
      },
      forgetServiceToken: (issuer, clientId, scopes) => h.coachloop.lti.forgetServiceToken(issuer, clientId, scopes),
    };
    const stopped = registerGradeDelivery(first, { sequelize: c.sequelize, lti: stopOnFirstScore }, { requestTimeoutMs: 2000, random: () => 0.5 });
    await first.runSource(GRADE_DELIVERY_SOURCE);
    await stopping;
    expect(stopped.stats.claimed).to.be.above(0);
    const interrupted = (await outboxRows(c)).filter((r) => r.code === 'INTERRUPTED');
    expect(interrupted.length, 'grades handed back').to.be.above(0);
    expect(interrupted.every((r) => r.status === 'pending' && r.attempts === 0)).to.equal(true);

    const { queue } = runner(c, `after-stop-${n}`);
    await drainSpace(c, clock, [queue]);
    await expectExactlyOnceInEffect(h, c);
  });

  it('two workers on one database never send the same grade twice', async () => {
    const c = await course(30);
    await gradeEveryone(c);
    const a = runner(c, `twin-a-${n}`, { batchSize: 4, concurrency: 4 });
    const b = runner(c, `twin-b-${n}`, { batchSize: 4, concurrency: 4 });
    await drainSpace(c, clock, [a.queue, b.queue]);
    expect(a.worker.stats.claimed, 'worker a claimed grades').to.be.above(0);
    expect(b.worker.stats.claimed, 'worker b claimed grades').to.be.above(0);
    const requests = h.sim.scoreRequests().filter((q) => q.lineItemId.includes(`/courses/${c.courseId}/`));
    const keys = requests.map((q) => `${q.lineItemId}|${q.userId}|${q.timestamp}`);
    expect(new Set(keys).size, 'each grade sent once').to.equal(keys.length);
    expect(requests.every((q) => q.status === 200)).to.equal(true);
    expect(a.worker.stats.sent + b.worker.stats.sent).to.equal(60);
    await expectExactlyOnceInEffect(h, c);
  });
});
