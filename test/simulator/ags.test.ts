import { expect } from 'chai';
import { AGS_SCOPES, createDemoDistrict, LmsSimulator, LTI_SCOPES, MEDIA_TYPES, type DemoDistrict } from '../../src/simulator';
import { BrowserClient } from '../../src/simulator/client';
import { FakeTool } from './fakeTool';

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

describe('simulator: Assignment and Grade Services', () => {
  const sim = new LmsSimulator();
  let tool: FakeTool;
  let token: string;
  let district: DemoDistrict;
  let lineItemsUrl: string;
  let tick = 0;

  /** Strictly increasing timestamps with millisecond precision. */
  const timestamp = (): string => new Date(Date.UTC(2026, 0, 15, 10, 0, 0) + (tick += 1)).toISOString();

  async function call(method: string, url: string, body?: unknown, contentType?: string, bearer = token): Promise<Reply> {
    const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
    if (contentType) headers['content-type'] = contentType;
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }
  const createItem = (item: Record<string, unknown>): Promise<Reply> => call('POST', lineItemsUrl, item, MEDIA_TYPES.lineItem);
  const postScore = (lineItemUrl: string, score: Record<string, unknown>, type: string = MEDIA_TYPES.score): Promise<Reply> =>
    call('POST', `${lineItemUrl}/scores`, score, type);

  before(async () => {
    await sim.start();
    district = createDemoDistrict(sim);
    tool = new FakeTool(sim);
    await tool.start();
    sim.registerTool(tool.registration());
    sim.prepareLaunch({ clientId: tool.clientId, deploymentId: tool.deploymentId, userSub: district.coach, courseId: district.courseId });
    token = await tool.accessToken([...AGS_SCOPES]);
    lineItemsUrl = `${sim.issuer}/api/lti/courses/${district.courseId}/line_items`;
  });
  after(async () => {
    await tool.stop();
    await sim.stop();
  });

  it('creates line items shaped like Moodle\'s (id is the line item URL) and lists them with filters', async () => {
    const created = await createItem({ label: 'Coaching cycle 1', scoreMaximum: 10, resourceId: 'cycle-1', tag: 'coaching', resourceLinkId: 'rl-1' });
    expect(created.status).to.equal(201);
    expect(created.headers.get('content-type')).to.equal(`${MEDIA_TYPES.lineItem}; charset=utf-8`);
    const item = created.body as Record<string, unknown>;
    expect(item.id).to.match(new RegExp(`^${lineItemsUrl}/\\d+$`));
    expect(item).to.deep.include({ label: 'Coaching cycle 1', scoreMaximum: 10, resourceId: 'cycle-1', tag: 'coaching', resourceLinkId: 'rl-1' });
    await createItem({ label: 'Rubric', scoreMaximum: 100, tag: 'probe' });
    const all = await call('GET', lineItemsUrl);
    expect(all.headers.get('content-type')).to.equal(`${MEDIA_TYPES.lineItemContainer}; charset=utf-8`);
    expect(all.body).to.be.an('array').with.length(2);
    expect((await call('GET', `${lineItemsUrl}?tag=probe`)).body).to.have.length(1);
    expect((await call('GET', `${lineItemsUrl}?resource_link_id=rl-1`)).body).to.have.length(1);
    expect((await call('GET', `${lineItemsUrl}?resource_id=cycle-1`)).body).to.have.length(1);
    const paged = await call('GET', `${lineItemsUrl}?limit=1`);
    expect(paged.body).to.have.length(1);
    expect(paged.headers.get('link')).to.contain('rel="next"');
    expect(sim.lineItems(district.courseId)).to.have.length(2);
  });

  it('validates line items and their media type', async () => {
    expect((await call('POST', lineItemsUrl, { label: 'x', scoreMaximum: 1 }, 'application/json')).status).to.equal(415);
    const noLabel = await createItem({ scoreMaximum: 5 });
    expect(noLabel.status).to.equal(400);
    expect((noLabel.body as Record<string, string>).error_description).to.contain('label');
    expect((await createItem({ label: 'x', scoreMaximum: 0 })).status).to.equal(400);
    const badLink = await createItem({ label: 'x', scoreMaximum: 5, resourceLinkId: 'nope' });
    expect(badLink.status).to.equal(400);
    expect((badLink.body as Record<string, string>).error_description).to.contain('not a resource link');
  });

  it('reads, updates and deletes a line item; scopes are enforced', async () => {
    const item = (await createItem({ label: 'Temp', scoreMaximum: 3 })).body as Record<string, unknown>;
    const url = String(item.id);
    expect((await call('GET', url)).body).to.deep.equal(item);
    const updated = await call('PUT', url, { ...item, label: 'Renamed' }, MEDIA_TYPES.lineItem);
    expect(updated.status).to.equal(200);
    expect((updated.body as Record<string, unknown>).label).to.equal('Renamed');
    const readonly = await tool.accessToken([LTI_SCOPES.lineItemReadonly]);
    expect((await call('GET', url, undefined, undefined, readonly)).status).to.equal(200);
    expect((await call('DELETE', url, undefined, undefined, readonly)).status).to.equal(403);
    expect((await call('DELETE', url)).status).to.equal(204);
    expect((await call('GET', url)).status).to.equal(404);
    expect((await call('GET', lineItemsUrl, undefined, undefined, 'expired-or-unknown')).status).to.equal(401);
  });

  it('accepts valid scores and exposes results scaled to the line item maximum', async () => {
    const item = (await createItem({ label: 'Observation', scoreMaximum: 10 })).body as Record<string, unknown>;
    const url = String(item.id);
    const teacher = String(district.teachers[0]);
    const ok = await postScore(url, { userId: teacher, scoreGiven: 40, scoreMaximum: 50, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: timestamp(), comment: 'Nice questioning' });
    expect(ok.status).to.equal(200);
    const later = await postScore(url, { userId: teacher, scoreGiven: 45, scoreMaximum: 50, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: timestamp(), comment: 'Better' });
    expect(later.status).to.equal(200);
    expect(sim.scores(url)).to.have.length(2);
    expect(sim.scores(url)[1]).to.include({ userId: teacher, scoreGiven: 45, comment: 'Better', clientId: tool.clientId });
    const results = await call('GET', `${url}/results`);
    expect(results.status).to.equal(200);
    expect(results.headers.get('content-type')).to.contain(MEDIA_TYPES.resultContainer);
    expect(results.body).to.deep.equal([{
      id: `${url}/results?user_id=${teacher}`, scoreOf: url, userId: teacher, resultScore: 9, resultMaximum: 10, comment: 'Better',
      timestamp: sim.scores(url)[1]?.timestamp,
    }]);
    expect((await call('GET', `${url}/results?user_id=nobody`)).body).to.deep.equal([]);
    const scoreOnly = await tool.accessToken([LTI_SCOPES.score]);
    expect((await call('GET', `${url}/results`, undefined, undefined, scoreOnly)).status).to.equal(403);
  });

  it('refuses bad scores: media type 415, missing scoreMaximum 400, stale timestamp 409, non-student 422', async () => {
    const url = String(((await createItem({ label: 'Strict', scoreMaximum: 10 })).body as Record<string, unknown>).id);
    const teacher = String(district.teachers[1]);
    const base = { userId: teacher, activityProgress: 'Completed', gradingProgress: 'FullyGraded' };
    expect((await postScore(url, { ...base, timestamp: timestamp() }, 'application/json')).status).to.equal(415);
    const noMax = await postScore(url, { ...base, scoreGiven: 5, timestamp: timestamp() });
    expect(noMax.status).to.equal(400);
    expect((noMax.body as Record<string, string>).error_description).to.contain('scoreMaximum is required');
    expect((await postScore(url, { ...base, scoreGiven: 5, scoreMaximum: 10, timestamp: '2026-01-15T10:00:00Z' })).status).to.equal(400);
    expect((await postScore(url, { ...base, activityProgress: 'Done', timestamp: timestamp() })).status).to.equal(400);
    expect((await postScore(url, { ...base, scoreGiven: -1, scoreMaximum: 10, timestamp: timestamp() })).status).to.equal(400);
    const stamp = timestamp();
    expect((await postScore(url, { ...base, scoreGiven: 5, scoreMaximum: 10, timestamp: stamp })).status).to.equal(200);
    const stale = await postScore(url, { ...base, scoreGiven: 6, scoreMaximum: 10, timestamp: stamp });
    expect(stale.status).to.equal(409);
    expect((stale.body as Record<string, string>).error_description).to.contain('not later than');
    const coach = await postScore(url, { ...base, userId: district.coach, scoreGiven: 5, scoreMaximum: 10, timestamp: timestamp() });
    expect(coach.status).to.equal(422);
    expect(coach.body).to.deep.equal({ errors: { type: 'unprocessable_entity', message: 'User not found in course or is not a student' } });
    sim.enroll(district.courseId, teacher, ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'], 'Inactive');
    expect((await postScore(url, { ...base, scoreGiven: 7, scoreMaximum: 10, timestamp: timestamp() })).status).to.equal(422);
    sim.enroll(district.courseId, teacher, ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
    expect(sim.scores(url)).to.have.length(1);
  });

  it('hides line items of other tools (404)', async () => {
    const other = new FakeTool(sim);
    await other.start();
    try {
      sim.registerTool(other.registration());
      const otherToken = await other.accessToken([...AGS_SCOPES]);
      expect((await call('GET', lineItemsUrl, undefined, undefined, otherToken)).body).to.deep.equal([]);
      const mine = String(((await createItem({ label: 'Mine', scoreMaximum: 1 })).body as Record<string, unknown>).id);
      expect((await call('GET', mine, undefined, undefined, otherToken)).status).to.equal(404);
    } finally {
      await other.stop();
    }
  });

  it('puts the line item in the launch when asked', async () => {
    const url = String(((await createItem({ label: 'Linked', scoreMaximum: 4, resourceLinkId: 'rl-1' })).body as Record<string, unknown>).id);
    const before = tool.launches.length;
    await new BrowserClient().launch(sim.prepareLaunch({ clientId: tool.clientId, deploymentId: tool.deploymentId, userSub: district.coach, courseId: district.courseId, lineItemId: url }));
    const claim = tool.launches[before]?.payload?.['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] as Record<string, unknown>;
    expect(claim.lineitem).to.equal(url);
  });
});
