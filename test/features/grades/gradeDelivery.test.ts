/** Grade delivery through the outbox: line items, latest wins, refusals, retries, visible state. */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { enqueueGrade, GradeInputError } from '../../../src/features/grades/gradeOutbox';
import { deliveryStates, retryGrade, stuckGradeCounts } from '../../../src/features/grades/gradeStatus';
import type { JobQueue } from '../../../src/jobs/jobQueue';
import { storedDate } from '../../../src/jobs/jobRows';
import { type Harness, startHarness } from '../../helpers/harness';
import {
  drainSpace, expectExactlyOnceInEffect, give, gradeCourse, gradeFor, gradeRunner, outboxRows, setAsideOtherGrades, testClock, type GradeCourse, type TestClock,
} from './gradeFixtures';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

describe('grade delivery', function () {
  this.timeout(60_000);
  let h: Harness;
  let clock: TestClock;
  const queues: JobQueue[] = [];
  let n = 0;

  /** A fresh course for the test and a runner on the test clock. */
  async function setUp(learners: number, opts: Parameters<typeof gradeRunner>[4] = {}) {
    const c = await gradeCourse(h, `delivery-${++n}`, learners);
    await setAsideOtherGrades(c.sequelize, c.spaceId);
    const runner = gradeRunner(h, c.sequelize, clock, `worker-${n}`, opts);
    queues.push(runner.queue);
    return { c, ...runner };
  }
  const lineItemsOf = (c: GradeCourse) => h.sim.lineItems(c.courseId);

  before(async () => {
    h = await startHarness();
  });
  beforeEach(() => {
    clock = testClock();
  });
  afterEach(async () => {
    h.sim.faults.clear();
    await Promise.all(queues.splice(0).map((q) => q.stop()));
  });
  after(() => h.stop());

  it('sends a queued grade: creates the line item tied to the resource link, posts the score, shows "sent"', async () => {
    const { c, queue, worker } = await setUp(1);
    const [learner] = c.learners;
    const queued = await give(c, { ...gradeFor(c, learner, 8), now: clock.now() });
    expect(queued.scoreTimestamp).to.equal(clock.ms);
    const before = await deliveryStates(c.sequelize, 'reflection', [learner.personId * 100 + 1]);
    expect(before.get(learner.personId * 100 + 1)).to.deep.equal({ state: 'waiting', outboxId: queued.outboxId, attempt: 1, nextTryAt: clock.now() });
    await queue.drain();
    expect(worker.stats).to.include({ claimed: 1, sent: 1 });
    const [item] = lineItemsOf(c);
    expect(item).to.deep.include({ label: 'Reflection 1', scoreMaximum: 10, resourceId: 'reflection-task:1', resourceLinkId: c.resourceLinkId, tag: 'reflection' });
    expect(h.sim.scores(item.id).map((s) => [s.userId, s.scoreGiven, s.scoreMaximum, s.comment, s.timestamp])).to.deep.equal([
      [learner.sub, 8, 10, 'Feedback 8', clock.now().toISOString()],
    ]);
    const after = await deliveryStates(c.sequelize, 'reflection', [learner.personId * 100 + 1, 999_999]);
    expect(after.get(learner.personId * 100 + 1)).to.deep.equal({ state: 'sent', outboxId: queued.outboxId, sentAt: clock.now() });
    expect(after.has(999_999)).to.equal(false);
    expect(await stuckGradeCounts(c.sequelize, c.spaceId)).to.deep.equal({ failed: 0, retrying: 0, total: 0 });
  });

  it('creates one line item per resource key, never a duplicate, with two workers racing for it', async () => {
    const { c, queue, worker } = await setUp(12, { batchSize: 4, concurrency: 2 });
    const other = gradeRunner(h, c.sequelize, clock, `racer-${n}`, { batchSize: 4, concurrency: 2 });
    queues.push(other.queue);
    for (const learner of c.learners) {
      await give(c, { ...gradeFor(c, learner, 7), now: clock.now() });
      await give(c, { ...gradeFor(c, learner, 9, { task: 2 }), now: clock.now() });
    }
    // Slow line item answers keep the first creator busy while the other worker claims its rows.
    h.sim.faults.add({ route: 'lineitems', delayMs: 150, times: 4 });
    await drainSpace(c, clock, [queue, other.queue]);
    expect(lineItemsOf(c).map((i) => i.resourceId).sort()).to.deep.equal(['reflection-task:1', 'reflection-task:2']);
    expect(worker.stats.claimed, 'both workers claimed grades').to.be.above(0);
    expect(other.worker.stats.claimed).to.be.above(0);
    expect(worker.stats.waiting + other.worker.stats.waiting, 'grades waited while the other worker created the column').to.be.above(0);
    await expectExactlyOnceInEffect(h, c);
  });

  it('adopts a line item the LMS already made (Deep Linking) from the grade, without creating one', async () => {
    const { c, queue } = await setUp(1);
    const token = (await h.coachloop.lti.serviceToken(h.sim.issuer, h.clientId, ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem'])).accessToken;
    const res = await fetch(`${h.sim.issuer}/api/lti/courses/${c.courseId}/line_items`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v2.lineitem+json' },
      body: JSON.stringify({ label: 'Placed', scoreMaximum: 10, resourceLinkId: c.resourceLinkId }),
    });
    const placed = (await res.json()) as { id: string };
    await give(c, { ...gradeFor(c, c.learners[0], 5), lineItem: { label: 'Placed', scoreMaximum: 10, url: placed.id }, now: clock.now() });
    await queue.drain();
    expect(lineItemsOf(c)).to.have.length(1);
    expect(h.sim.scores(placed.id).map((s) => s.scoreGiven)).to.deep.equal([5]);
  });

  it('latest wins: a re-grade supersedes the waiting grade and always gets a later timestamp, even when the clock goes back', async () => {
    const { c, queue } = await setUp(1);
    const [learner] = c.learners;
    const first = await give(c, { ...gradeFor(c, learner, 4), now: clock.now() });
    const second = await give(c, { ...gradeFor(c, learner, 6), now: clock.now() });
    expect(second.superseded).to.equal(1);
    expect(second.scoreTimestamp).to.equal(first.scoreTimestamp + 1);
    await queue.drain();
    clock.advance(-3_600_000);
    const third = await give(c, { ...gradeFor(c, learner, 9), now: clock.now() });
    expect(third.scoreTimestamp).to.equal(second.scoreTimestamp + 1);
    await queue.drain();
    const url = lineItemsOf(c)[0].id;
    expect(h.sim.scores(url).map((s) => [s.scoreGiven, s.timestamp])).to.deep.equal([
      [6, new Date(second.scoreTimestamp).toISOString()], [9, new Date(third.scoreTimestamp).toISOString()],
    ]);
    expect((await outboxRows(c)).map((r) => r.status)).to.deep.equal(['superseded', 'sent', 'sent']);
    await expectExactlyOnceInEffect(h, c);
  });

  it("ends a Canvas-style 422 (not a student) in a clear failure; after the enrolment is fixed, retry sends it with a newer timestamp", async () => {
    const { c, queue } = await setUp(1);
    const [learner] = c.learners;
    h.sim.enroll(c.courseId, learner.sub, [`${LIS}membership#Mentor`]);
    const queued = await give(c, { ...gradeFor(c, learner, 10), now: clock.now() });
    await queue.drain();
    const reason = 'The LMS does not list this person as a student in the course, so it cannot take a grade. Check their enrolment in the LMS, then retry.';
    const source = learner.personId * 100 + 1;
    expect((await deliveryStates(c.sequelize, 'reflection', [source])).get(source)).to.deep.equal({ state: 'failed', outboxId: queued.outboxId, code: 'NOT_STUDENT', reason });
    expect(await stuckGradeCounts(c.sequelize, c.spaceId)).to.deep.equal({ failed: 1, retrying: 0, total: 1 });
    expect(await retryGrade(c.sequelize, queued.outboxId, { spaceId: c.spaceId + 1000 })).to.include({ ok: false, reason: 'not-found' });

    h.sim.enroll(c.courseId, learner.sub, [`${LIS}membership#Learner`]);
    clock.advance(60_000);
    const retried = await retryGrade(c.sequelize, queued.outboxId, { spaceId: c.spaceId, now: clock.now() });
    expect(retried).to.deep.equal({ ok: true, state: { state: 'waiting', outboxId: queued.outboxId, attempt: 1, nextTryAt: clock.now() } });
    expect(await retryGrade(c.sequelize, queued.outboxId, { spaceId: c.spaceId })).to.include({ ok: false, reason: 'not-failed' });
    await queue.drain();
    const [score] = h.sim.scores(lineItemsOf(c)[0].id);
    expect(Date.parse(score.timestamp)).to.equal(clock.ms).and.to.be.above(queued.scoreTimestamp);
    expect((await deliveryStates(c.sequelize, 'reflection', [source])).get(source)?.state).to.equal('sent');
  });

  it('retries 429/503 honouring Retry-After, backs off with jitter otherwise, and fails after the last attempt with the reason', async () => {
    const { c, queue } = await setUp(1, { maxRetryAfterMs: 60_000 });
    const [learner] = c.learners;
    const queued = await give(c, { ...gradeFor(c, learner, 3), maxAttempts: 4, now: clock.now() });
    h.sim.faults.add({ route: 'scores', status: 429, retryAfterSec: 7 });
    h.sim.faults.add({ route: 'scores', status: 403 });
    h.sim.faults.add({ route: 'scores', status: 503, retryAfterSec: 3600 });
    h.sim.faults.add({ route: 'scores', status: 500, times: 5 });
    const due = async () => {
      const [row] = await c.sequelize.query<{ next_attempt_at: string | Date }>('SELECT next_attempt_at FROM grade_outbox WHERE id = ?', { replacements: [queued.outboxId], type: QueryTypes.SELECT });
      return storedDate(row.next_attempt_at).getTime();
    };
    const start = clock.ms;
    await queue.drain();
    expect(await due()).to.equal(start + 7000);
    let state = (await deliveryStates(c.sequelize, 'reflection', [learner.personId * 100 + 1])).get(learner.personId * 100 + 1);
    expect(state).to.deep.include({ state: 'waiting', attempt: 2, reason: 'The LMS asked CoachLoop to slow down (rate limit); CoachLoop tries again later.' });
    expect(await stuckGradeCounts(c.sequelize, c.spaceId)).to.deep.equal({ failed: 0, retrying: 1, total: 1 });
    clock.set(await due());
    await queue.drain();
    // Canvas's 403 throttle has no Retry-After: backoff, ceiling base * 2^(attempt-1) = 2 s, jitter 0.5.
    expect(await due()).to.equal(clock.ms + 1000);
    clock.set(await due());
    await queue.drain();
    expect(await due(), 'a Retry-After above the cap waits the cap').to.equal(clock.ms + 60_000);
    clock.set(await due());
    await queue.drain();
    state = (await deliveryStates(c.sequelize, 'reflection', [learner.personId * 100 + 1])).get(learner.personId * 100 + 1);
    expect(state).to.deep.include({ state: 'failed', code: 'SERVER', reason: 'The LMS had a problem of its own (HTTP 500); CoachLoop tries again later. CoachLoop tried 4 times and stopped; retry once the LMS works again.' });
    expect(h.sim.scores()).to.satisfy((all: Array<{ userId: string }>) => all.every((s) => s.userId !== learner.sub));
  });

  it('reports a grade someone changed in the LMS meanwhile instead of overwriting it, showing what the LMS has', async () => {
    const { c, queue } = await setUp(1);
    const [learner] = c.learners;
    await give(c, { ...gradeFor(c, learner, 5), now: clock.now() });
    await queue.drain();
    const url = lineItemsOf(c)[0].id;
    // A teacher's own edit in the LMS, stamped after CoachLoop's next grade will be.
    const token = (await h.coachloop.lti.serviceToken(h.sim.issuer, h.clientId, ['https://purl.imsglobal.org/spec/lti-ags/scope/score'])).accessToken;
    const edit = await fetch(`${url}/scores`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
      body: JSON.stringify({ userId: learner.sub, scoreGiven: 2, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: new Date(clock.ms + 60_000).toISOString() }),
    });
    expect(edit.status).to.equal(200);
    clock.advance(1000);
    const regrade = await give(c, { ...gradeFor(c, learner, 7), now: clock.now() });
    await queue.drain();
    const state = (await deliveryStates(c.sequelize, 'reflection', [learner.personId * 100 + 1])).get(learner.personId * 100 + 1);
    expect(state).to.deep.equal({
      state: 'failed', outboxId: regrade.outboxId, code: 'LMS_HAS_NEWER',
      reason: "The LMS already holds a newer grade for this person on this column (perhaps changed in the LMS gradebook), so it kept that one. The LMS shows 2 out of 10. Retry to send CoachLoop's grade again.",
    });
    clock.advance(120_000);
    expect(await retryGrade(c.sequelize, regrade.outboxId, { spaceId: c.spaceId, now: clock.now() })).to.have.property('ok', true);
    await queue.drain();
    expect(h.sim.scores(url).at(-1)?.scoreGiven).to.equal(7);
  });

  it('fails with a reason when the course offers no grade service, or the column was deleted (a retry creates it again)', async () => {
    const { c, queue } = await setUp(2);
    await c.sequelize.query('UPDATE spaces SET ags_lineitems_url = NULL WHERE id = ?', { replacements: [c.spaceId] });
    const none = await give(c, { ...gradeFor(c, c.learners[0], 1, { task: 5 }), now: clock.now() });
    await queue.drain();
    expect((await outboxRows(c)).find((r) => r.id === none.outboxId)).to.include({ status: 'failed', code: 'NO_GRADE_SERVICE' });
    await c.sequelize.query('UPDATE spaces SET ags_lineitems_url = ? WHERE id = ?', { replacements: [`${h.sim.issuer}/api/lti/courses/${c.courseId}/line_items`, c.spaceId] });

    await give(c, { ...gradeFor(c, c.learners[1], 4), now: clock.now() });
    await queue.drain();
    const [item] = lineItemsOf(c);
    const token = (await h.coachloop.lti.serviceToken(h.sim.issuer, h.clientId, ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem'])).accessToken;
    expect((await fetch(item.id, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).to.equal(204);
    const gone = await give(c, { ...gradeFor(c, c.learners[1], 6), now: clock.now() });
    await queue.drain();
    expect((await outboxRows(c)).find((r) => r.id === gone.outboxId)).to.include({ status: 'failed', code: 'LINE_ITEM_GONE' });
    expect(await retryGrade(c.sequelize, gone.outboxId, { spaceId: c.spaceId, now: clock.now() })).to.have.property('ok', true);
    await queue.drain();
    const [again] = lineItemsOf(c);
    expect(again.id).to.not.equal(item.id);
    expect(h.sim.scores(again.id).map((s) => s.scoreGiven)).to.deep.equal([6]);
  });

  it('refuses invalid grades and people or spaces of another tenant with a clear message, writing nothing', async () => {
    const { c } = await setUp(1);
    const [learner] = c.learners;
    const refusal = async (props: Parameters<typeof enqueueGrade>[2]) => enqueueGrade(c.sequelize, null, props).then(() => null, (e: unknown) => e);
    const bad = await refusal({ ...gradeFor(c, learner, -1), scoreMaximum: 0 });
    expect(bad).to.be.instanceOf(GradeInputError);
    expect((bad as Error).message).to.equal('This grade cannot be queued: scoreGiven: scoreGiven must be 0 or more; scoreMaximum: scoreMaximum must be greater than 0.');
    const foreign = await refusal({ ...gradeFor(c, learner, 5), tenantId: c.tenantId + 1000 });
    expect((foreign as Error).message).to.equal('This grade cannot be queued: the person or the space does not belong to this tenant.');
    expect(await outboxRows(c)).to.deep.equal([]);
  });
});
