/** The AGS client against the simulated LMS: line items found or created once, scores, results, and every refusal classified. */
import { expect } from 'chai';
import {
  AgsError, failureOf, findOrCreateLineItem, lineItemSubUrl, postScore, readResult, withQuery, type AgsCall, type AgsScore,
} from '../../src/lti/agsScores';
import { CachedServiceTokens, type ServiceTokens } from '../../src/lti/serviceHttp';
import { MEDIA_TYPES } from '../../src/simulator';
import { type Harness, seedCourse, startHarness } from '../helpers/harness';

const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';

describe('AGS client (agsScores)', function () {
  this.timeout(30_000);

  describe('URLs and classification', () => {
    it('puts /scores and /results after the path and keeps the query string (Moodle type_id)', () => {
      const moodle = 'https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem?type_id=3';
      expect(lineItemSubUrl(moodle, 'scores')).to.equal('https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem/scores?type_id=3');
      expect(lineItemSubUrl('https://canvas.example/api/lti/courses/1/line_items/9/', 'scores')).to.equal('https://canvas.example/api/lti/courses/1/line_items/9/scores');
      expect(withQuery(lineItemSubUrl(moodle, 'results'), { user_id: 'u 1' })).to.equal('https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem/results?type_id=3&user_id=u+1');
      expect(withQuery('https://moodle.example/mod/lti/services.php/2/lineitems?type_id=3', { resource_link_id: '7' })).to.equal(
        'https://moodle.example/mod/lti/services.php/2/lineitems?type_id=3&resource_link_id=7');
    });

    it('retries later on rate limits (429, Canvas 403), 5xx, honouring Retry-After in seconds or as a date', () => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      const limited = failureOf(429, '30', '', 'scores', now);
      expect([limited.kind, limited.transient, limited.opts.retryAfterMs]).to.deep.equal(['rate-limited', true, 30_000]);
      const dated = failureOf(503, 'Tue, 01 Jan 2030 00:01:00 GMT', '', 'scores', now);
      expect([dated.kind, dated.transient, dated.opts.retryAfterMs, dated.opts.uncertain]).to.deep.equal(['server', true, 60_000, false]);
      const canvas = failureOf(403, null, '403 Forbidden (Rate Limit Exceeded)', 'scores', now);
      expect([canvas.kind, canvas.transient, canvas.opts.retryAfterMs]).to.deep.equal(['rate-limited', true, undefined]);
      expect(failureOf(504, null, '', 'scores').opts.uncertain).to.equal(true);
      expect(failureOf(502, null, '', 'scores').code).to.equal('SERVER');
    });

    it('gives permanent refusals a plain reason that says what to do', () => {
      const notStudent = failureOf(422, null, JSON.stringify({ errors: { type: 'unprocessable_entity', message: 'User not found in course or is not a student' } }), 'scores');
      expect(notStudent.kind).to.equal('not-student');
      expect(notStudent.transient).to.equal(false);
      expect(notStudent.message).to.equal('The LMS does not list this person as a student in the course, so it cannot take a grade. Check their enrolment in the LMS, then retry.');
      expect(notStudent.opts.detail).to.equal('User not found in course or is not a student');
      expect(failureOf(422, null, '{"errors":[{"message":"This course has concluded. AGS requests will no longer be accepted for this course."}]}', 'scores').kind).to.equal('course-closed');
      expect(failureOf(422, null, '{"errors":[{"message":"The maximum number of allowed attempts has been reached for this submission"}]}', 'scores').kind).to.equal('attempts-used');
      expect(failureOf(404, null, '{"errors":[{"message":"The specified resource does not exist."}]}', 'scores').kind).to.equal('line-item-gone');
      expect(failureOf(403, null, '{"error":"insufficient_scope"}', 'scores').kind).to.equal('not-allowed');
      expect(failureOf(401, null, 'Access Token not linked to a Tool associated with this Context', 'scores').kind).to.equal('unauthorized');
      const format = failureOf(415, null, '{"error":"unsupported_media_type","error_description":"Content-Type must be x"}', 'scores');
      expect([format.kind, format.message]).to.deep.equal(['refused', 'The LMS refused the grade\'s format (HTTP 415). It said: "Content-Type must be x". Tell your CoachLoop support.']);
      expect(failureOf(400, null, '{"errors":[{"message":"userId is missing"}]}', 'scores').kind).to.equal('refused');
    });

    it('recognises "the platform already has this or a newer score": Canvas 400, Moodle and others 409', () => {
      expect(failureOf(400, null, '{"errors":[{"message":"Provided timestamp of 2030-01-01T00:00:00.000Z before last updated timestamp of 2030-01-01T00:00:01.000Z"}]}', 'scores').kind).to.equal('stale');
      expect(failureOf(409, null, 'Refusing score with an earlier timestamp for item 5 and user 7', 'scores').kind).to.equal('stale');
      expect(failureOf(409, null, '', 'line-items').kind).to.equal('refused');
    });
  });

  describe('against the simulated LMS', () => {
    let h: Harness;
    let call: AgsCall;
    let lineItemsUrl: string;
    let tick = Date.parse('2030-02-01T08:00:00.000Z');
    const score = (userId: string, scoreGiven: number, extra: Partial<AgsScore> = {}): AgsScore => ({
      userId, scoreGiven, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestampMs: (tick += 7), ...extra,
    });

    before(async () => {
      h = await startHarness();
      const course = seedCourse(h.sim, 'ags-course');
      // The resource link exists in the LMS once it was placed (a launch prepares it).
      h.sim.prepareLaunch({ clientId: h.clientId, deploymentId: h.deploymentId, userSub: course.coach, courseId: course.courseId, resourceLinkId: 'rl-reflection' });
      call = { tokens: new CachedServiceTokens(h.coachloop.lti), platform: { issuer: h.sim.issuer, clientId: h.clientId }, timeoutMs: 2000 };
      lineItemsUrl = `${h.sim.issuer}/api/lti/courses/ags-course/line_items`;
    });
    after(() => h.stop());
    afterEach(() => h.sim.faults.clear());

    it('creates a line item tied to the resource link once; later calls find it', async () => {
      const spec = { label: 'Reflection: week 1', scoreMaximum: 10, resourceId: 'reflection-task:1', resourceLinkId: 'rl-reflection', tag: 'coachloop-reflection' };
      const first = await findOrCreateLineItem(call, lineItemsUrl, spec);
      expect(first.created).to.equal(true);
      const again = await findOrCreateLineItem(call, lineItemsUrl, spec);
      expect(again).to.deep.equal({ url: first.url, created: false });
      const items = h.sim.lineItems('ags-course');
      expect(items).to.have.length(1);
      expect(items[0]).to.deep.include({ label: 'Reflection: week 1', scoreMaximum: 10, resourceId: 'reflection-task:1', resourceLinkId: 'rl-reflection', tag: 'coachloop-reflection' });
      // Another task on the same link gets its own column; without a link, found by resourceId.
      const other = await findOrCreateLineItem(call, lineItemsUrl, { ...spec, resourceId: 'reflection-task:2' });
      expect(other.created).to.equal(true);
      const unlinked = { label: 'Survey', scoreMaximum: 1, resourceId: 'survey:3' };
      const created = await findOrCreateLineItem(call, lineItemsUrl, unlinked);
      expect(await findOrCreateLineItem(call, lineItemsUrl, unlinked)).to.deep.equal({ url: created.url, created: false });
      expect(h.sim.lineItems('ags-course')).to.have.length(3);
    });

    it("adopts the line item the LMS made for a deep-linked resource (no resourceId of ours)", async () => {
      h.sim.prepareLaunch({ clientId: h.clientId, deploymentId: h.deploymentId, userSub: 'u-coach', courseId: 'ags-course', resourceLinkId: 'rl-deep' });
      const token = (await h.coachloop.lti.serviceToken(h.sim.issuer, h.clientId, ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem'])).accessToken;
      const res = await fetch(lineItemsUrl, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': MEDIA_TYPES.lineItem }, body: JSON.stringify({ label: 'Placed reflection', scoreMaximum: 5, resourceLinkId: 'rl-deep' }),
      });
      const placed = (await res.json()) as { id: string };
      const found = await findOrCreateLineItem(call, lineItemsUrl, { label: 'Reflection', scoreMaximum: 5, resourceId: 'reflection-task:9', resourceLinkId: 'rl-deep' });
      expect(found).to.deep.equal({ url: placed.id, created: false });
    });

    it('posts a score with scoreMaximum, a millisecond timestamp, the comment and Canvas\'s new_submission: false; reads the result back', async () => {
      const { url } = await findOrCreateLineItem(call, lineItemsUrl, { label: 'Scored', scoreMaximum: 10, resourceId: 'reflection-task:20' });
      const s = score('u-teacher', 8, { comment: 'Thoughtful reflection', timestampMs: Date.parse('2030-02-02T10:11:12.345Z') });
      await postScore(call, url, s);
      const [stored] = h.sim.scores(url);
      expect(stored).to.deep.include({ userId: 'u-teacher', scoreGiven: 8, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: '2030-02-02T10:11:12.345Z', comment: 'Thoughtful reflection' });
      expect(stored?.raw['https://canvas.instructure.com/lti/submission']).to.deep.equal({ new_submission: false });
      expect(await readResult(call, url, 'u-teacher')).to.deep.equal({ resultScore: 8, resultMaximum: 10, comment: 'Thoughtful reflection' });
      expect(await readResult(call, url, 'u-mentor')).to.equal(null);
    });

    it('refuses a non-student with the plain reason, and a re-sent timestamp as stale', async () => {
      const { url } = await findOrCreateLineItem(call, lineItemsUrl, { label: 'Refusals', scoreMaximum: 10, resourceId: 'reflection-task:21' });
      const err = await postScore(call, url, score('u-coach', 5)).then(() => null, (e: unknown) => e);
      expect(err).to.be.instanceOf(AgsError);
      expect((err as AgsError).kind).to.equal('not-student');
      const s = score('u-teacher', 5);
      await postScore(call, url, s);
      const again = await postScore(call, url, s).then(() => null, (e: unknown) => e);
      expect((again as AgsError).kind).to.equal('stale');
      expect(h.sim.scores(url)).to.have.length(1);
    });

    it('classifies time-outs and lost replies as unreachable and possibly taken; 429 and 503 carry Retry-After', async () => {
      const { url } = await findOrCreateLineItem(call, lineItemsUrl, { label: 'Faults', scoreMaximum: 10, resourceId: 'reflection-task:22' });
      h.sim.faults.add({ route: 'scores', delayMs: 600 });
      const slow = (await postScore({ ...call, timeoutMs: 100 }, url, score('u-teacher', 1)).catch((e: unknown) => e)) as AgsError;
      expect([slow.kind, slow.transient, slow.opts.uncertain]).to.deep.equal(['unreachable', true, true]);
      h.sim.faults.add({ route: 'scores', lostReply: true });
      const lost = (await postScore(call, url, score('u-teacher', 2)).catch((e: unknown) => e)) as AgsError;
      expect([lost.kind, lost.opts.uncertain]).to.deep.equal(['unreachable', true]);
      expect(h.sim.scores(url).map((s) => s.scoreGiven)).to.deep.equal([2]);
      h.sim.faults.add({ route: 'scores', status: 429, retryAfterSec: 4 });
      h.sim.faults.add({ route: 'scores', status: 503, retryAfterSec: 2 });
      const limited = (await postScore(call, url, score('u-teacher', 3)).catch((e: unknown) => e)) as AgsError;
      expect([limited.kind, limited.opts.retryAfterMs]).to.deep.equal(['rate-limited', 4000]);
      const down = (await postScore(call, url, score('u-teacher', 3)).catch((e: unknown) => e)) as AgsError;
      expect([down.kind, down.opts.retryAfterMs]).to.deep.equal(['server', 2000]);
      h.sim.faults.add({ route: 'lineitems', status: 500 });
      const listing = (await findOrCreateLineItem(call, lineItemsUrl, { label: 'x', scoreMaximum: 1, resourceId: 'reflection-task:23' }).catch((e: unknown) => e)) as AgsError;
      expect([listing.kind, listing.transient]).to.deep.equal(['server', true]);
    });

    it('retries a 401 once with a fresh token (the cached one was revoked)', async () => {
      const { url } = await findOrCreateLineItem(call, lineItemsUrl, { label: 'Token', scoreMaximum: 10, resourceId: 'reflection-task:24' });
      const forgotten: string[][] = [];
      let first = true;
      const revoked: ServiceTokens = {
        serviceToken: async (issuer, clientId, scopes) => {
          if (first) {
            first = false;
            return { accessToken: 'revoked-token', tokenType: 'Bearer', expiresIn: 3600 };
          }
          return h.coachloop.lti.serviceToken(issuer, clientId, scopes);
        },
        forgetServiceToken: async (_issuer, _clientId, scopes) => void forgotten.push(scopes),
      };
      await postScore({ ...call, tokens: revoked }, url, score('u-teacher', 9));
      expect(forgotten).to.deep.equal([['https://purl.imsglobal.org/spec/lti-ags/scope/score']]);
      expect(h.sim.scores(url).map((s) => s.scoreGiven)).to.deep.equal([9]);
    });
  });

  describe('on a Moodle-like LMS whose AGS URLs carry ?type_id=', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ sim: { agsQuery: 'type_id=7' } });
      seedCourse(h.sim, 'moodle-course');
      h.sim.enroll('moodle-course', 'u-teacher', [LEARNER]);
    });
    after(() => h.stop());

    it('creates the line item, posts the score and reads the result without losing the query', async () => {
      const call: AgsCall = { tokens: h.coachloop.lti, platform: { issuer: h.sim.issuer, clientId: h.clientId } };
      const lineItemsUrl = `${h.sim.issuer}/api/lti/courses/moodle-course/line_items?type_id=7`;
      const { url, created } = await findOrCreateLineItem(call, lineItemsUrl, { label: 'Reflection', scoreMaximum: 4, resourceId: 'reflection-task:1' });
      expect(created).to.equal(true);
      expect(url).to.match(/\?type_id=7$/);
      expect((await findOrCreateLineItem(call, lineItemsUrl, { label: 'Reflection', scoreMaximum: 4, resourceId: 'reflection-task:1' })).created).to.equal(false);
      await postScore(call, url, { userId: 'u-teacher', scoreGiven: 4, scoreMaximum: 4, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestampMs: Date.now() });
      expect(h.sim.scores(url)).to.have.length(1);
      expect((await readResult(call, url, 'u-teacher'))?.resultScore).to.equal(4);
    });
  });
});
