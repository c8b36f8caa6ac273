import { expect } from 'chai';
import { LmsSimulator, LTI_SCOPES } from '../../src/simulator';
import { FakeTool } from './fakeTool';

describe('simulator: OAuth2 token endpoint', () => {
  const sim = new LmsSimulator();
  let tool: FakeTool;

  before(async () => {
    await sim.start();
    tool = new FakeTool(sim);
    await tool.start();
    sim.registerTool(tool.registration({ scopes: [LTI_SCOPES.nrps, LTI_SCOPES.score, LTI_SCOPES.lineItem] }));
  });
  after(async () => {
    await tool.stop();
    await sim.stop();
  });

  it('grants the intersection of requested and granted scopes', async () => {
    const { status, body } = await tool.requestToken(`${LTI_SCOPES.nrps} ${LTI_SCOPES.resultReadonly} ${LTI_SCOPES.score}`);
    expect(status).to.equal(200);
    expect(body).to.include({ token_type: 'Bearer', expires_in: 3600, scope: `${LTI_SCOPES.nrps} ${LTI_SCOPES.score}` });
    expect(body.access_token).to.be.a('string').with.length.above(20);
  });

  it('accepts an aud array that contains the token endpoint', async () => {
    const { status } = await tool.requestToken(LTI_SCOPES.nrps, tool.assertion({ aud: ['https://elsewhere.example', sim.tokenEndpoint] }));
    expect(status).to.equal(200);
  });

  it('answers invalid_scope when nothing requested is granted', async () => {
    const { status, body } = await tool.requestToken(LTI_SCOPES.resultReadonly);
    expect(status).to.equal(400);
    expect(body.error).to.equal('invalid_scope');
    expect((await tool.requestToken('')).body.error).to.equal('invalid_scope');
  });

  it('refuses an assertion signed with a key the tool JWKS does not publish', async () => {
    const { status, body } = await tool.requestToken(LTI_SCOPES.nrps, tool.assertion({}, { rogue: true }));
    expect(status).to.equal(401);
    expect(body.error).to.equal('invalid_client');
    expect(body.error_description).to.contain('signature');
  });

  it('refuses a wrong aud, a missing kid, an unknown kid and an expired or future assertion', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string][] = [
      [tool.assertion({ aud: sim.issuer }), 'aud must be the token endpoint'],
      [tool.assertion({}, { kid: null }), 'no kid'],
      [tool.assertion({}, { kid: 'other' }), 'kid other is not in'],
      [tool.assertion({ exp: now - 10, iat: now - 70 }), 'expired'],
      [tool.assertion({ iat: now + 60, exp: now + 120 }), 'iat is in the future'],
      [tool.assertion({ jti: undefined }), 'no jti'],
      [tool.assertion({ sub: 'someone' }), 'iss and sub'],
    ];
    for (const [assertion, message] of cases) {
      const { status, body } = await tool.requestToken(LTI_SCOPES.nrps, assertion);
      expect(status, message).to.equal(401);
      expect(body.error).to.equal('invalid_client');
      expect(body.error_description).to.contain(message);
    }
  });

  it('refuses a reused jti', async () => {
    const assertion = tool.assertion();
    expect((await tool.requestToken(LTI_SCOPES.nrps, assertion)).status).to.equal(200);
    const replay = await tool.requestToken(LTI_SCOPES.nrps, assertion);
    expect(replay.status).to.equal(401);
    expect(replay.body.error_description).to.contain('jti was already used');
  });

  it('refuses other grant types, assertion types and body encodings per RFC 6749', async () => {
    expect((await tool.requestToken(LTI_SCOPES.nrps, tool.assertion(), { grant_type: 'password' })).body.error).to.equal('unsupported_grant_type');
    const badType = await tool.requestToken(LTI_SCOPES.nrps, tool.assertion(), { client_assertion_type: 'basic' });
    expect(badType.status).to.equal(400);
    expect(badType.body.error).to.equal('invalid_request');
    const json = await fetch(sim.tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).to.equal(400);
    expect(((await json.json()) as Record<string, unknown>).error).to.equal('invalid_request');
  });

  it('refuses an unknown client', async () => {
    const { status, body } = await tool.requestToken(LTI_SCOPES.nrps, tool.assertion({ iss: 'ghost', sub: 'ghost' }));
    expect(status).to.equal(401);
    expect(body.error_description).to.contain('unknown client ghost');
  });
});
