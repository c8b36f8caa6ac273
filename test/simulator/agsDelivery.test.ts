import { expect } from 'chai';
import { AGS_SCOPES, createDemoDistrict, LmsSimulator, MEDIA_TYPES, type DemoDistrict } from '../../src/simulator';
import { FakeTool } from './fakeTool';

/** The simulator as a grade-delivering tool meets it: request log, throttling, lost replies, Moodle-style URLs. */
describe('simulator: score delivery faults and records', () => {
  let tick = 0;
  const timestamp = (): string => new Date(Date.UTC(2026, 0, 20, 9, 0, 0) + (tick += 1)).toISOString();

  async function setUp(opts: ConstructorParameters<typeof LmsSimulator>[0] = {}) {
    const sim = new LmsSimulator(opts);
    await sim.start();
    const district: DemoDistrict = createDemoDistrict(sim);
    const tool = new FakeTool(sim);
    await tool.start();
    sim.registerTool(tool.registration());
    const token = await tool.accessToken([...AGS_SCOPES]);
    const post = (url: string, body: unknown, type: string) =>
      fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: JSON.stringify(body) });
    const lineItemsUrl = `${sim.issuer}/api/lti/courses/${district.courseId}/line_items`;
    return { sim, tool, district, token, post, lineItemsUrl, stop: async () => { await tool.stop(); await sim.stop(); } };
  }

  describe('on a Canvas-like platform', () => {
    let env: Awaited<ReturnType<typeof setUp>>;
    let itemUrl: string;
    let teacher: string;
    const score = (given: number, stamp = timestamp()) => ({ userId: teacher, scoreGiven: given, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: stamp });

    before(async () => {
      env = await setUp();
      teacher = String(env.district.teachers[0]);
      const created = await env.post(env.lineItemsUrl, { label: 'Reflection', scoreMaximum: 10 }, MEDIA_TYPES.lineItem);
      itemUrl = String(((await created.json()) as { id: string }).id);
    });
    after(() => env.stop());
    afterEach(() => env.sim.faults.clear());

    it('records every score request with the status it decided on, accepted or refused', async () => {
      const stamp = timestamp();
      expect((await env.post(`${itemUrl}/scores`, score(7, stamp), MEDIA_TYPES.score)).status).to.equal(200);
      expect((await env.post(`${itemUrl}/scores`, score(7, stamp), MEDIA_TYPES.score)).status).to.equal(409);
      expect((await env.post(`${itemUrl}/scores`, { ...score(7), userId: env.district.coach }, MEDIA_TYPES.score)).status).to.equal(422);
      const log = env.sim.scoreRequests(itemUrl);
      expect(log.map((r) => [r.userId, r.timestamp === stamp, r.status])).to.deep.equal([[teacher, true, 200], [teacher, true, 409], [env.district.coach, false, 422]]);
      expect(env.sim.scores(itemUrl)).to.have.length(1);
    });

    it("answers Canvas's throttling: 403 with a plain 'Rate Limit Exceeded' body and no Retry-After", async () => {
      env.sim.faults.add({ route: 'scores', status: 403 });
      const res = await env.post(`${itemUrl}/scores`, score(8), MEDIA_TYPES.score);
      expect(res.status).to.equal(403);
      expect(res.headers.get('retry-after')).to.equal(null);
      expect(res.headers.get('x-rate-limit-remaining')).to.equal('0');
      expect(await res.text()).to.equal('403 Forbidden (Rate Limit Exceeded)');
    });

    it('loses the reply after storing the score: the connection drops, or a gateway answers 504', async () => {
      const before = env.sim.scores(itemUrl).length;
      env.sim.faults.add({ route: 'scores', lostReply: true });
      let failed = false;
      try {
        await env.post(`${itemUrl}/scores`, score(9), MEDIA_TYPES.score);
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
      expect(env.sim.scores(itemUrl)).to.have.length(before + 1);

      env.sim.faults.add({ route: 'scores', lostReply: true, status: 504 });
      const gateway = await env.post(`${itemUrl}/scores`, score(10), MEDIA_TYPES.score);
      expect(gateway.status).to.equal(504);
      expect(await gateway.json()).to.deep.equal({ errors: [{ message: 'Gateway Timeout' }] });
      expect(env.sim.scores(itemUrl)).to.have.length(before + 2);
      expect(env.sim.scores(itemUrl).at(-1)?.scoreGiven).to.equal(10);
      expect(env.sim.scoreRequests(itemUrl).slice(-2).map((r) => r.status)).to.deep.equal([200, 200]);
    });

    it('a lost reply after a delay outlasts a client time-out; the score is stored all the same', async () => {
      const before = env.sim.scores(itemUrl).length;
      env.sim.faults.add({ route: 'scores', lostReply: true, delayMs: 300 });
      let timedOut = false;
      try {
        await fetch(`${itemUrl}/scores`, {
          method: 'POST', headers: { authorization: `Bearer ${env.token}`, 'content-type': MEDIA_TYPES.score },
          body: JSON.stringify(score(6)), signal: AbortSignal.timeout(50),
        });
      } catch {
        timedOut = true;
      }
      expect(timedOut).to.equal(true);
      expect(env.sim.scores(itemUrl)).to.have.length(before + 1);
    });
  });

  describe('faults by chance', () => {
    it('applies a fault to about its share of requests, drawing from a replaceable random source', async () => {
      const sim = new LmsSimulator();
      await sim.start();
      try {
        let seed = 7;
        sim.faults.random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
        sim.faults.add({ route: 'jwks', status: 503, chance: 0.3 });
        expect(() => sim.faults.add({ route: 'jwks', status: 500, chance: 1.5 })).to.throw(/chance/);
        const statuses: number[] = [];
        for (let i = 0; i < 200; i++) statuses.push((await fetch(sim.jwksUrl)).status);
        const failed = statuses.filter((s) => s === 503).length;
        expect(failed).to.be.within(40, 80);
        expect(statuses.filter((s) => s === 200).length).to.equal(200 - failed);
        expect(sim.faults.seen('jwks')).to.equal(200);
      } finally {
        await sim.stop();
      }
    });
  });

  describe('on a Moodle-like platform (agsQuery)', () => {
    let env: Awaited<ReturnType<typeof setUp>>;

    before(async () => {
      env = await setUp({ agsQuery: 'type_id=7' });
    });
    after(() => env.stop());

    it('puts the query on every AGS URL and needs it on every request, after the path', async () => {
      const container = `${env.lineItemsUrl}?type_id=7`;
      expect((await env.post(env.lineItemsUrl, { label: 'x', scoreMaximum: 1 }, MEDIA_TYPES.lineItem)).status).to.equal(400);
      const created = await env.post(container, { label: 'Reflection', scoreMaximum: 5 }, MEDIA_TYPES.lineItem);
      expect(created.status).to.equal(201);
      const item = (await created.json()) as { id: string };
      expect(item.id).to.match(/\/line_items\/\d+\?type_id=7$/);
      const teacher = String(env.district.teachers[1]);
      const body = { userId: teacher, scoreGiven: 5, scoreMaximum: 5, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: timestamp() };
      // Appending "/scores" to the whole URL puts it inside the query string: refused.
      expect((await env.post(`${item.id}/scores`, body, MEDIA_TYPES.score)).status).to.be.oneOf([400, 404]);
      const scores = new URL(item.id);
      scores.pathname += '/scores';
      const ok = await env.post(scores.toString(), body, MEDIA_TYPES.score);
      expect(ok.status).to.equal(200);
      expect(((await ok.json()) as { resultUrl: string }).resultUrl).to.match(/\/line_items\/\d+\/results\?type_id=7&user_id=/);
      const list = await fetch(container, { headers: { authorization: `Bearer ${env.token}` } });
      expect(((await list.json()) as unknown[]).length).to.equal(1);
      expect(env.sim.scores(item.id)).to.have.length(1);
    });
  });
});
