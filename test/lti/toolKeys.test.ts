/**
 * Tool-wide signing keys: the JWKS publishes the active key (and retiring keys during their
 * overlap), platforms keep accepting launches, service tokens and Deep Linking responses across
 * a rotation and after the old key is retired, private keys are encrypted, keys survive a restart.
 */
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { QueryTypes } from 'sequelize';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { decryptWithKey } from '../../src/lti/ltijsDatabase';
import { ToolKeys } from '../../src/lti/toolKeys';
import { BrowserClient, parseAutoPostForm } from '../../src/simulator/client';
import { LTI_SCOPES, MEDIA_TYPES } from '../../src/simulator';
import { testDatabase } from '../helpers/database';
import { type Harness, ltikOf, seedCourse, startHarness, TEST_ENCRYPTION_KEY } from '../helpers/harness';

const YEAR_MS = 365 * 24 * 3_600_000;

describe('tool keys', function () {
  this.timeout(60_000);
  let h: Harness;
  let course: ReturnType<typeof seedCourse>;
  let keys: ToolKeys;
  let jwksServed = 0;
  let restorePublished: () => void;

  before(async () => {
    h = await startHarness();
    course = seedCourse(h.sim);
    keys = h.coachloop.lti.toolKeys;
    // Start from one active key: retire whatever earlier rotations (in this run) left retiring.
    await keys.retireExpired(Date.now() + YEAR_MS);
    // Count how often the JWKS is served (ltijs's keyset route lists the tool keys once per request).
    const published = keys.publishedKeys.bind(keys);
    keys.publishedKeys = (now?: number) => {
      jwksServed++;
      return published(now);
    };
    restorePublished = () => {
      delete (keys as Partial<ToolKeys>).publishedKeys;
    };
  });
  after(async () => {
    restorePublished();
    await h.stop();
  });

  /** The kids the tool publishes at /lti/keys (checking each key's shape on the way). */
  async function publishedKids(): Promise<string[]> {
    const res = await fetch(h.coachloop.lti.urls.keys);
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { keys: Array<Record<string, unknown>> };
    for (const k of body.keys) {
      expect(k).to.include({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(k).to.have.property('n').that.is.a('string');
      expect(k).not.to.have.property('d');
    }
    return body.keys.map((k) => String(k.kid));
  }

  async function launchWorks(): Promise<void> {
    const page = await h.launch({ userSub: course.coach, courseId: course.courseId });
    expect(page.status).to.equal(200);
    expect(page.html).to.contain('Welcome, Cora');
  }

  /** Requests a new service token (never the cached one) and calls NRPS with it. */
  async function serviceCallWorks(): Promise<void> {
    const sequelize = await testDatabase();
    await sequelize.query('DELETE FROM lti_access_tokens WHERE client_id = ?', { replacements: [h.clientId] });
    const token = await h.coachloop.lti.serviceToken(h.sim.issuer, h.clientId, [LTI_SCOPES.nrps]);
    expect(token.tokenType).to.equal('Bearer');
    const res = await fetch(`${h.sim.issuer}/api/lti/courses/${course.courseId}/names_and_roles`, {
      headers: { authorization: `Bearer ${token.accessToken}`, accept: MEDIA_TYPES.membershipContainer },
    });
    expect(res.status, await res.clone().text()).to.equal(200);
    const body = (await res.json()) as { members: unknown[] };
    expect(body.members).to.have.length(4);
  }

  /** Places CoachLoop through the content picker; returns the kid that signed the response. */
  async function deepLinkingWorks(): Promise<string> {
    const browser = new BrowserClient();
    const page = await h.launch({ userSub: course.coach, courseId: course.courseId, messageType: 'LtiDeepLinkingRequest' }, browser);
    const answer = await browser.request('POST', `${h.toolUrl}/app/placement`, { form: { ltik: ltikOf(page), item: 'home', title: 'Coaching hub' } });
    const form = parseAutoPostForm(answer.html, answer.url);
    expect(form?.fields).to.have.property('JWT');
    const before = h.sim.deepLinkResponses().length;
    const lms = await browser.request('POST', form!.action, { form: form!.fields });
    expect(lms.status, lms.html.slice(0, 800)).to.equal(200);
    expect(h.sim.deepLinkResponses().length).to.equal(before + 1);
    return String(jwt.decode(form!.fields.JWT, { complete: true })?.header.kid);
  }

  it('publishes exactly the active key, and platforms accept launches and service tokens signed with it', async () => {
    const active = await keys.signingKey();
    expect(await publishedKids()).to.deep.equal([active.kid]);
    const listed = await keys.list();
    expect(listed.filter((k) => k.status === 'active').map((k) => k.kid)).to.deep.equal([active.kid]);
    await launchWorks();
    const served = jwksServed;
    await serviceCallWorks();
    expect(jwksServed, 'the LMS fetches the JWKS to check the first client assertion').to.equal(served + 1);
    await serviceCallWorks();
    expect(jwksServed, 'the LMS checks the second one against its cached JWKS').to.equal(served + 1);
  });

  it('after a rotation signs with the new key while the old one stays published; the LMS refetches the JWKS for the new kid', async () => {
    const old = await keys.signingKey();
    const rotated = await keys.rotate(72);
    expect(rotated.kid).not.to.equal(old.kid);
    expect(rotated.previous.map((p) => p.kid)).to.deep.equal([old.kid]);
    expect(rotated.previous[0].retireAfter.getTime()).to.be.closeTo(Date.now() + 72 * 3_600_000, 60_000);
    expect((await keys.signingKey()).kid).to.equal(rotated.kid);
    expect(await publishedKids()).to.deep.equal([rotated.kid, old.kid]);
    const statuses = Object.fromEntries((await keys.list()).map((k) => [k.kid, k.status]));
    expect(statuses).to.include({ [rotated.kid]: 'active', [old.kid]: 'retiring' });

    await launchWorks();
    const served = jwksServed;
    await serviceCallWorks();
    expect(jwksServed, 'the LMS cache lacked the new kid and fetched the JWKS again').to.equal(served + 1);
    expect(await deepLinkingWorks()).to.equal(rotated.kid);
  });

  it('stops publishing the old key once retired; launches, service tokens and Deep Linking keep working', async () => {
    const active = await keys.signingKey();
    const retiring = (await keys.list()).filter((k) => k.status === 'retiring');
    expect(retiring).to.have.length(1);
    expect(await keys.retireExpired()).to.deep.equal([], 'nothing is due before the overlap ends');
    expect(await keys.retireExpired(retiring[0].retireAfter!.getTime() + 1)).to.deep.equal([retiring[0].kid]);
    const row = (await keys.list()).find((k) => k.kid === retiring[0].kid);
    expect(row?.status).to.equal('retired');
    expect(row?.retiredAt).to.be.instanceOf(Date);
    expect(await publishedKids()).to.deep.equal([active.kid]);
    await launchWorks();
    await serviceCallWorks();
    expect(await deepLinkingWorks()).to.equal(active.kid);
  });

  it('leaves a retiring key out of the JWKS as soon as its overlap ends, and retires it then', async () => {
    const before = await keys.signingKey();
    const rotated = await keys.rotate(1);
    const published = await keys.publishedKeys(Date.now() + 3_600_000 + 1_000);
    expect(published.keys.map((k) => k.kid)).to.deep.equal([rotated.kid]);
    expect((await keys.list()).find((k) => k.kid === before.kid)?.status).to.equal('retired');
  });

  it('keeps several retiring keys published during their overlaps, newest first', async () => {
    const first = await keys.signingKey();
    const second = await keys.rotate(2);
    const third = await keys.rotate(2);
    expect(await publishedKids()).to.deep.equal([third.kid, second.kid, first.kid]);
    expect(third.previous.map((p) => p.kid)).to.deep.equal([second.kid]);
    expect(await keys.retireExpired(Date.now() + 3 * 3_600_000)).to.have.members([first.kid, second.kid]);
    expect(await publishedKids()).to.deep.equal([third.kid]);
  });

  it('stores private keys encrypted with ENCRYPTION_KEY, never in clear', async () => {
    const sequelize = await testDatabase();
    const rows = await sequelize.query<Record<string, unknown>>('SELECT * FROM lti_tool_keys', { type: QueryTypes.SELECT });
    expect(rows.length).to.be.greaterThan(1);
    const dump = JSON.stringify(rows);
    expect(dump).not.to.contain('PRIVATE KEY');
    expect(dump).not.to.contain('"d"');
    const active = rows.find((r) => r.status === 'active')!;
    expect(decryptWithKey(String(active.private_key_data), String(active.private_key_iv), TEST_ENCRYPTION_KEY)).to.contain('-----BEGIN PRIVATE KEY-----');
    let error: unknown;
    try {
      await new ToolKeys(sequelize, 'another-encryption-key-0123456789abcdef').signingKey();
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.contain('was ENCRYPTION_KEY changed?');
  });

  it('keeps the keys across a restart: a second app on the same database signs with the same kid', async () => {
    const sequelize = await testDatabase();
    const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }), publicUrl: 'http://127.0.0.1:9' };
    const second = await createApp({ config, sequelize });
    try {
      expect((await second.lti.toolKeys.signingKey()).kid).to.equal((await keys.signingKey()).kid);
      await sequelize.query('DELETE FROM lti_access_tokens WHERE client_id = ?', { replacements: [h.clientId] });
      const token = await second.lti.serviceToken(h.sim.issuer, h.clientId, [LTI_SCOPES.nrps]);
      expect(token.accessToken).to.be.a('string');
    } finally {
      await second.close();
    }
  });

  it('lets another instance pick up a rotation within its re-check interval, or at once when told to', async () => {
    const sequelize = await testDatabase();
    const other = new ToolKeys(sequelize, TEST_ENCRYPTION_KEY, 60_000);
    const before = await other.signingKey();
    expect(before.kid).to.equal((await keys.signingKey()).kid);
    const rotated = await keys.rotate(1);
    expect((await other.signingKey()).kid, 'cached within the interval').to.equal(before.kid);
    other.forget();
    expect((await other.signingKey()).kid).to.equal(rotated.kid);
    const quick = new ToolKeys(sequelize, TEST_ENCRYPTION_KEY, 0);
    await quick.signingKey();
    const again = await keys.rotate(1);
    expect((await quick.signingKey()).kid).to.equal(again.kid);
  });

  it('keeps exactly one active key when two instances create the first key or rotate at the same moment', async () => {
    const sequelize = await testDatabase();
    // Demote the active key as if the table were new (it stays published during its overlap).
    await sequelize.query('UPDATE lti_tool_keys SET status = ?, active_slot = NULL, retire_after = ? WHERE status = ?', {
      replacements: ['retiring', Date.now() + 3_600_000, 'active'],
    });
    const [a, b] = [new ToolKeys(sequelize, TEST_ENCRYPTION_KEY), new ToolKeys(sequelize, TEST_ENCRYPTION_KEY)];
    const [kidA, kidB] = await Promise.all([a.ensureActiveKey(), b.ensureActiveKey()]);
    expect(kidA).to.equal(kidB);
    const results = await Promise.allSettled([a.rotate(1), b.rotate(1)]);
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length.greaterThan(0);
    const active = (await keys.list()).filter((k) => k.status === 'active');
    expect(active).to.have.length(1);
    keys.forget();
    expect((await keys.signingKey()).kid).to.equal(active[0].kid);
    await keys.retireExpired(Date.now() + YEAR_MS);
    expect(await publishedKids()).to.deep.equal([active[0].kid]);
    await serviceCallWorks();
  });
});
