import { expect } from 'chai';
import { createDemoDistrict, LmsSimulator, LTI_SCOPES } from '../../src/simulator';
import { FakeTool } from './fakeTool';

describe('simulator: fault injection', () => {
  const sim = new LmsSimulator();
  let tool: FakeTool;
  let token: string;
  let membershipsUrl: string;

  before(async () => {
    await sim.start();
    createDemoDistrict(sim);
    tool = new FakeTool(sim);
    await tool.start();
    sim.registerTool(tool.registration());
    token = await tool.accessToken([LTI_SCOPES.nrps]);
    membershipsUrl = `${sim.issuer}/api/lti/courses/coach-pd-2026/names_and_roles`;
  });
  after(async () => {
    await tool.stop();
    await sim.stop();
  });
  afterEach(() => sim.faults.clear());

  /** A client that retries on 429 honouring Retry-After (capped for the test). */
  async function getWithRetry(url: string): Promise<{ status: number; attempts: number; waits: number[] }> {
    const waits: number[] = [];
    for (let attempt = 1; ; attempt += 1) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await res.text();
      if (res.status !== 429 || attempt >= 5) return { status: res.status, attempts: attempt, waits };
      const retryAfter = Number(res.headers.get('retry-after'));
      waits.push(retryAfter);
      await new Promise((r) => setTimeout(r, Math.min(retryAfter * 1000, 20)));
    }
  }

  it('answers 429 with Retry-After twice, then succeeds; counts every request', async () => {
    sim.faults.add({ route: 'nrps', status: 429, retryAfterSec: 2, times: 2, body: { errors: [{ message: 'Rate Limit Exceeded' }] } });
    const result = await getWithRetry(membershipsUrl);
    expect(result).to.deep.equal({ status: 200, attempts: 3, waits: [2, 2] });
    expect(sim.faults.seen('nrps')).to.equal(3);
    expect(sim.faults.pending()).to.equal(0);
  });

  it('returns the Canvas-like body and server errors on other routes', async () => {
    sim.faults.add({ route: 'nrps', status: 429, body: { errors: [{ message: 'Rate Limit Exceeded' }] } });
    const limited = await fetch(membershipsUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(limited.status).to.equal(429);
    expect(limited.headers.get('retry-after')).to.equal('1');
    expect(await limited.json()).to.deep.equal({ errors: [{ message: 'Rate Limit Exceeded' }] });
    sim.faults.add({ route: 'token', status: 503, retryAfterSec: 3 });
    const down = await tool.requestToken(LTI_SCOPES.nrps);
    expect(down.status).to.equal(503);
    expect((await tool.requestToken(LTI_SCOPES.nrps)).status).to.equal(200);
    sim.faults.add({ route: 'jwks', status: 500 });
    expect((await fetch(sim.jwksUrl)).status).to.equal(500);
    expect((await fetch(sim.jwksUrl)).status).to.equal(200);
    expect(sim.faults.seen('jwks')).to.equal(2);
  });

  it('hangs for delayMs (a client time-out fires), then proceeds normally', async () => {
    sim.faults.add({ route: 'nrps', delayMs: 400 });
    const started = Date.now();
    let timedOut = false;
    try {
      await fetch(membershipsUrl, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(100) });
    } catch {
      timedOut = true;
    }
    expect(timedOut).to.equal(true);
    expect(Date.now() - started).to.be.below(350);
    sim.faults.add({ route: 'nrps', delayMs: 150 });
    const t0 = Date.now();
    const res = await fetch(membershipsUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).to.equal(200);
    expect(Date.now() - t0).to.be.at.least(140);
  });

  it('refuses a fault without status or delay', () => {
    expect(() => sim.faults.add({ route: 'scores' })).to.throw(/status, a delayMs/);
  });
});
