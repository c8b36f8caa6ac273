/** Malformed requests get a clear 4xx page and change nothing; none produces a 500. */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { BrowserClient } from '../../src/simulator/client';
import { testDatabase } from '../helpers/database';
import { type Harness, startHarness } from '../helpers/harness';

describe('bad input on public and LTI endpoints', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  const send = (method: string, path: string, body: string, contentType: string) =>
    new BrowserClient().request(method, `${h.toolUrl}${path}`, { body, headers: { 'content-type': contentType } });

  it('malformed JSON → 400 with a readable message', async () => {
    const res = await send('POST', '/lti/launch', '{"id_token": ', 'application/json');
    expect(res.status).to.equal(400);
    expect(res.html).to.contain('could not read what was sent');
  });

  it('an oversized form → 413 that says to shorten it', async () => {
    const res = await send('POST', '/lti/launch', `id_token=${'x'.repeat(200_000)}`, 'application/x-www-form-urlencoded');
    expect(res.status).to.equal(413);
    expect(res.html).to.contain('larger than CoachLoop accepts');
  });

  it('a launch POST with neither id_token nor ltik → 401 page', async () => {
    const res = await send('POST', '/lti/launch', 'state=abc', 'application/x-www-form-urlencoded');
    expect(res.status).to.equal(401);
    expect(res.html).to.contain('Open CoachLoop from your course');
  });

  it('a login from an unregistered platform → 400 page', async () => {
    const res = await new BrowserClient().request('POST', `${h.toolUrl}/lti/login`, {
      form: { iss: 'https://unknown-lms.example.org', login_hint: 'x', target_link_uri: h.coachloop.lti.urls.launch, client_id: 'nobody' },
    });
    expect(res.status).to.equal(400);
    expect(res.html).to.contain('This LMS is not connected to CoachLoop');
  });

  it('an unknown page without a launch → 401 (deny by default); a missing static file → 404', async () => {
    const res = await new BrowserClient().request('GET', `${h.toolUrl}/no/such/page`);
    expect(res.status).to.equal(401);
    const app = await new BrowserClient().request('GET', `${h.toolUrl}/public/no-such-file.css`);
    expect(app.status).to.equal(404);
  });

  // Found by the fuzz tests (test/fuzz): ltijs cleared a cookie named after the posted state and
  // express threw on a name no cookie can have, inside ltijs's catch: the request never got an answer.
  for (const [what, body, contentType] of [
    ['a newline', 'state=%0A%0A', 'application/x-www-form-urlencoded'],
    ['an emoji', `state=${encodeURIComponent('😀')}`, 'application/x-www-form-urlencoded'],
    ['an object (JSON)', '{"state":{"a":1}}', 'application/json'],
    ['an array (JSON)', '{"state":["a b","c"]}', 'application/json'],
  ] as const) {
    it(`a launch POST whose state holds ${what} → 401 page (it used to hang)`, async () => {
      const res = await send('POST', '/lti/launch', body, contentType);
      expect(res.status).to.equal(401);
      expect(res.html).to.contain('Open CoachLoop from your course');
    });
  }

  it('a login initiation with a NUL byte → 400 that names the character, not a 500', async () => {
    const res = await new BrowserClient().request('POST', `${h.toolUrl}/lti/login`, {
      form: { iss: h.sim.issuer, login_hint: 'a\u0000b', target_link_uri: h.coachloop.lti.urls.launch, client_id: h.clientId },
    });
    expect(res.status).to.equal(400);
    expect(res.html).to.contain('NUL_BYTE');
  });

  it('a signed launch with a NUL byte in a claim → refused as not valid (NUL_BYTE_IN_CLAIM), not a 500', async () => {
    const res = await h.launch({ claims: { 'https://purl.imsglobal.org/spec/lti/claim/context': { id: 'a\u0000b', title: 'T' } } });
    expect(res.status).to.equal(401);
    expect(res.html).to.contain('NUL_BYTE_IN_CLAIM').and.contain('The launch message from your LMS was not valid');
  });

  it('a signed launch with names and titles longer than their columns opens CoachLoop with them shortened (MariaDB refused them: 500)', async () => {
    h.sim.addCourse({ id: 'long-names', title: 'Long names', label: 'LN' });
    h.sim.addUser({ sub: 'u-long', name: 'Lou Long' });
    h.sim.enroll('long-names', 'u-long', ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']);
    const res = await h.launch({
      userSub: 'u-long', courseId: 'long-names',
      claims: { name: `N${'é'.repeat(400)}`, email: `${'x'.repeat(400)}@example.org`, 'https://purl.imsglobal.org/spec/lti/claim/context': { id: 'long-names', title: `T${'😀'.repeat(300)}`, label: 'L'.repeat(300) } },
    });
    expect(res.status).to.equal(200);
    const sequelize = await testDatabase();
    const [person] = await sequelize.query<{ name: string; email: string | null }>("SELECT name, email FROM people WHERE sub = 'u-long'", { type: QueryTypes.SELECT });
    expect(Array.from(person.name)).to.have.length(255);
    expect(person.email).to.equal(null);
  });

  it('a signed launch with a sub, context id or resource link id over 255 characters → refused as not valid, not a 500', async () => {
    const longSub = await h.launch({ claims: { sub: 's'.repeat(256) } });
    expect(longSub.status).to.equal(401);
    expect(longSub.html).to.contain('SUB_CLAIM_TOO_LONG');
    const longContext = await h.launch({ claims: { 'https://purl.imsglobal.org/spec/lti/claim/context': { id: 'c'.repeat(256) } } });
    expect(longContext.status).to.equal(401);
    expect(longContext.html).to.contain('CONTEXT_ID_TOO_LONG');
    // Found by the fuzz tests: in a deep-linking launch the resource link id went into the ltik, and the redirect's URL outgrew every header limit.
    const longLink = await h.launch({ messageType: 'LtiDeepLinkingRequest', claims: { 'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: '<'.repeat(4001) } } });
    expect(longLink.status).to.equal(401);
    expect(longLink.html).to.contain('RESOURCE_LINK_ID_TOO_LONG');
  });

  it('a malformed URL escape → 400', async () => {
    const res = await new BrowserClient().request('GET', `${h.toolUrl}/app/%E0%A4%A`);
    expect(res.status).to.equal(400);
  });
});
