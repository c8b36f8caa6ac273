/**
 * The 1EdTech LTI 1.3 certification cases (§6.1 "known bad" and "known good" launches), each
 * through a real OIDC round trip: login initiation → simulator authorization → id_token POST →
 * ltik redirect → CoachLoop page.
 */
import { expect } from 'chai';
import { BrowserClient } from '../../src/simulator/client';
import { type Harness, seedCourse, startHarness } from '../helpers/harness';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

describe('LTI 1.3 certification launches', function () {
  this.timeout(30_000);
  let h: Harness;
  let course: ReturnType<typeof seedCourse>;

  before(async () => {
    h = await startHarness();
    course = seedCourse(h.sim);
  });
  after(() => h.stop());

  const base = () => ({ userSub: course.teacher, courseId: course.courseId });

  async function expectRefused(opts: Parameters<Harness['launch']>[0], code: string | RegExp, status = 401) {
    const page = await h.launch({ ...base(), ...opts });
    expect(page.status, page.html.slice(0, 400)).to.equal(status);
    if (typeof code === 'string') expect(page.html).to.contain(`<code>${code}</code>`);
    else expect(page.html).to.match(code);
    expect(page.html).not.to.contain('Welcome,');
  }

  describe('known bad launches are refused with a page that says why', () => {
    it('no kid in the JWT header', () => expectRefused({ header: { kid: null } }, 'KID_NOT_FOUND'));
    it('a kid the platform does not publish', () => expectRefused({ header: { kid: 'not-a-platform-key' } }, 'KEY_NOT_FOUND'));
    it('a signature by another key', () => expectRefused({ signWith: 'rogue' }, 'invalid signature'));
    it('alg none', () => expectRefused({ header: { alg: 'none' } }, 'ALG_NOT_RS256'));
    it('HS256 signed with the public key', () => expectRefused({ header: { alg: 'HS256' } }, 'ALG_NOT_RS256'));
    it('wrong LTI version', () => expectRefused({ claims: { [`${LTI}version`]: '1.2.0' } }, 'WRONG_LTI_VERSION_CLAIM'));
    it('no LTI version', () => expectRefused({ deleteClaims: [`${LTI}version`] }, 'NO_LTI_VERSION_CLAIM'));
    it('no message type (a JWT that is not an LTI message)', () => expectRefused({ deleteClaims: [`${LTI}message_type`] }, 'NO_MESSAGE_TYPE_CLAIM'));
    it('an unknown message type', () => expectRefused({ claims: { [`${LTI}message_type`]: 'LtiSomethingElse' } }, 'NO_MESSAGE_TYPE_CLAIM'));
    it('expired (iat and exp in the past)', () => expectRefused({ iatOffsetSec: -3600 }, 'jwt expired'));
    it('issued in the future', () => expectRefused({ iatOffsetSec: 3600 }, 'IAT_IN_THE_FUTURE'));
    it('older than the accepted age of 60 s (though not expired)', () => expectRefused({ iatOffsetSec: -90, expInSec: 600 }, 'TOKEN_TOO_OLD'));
    it('no exp', () => expectRefused({ deleteClaims: ['exp'] }, 'NO_EXP_CLAIM'));
    it('no iat', () => expectRefused({ deleteClaims: ['iat'] }, 'NO_IAT_CLAIM'));
    it('no deployment_id', () => expectRefused({ deleteClaims: [`${LTI}deployment_id`] }, 'NO_DEPLOYMENT_ID_CLAIM'));
    it('no resource_link id', () => expectRefused({ claims: { [`${LTI}resource_link`]: { title: 'No id' } } }, 'NO_RESOURCE_LINK_ID_CLAIM'));
    it('no sub', () => expectRefused({ deleteClaims: ['sub'] }, 'NO_SUB_CLAIM'));
    it('no nonce', () => expectRefused({ deleteClaims: ['nonce'] }, 'NO_NONCE_CLAIM'));
    it('an audience that is not our client id', () => expectRefused({ claims: { aud: 'someone-else' } }, 'UNREGISTERED_PLATFORM', 400));
    it('an issuer other than the one the login started with', () => expectRefused({ claims: { iss: 'https://evil.example.org' } }, 'ISS_CLAIM_DOES_NOT_MATCH'));
    it('several audiences without azp', () => expectRefused({ claims: { aud: [h.clientId, 'other'], azp: undefined } }, 'NO_AZP_FOR_SEVERAL_AUDIENCES'));

    it('a replayed nonce, even within the accepted age', async () => {
      const nonce = `replay-${Date.now()}`;
      const first = await h.launch({ ...base(), nonce });
      expect(first.status).to.equal(200);
      await expectRefused({ nonce }, 'NONCE_ALREADY_RECEIVED');
    });

    it('an id_token that is not a JWT at all', async () => {
      const browser = new BrowserClient();
      const prepared = h.sim.prepareLaunch({ clientId: h.clientId, deploymentId: h.deploymentId, ...base() });
      const login = await browser.request(prepared.method, prepared.url, { form: prepared.params });
      expect(login.status).to.equal(302);
      const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
      const page = await browser.follow('POST', h.coachloop.lti.urls.launch, { form: { id_token: 'not-a-jwt', state } });
      expect(page.status).to.equal(401);
      expect(page.html).to.contain('<code>INVALID_JWT_RECEIVED</code>');
    });

    it('a launch without the state cookie (cross-site request forgery)', async () => {
      const browser = new BrowserClient();
      const prepared = h.sim.prepareLaunch({ clientId: h.clientId, deploymentId: h.deploymentId, ...base() });
      const login = await browser.request(prepared.method, prepared.url, { form: prepared.params });
      const authorize = await browser.request('GET', login.headers.get('location')!);
      const form = /name="id_token" value="([^"]+)"[\s\S]*?name="state" value="([^"]+)"/.exec(authorize.html);
      expect(form, 'authorization page posts an id_token').to.not.equal(null);
      const page = await new BrowserClient().follow('POST', h.coachloop.lti.urls.launch, { form: { id_token: form![1], state: form![2] } });
      expect(page.status).to.equal(401);
      expect(page.html).to.contain('<code>MISSING_VALIDATION_COOKIE</code>');
    });

    it('an incomplete login initiation gets a 400 page naming what is missing', async () => {
      const page = await new BrowserClient().request('POST', h.coachloop.lti.urls.login, { form: { iss: h.sim.issuer } });
      expect(page.status).to.equal(400);
      expect(page.html).to.contain('login_hint is missing').and.contain('target_link_uri is missing');
    });
  });

  describe('known good launches are accepted, for instructor and learner', () => {
    const people = [
      { who: 'instructor', sub: 'u-coach', role: `${LIS}membership#Instructor`, short: 'Instructor', label: 'Coach' },
      { who: 'learner', sub: 'u-teacher', role: `${LIS}membership#Learner`, short: 'Learner', label: 'Teacher' },
    ];
    for (const p of people) {
      const ok = async (opts: Parameters<Harness['launch']>[0], expectRole: string) => {
        const page = await h.launch({ userSub: p.sub, courseId: course.courseId, ...opts });
        expect(page.status, page.html.slice(0, 500)).to.equal(200);
        expect(page.html).to.contain('Welcome,');
        expect(page.html).to.match(new RegExp(`<dt>Your role here</dt><dd><span class="badge badge-[a-z]+">${expectRole}</span>`));
        return page;
      };
      it(`${p.who}: several roles`, () => ok({ roles: [p.role, `${LIS}institution/person#Faculty`, `${LIS}membership#Member`] }, p.label));
      it(`${p.who}: a short role name`, () => ok({ roles: [p.short] }, p.label));
      it(`${p.who}: an unknown role (least privilege)`, () => ok({ roles: ['http://example.org/roles#Wizard'] }, 'Guest'));
      it(`${p.who}: no roles claim at all (least privilege)`, async () => {
        const page = await ok({ deleteClaims: [`${LTI}roles`] }, 'Guest');
        expect(page.html).to.contain('sent no role');
      });
      it(`${p.who}: email only`, async () => {
        const page = await ok({ deleteClaims: ['name', 'given_name', 'family_name'], roles: [p.role] }, p.label);
        expect(page.html).to.contain('Unnamed person');
      });
      it(`${p.who}: name only`, async () => {
        const page = await ok({ deleteClaims: ['email'], roles: [p.role] }, p.label);
        expect(page.html).not.to.contain('<dt>Email</dt>');
      });
      it(`${p.who}: no personal data at all`, () => ok({ deleteClaims: ['name', 'given_name', 'family_name', 'email'], roles: [p.role] }, p.label));
    }
  });
});
