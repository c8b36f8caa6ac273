/**
 * The operator pages, up the ladder: sign-in (wrong token, lockout, forged and expired cookies),
 * CSRF, then manual registration through the page followed by real launches from a simulated
 * LMS, approving a pending deployment, removal, and refusals (400/404) that store nothing.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createApp, type CoachLoopApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { Person } from '../../src/db/models';
import { operatorSessionKey, signOperatorSession } from '../../src/features/operator/operatorSession';
import { LmsSimulator } from '../../src/simulator';
import { BrowserClient, decodeHtmlEntities } from '../../src/simulator/client';
import { testDatabase } from '../helpers/database';
import { ALL_SCOPES, seedCourse, TEST_ENCRYPTION_KEY } from '../helpers/harness';

const TOKEN = 'operator-test-token-0123456789abcdef';

/** A CoachLoop instance with operator pages on (the shared harness has them off). */
async function startOperatorTool(): Promise<{ app: CoachLoopApp; url: string; stop(): Promise<void> }> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }), publicUrl: url, operatorToken: TOKEN };
  const app = await createApp({ config, sequelize: await testDatabase() });
  server.on('request', app.app);
  return {
    app,
    url,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}

/** A signed-in operator browser and its CSRF token. */
async function signIn(url: string): Promise<{ browser: BrowserClient; csrf: string }> {
  const browser = new BrowserClient();
  const res = await browser.request('POST', `${url}/operator/login`, { form: { token: TOKEN } });
  expect(res.status, res.html.slice(0, 300)).to.equal(303);
  const page = await browser.request('GET', `${url}/operator`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1];
  expect(csrf).to.be.a('string');
  return { browser, csrf: csrf! };
}

const unique = () => crypto.randomBytes(4).toString('hex');

describe('operator pages', function () {
  this.timeout(30_000);
  let tool: Awaited<ReturnType<typeof startOperatorTool>>;
  before(async () => {
    tool = await startOperatorTool();
  });
  after(async () => {
    await tool.stop();
  });

  describe('sign-in', () => {
    it('sends a browser without a session to the sign-in page, and refuses POSTs with 401', async () => {
      const browser = new BrowserClient();
      const res = await browser.request('GET', `${tool.url}/operator`);
      expect(res.status).to.equal(302);
      expect(res.headers.get('location')).to.equal('/operator/login');
      const form = await browser.request('GET', `${tool.url}/operator/login`);
      expect(form.status).to.equal(200);
      expect(form.html).to.contain('<label for="token">Operator token</label>').and.contain('type="password"');
      const post = await browser.request('POST', `${tool.url}/operator/install-codes`, { form: { label: 'x' } });
      expect(post.status).to.equal(401);
      expect(post.html).to.contain('Sign in as the CoachLoop operator');
    });

    it('answers a wrong token with 401 and no cookie; the right one opens a session cookie for the dashboard', async () => {
      const browser = new BrowserClient();
      const wrong = await browser.request('POST', `${tool.url}/operator/login`, { form: { token: 'not-the-token' } });
      expect(wrong.status).to.equal(401);
      expect(wrong.html).to.contain('That is not the operator token');
      expect(wrong.headers.getSetCookie()).to.deep.equal([]);
      const blank = await browser.request('POST', `${tool.url}/operator/login`, { form: { token: ' ' } });
      expect(blank.status).to.equal(400);

      const right = await browser.request('POST', `${tool.url}/operator/login`, { form: { token: TOKEN } });
      expect(right.status).to.equal(303);
      expect(right.headers.get('location')).to.equal('/operator');
      const cookie = right.headers.getSetCookie().find((c) => c.startsWith('coachloop_operator='));
      expect(cookie).to.match(/; Path=\/operator/).and.match(/; HttpOnly/).and.match(/; SameSite=Strict/).and.match(/; Expires=/);
      expect(cookie).not.to.match(/; Secure/); // http://127.0.0.1: the cookie is Secure only when PUBLIC_URL is https
      const dashboard = await browser.request('GET', `${tool.url}/operator`);
      expect(dashboard.status).to.equal(200);
      expect(dashboard.headers.get('cache-control')).to.equal('no-store');
      expect(dashboard.html).to.contain('Platforms and deployments').and.contain('Install codes').and.contain(`${tool.url}/lti/login`);
    });

    it('refuses forged, expired and foreign-key cookies', async () => {
      const key = operatorSessionKey(TEST_ENCRYPTION_KEY, TOKEN);
      const valid = signOperatorSession(key, new Date(Date.now() + 60_000));
      const cookies = {
        forged: `${valid.slice(0, -2)}${valid.endsWith('AA') ? 'BB' : 'AA'}`,
        expired: signOperatorSession(key, new Date(Date.now() - 1000)),
        tooLong: signOperatorSession(key, new Date(Date.now() + 30 * 24 * 3600_000)),
        otherToken: signOperatorSession(operatorSessionKey(TEST_ENCRYPTION_KEY, 'another-operator-token-0123456789'), new Date(Date.now() + 60_000)),
        otherKey: signOperatorSession(operatorSessionKey('another-encryption-key-0123456789abcdef', TOKEN), new Date(Date.now() + 60_000)),
        garbage: 'v1.9999999999999.abc.def',
      };
      for (const [what, value] of Object.entries(cookies)) {
        const res = await new BrowserClient().request('GET', `${tool.url}/operator`, { headers: { cookie: `coachloop_operator=${value}` } });
        expect(res.status, what).to.equal(302);
        const post = await new BrowserClient().request('POST', `${tool.url}/operator/logout`, { headers: { cookie: `coachloop_operator=${value}` } });
        expect(post.status, what).to.equal(401);
      }
      const ok = await new BrowserClient().request('GET', `${tool.url}/operator`, { headers: { cookie: `coachloop_operator=${valid}` } });
      expect(ok.status).to.equal(200);
    });

    it('refuses forms without the session\'s CSRF token (403), accepts them with it', async () => {
      const { browser, csrf } = await signIn(tool.url);
      const none = await browser.request('POST', `${tool.url}/operator/install-codes`, { form: { label: 'no token' } });
      expect(none.status).to.equal(403);
      const other = await signIn(tool.url);
      const foreign = await browser.request('POST', `${tool.url}/operator/install-codes`, { form: { label: 'other token', _csrf: other.csrf } });
      expect(foreign.status).to.equal(403);
      const ok = await browser.request('POST', `${tool.url}/operator/install-codes`, { form: { label: 'Riverbend Canvas', hours: '5', _csrf: csrf } });
      expect(ok.status).to.equal(201);
      const code = /class="install-code">([A-Z2-9-]{19})</.exec(ok.html)?.[1];
      expect(code).to.match(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
      expect(decodeHtmlEntities(ok.html)).to.contain(`${tool.url}/lti/register?install_code=${code}`);
      // Shown once: the overview lists the code's label, never the code again.
      const later = await browser.request('GET', `${tool.url}/operator`);
      expect(later.html).to.contain('Riverbend Canvas').and.not.contain(code!);
      const bad = await browser.request('POST', `${tool.url}/operator/install-codes`, { form: { hours: '0', _csrf: csrf } });
      expect(bad.status).to.equal(400);
      expect(bad.html).to.contain('The validity must be at least 1 hour');
    });

    it('signs out: the cookie is cleared and the pages ask for sign-in again', async () => {
      const { browser, csrf } = await signIn(tool.url);
      const out = await browser.request('POST', `${tool.url}/operator/logout`, { form: { _csrf: csrf } });
      expect(out.status).to.equal(303);
      expect(out.headers.get('location')).to.equal('/operator/login');
      expect(browser.cookieHeader(`${tool.url}/operator`)).to.equal('');
      expect((await browser.request('GET', `${tool.url}/operator`)).status).to.equal(302);
    });

    it('locks an address out after repeated wrong tokens, even for the right one (429)', async () => {
      const other = await startOperatorTool();
      try {
        const browser = new BrowserClient();
        for (let i = 0; i < 5; i += 1) {
          expect((await browser.request('POST', `${other.url}/operator/login`, { form: { token: `guess-${i}` } })).status).to.equal(401);
        }
        const locked = await browser.request('POST', `${other.url}/operator/login`, { form: { token: TOKEN } });
        expect(locked.status).to.equal(429);
        expect(Number(locked.headers.get('retry-after'))).to.be.greaterThan(0);
        expect(locked.html).to.contain('Too many wrong tokens');
        expect(locked.headers.getSetCookie()).to.deep.equal([]);
      } finally {
        await other.stop();
      }
    });
  });

  describe('registration and deployments', () => {
    let sim: LmsSimulator;
    let course: ReturnType<typeof seedCourse>;
    let operator: { browser: BrowserClient; csrf: string };
    before(async () => {
      sim = new LmsSimulator({ host: '127.0.0.1' });
      await sim.start();
      course = seedCourse(sim);
      operator = await signIn(tool.url);
    });
    after(async () => {
      await sim.stop();
    });

    /** Registers CoachLoop with the simulated LMS under a fresh client id. */
    function toolInLms(deploymentIds: string[]): string {
      const clientId = `client-${unique()}`;
      const urls = tool.app.lti.urls;
      sim.registerTool({ clientId, deploymentIds, oidcLoginUrl: urls.login, redirectUris: [urls.launch], targetLinkUri: urls.launch, jwksUrl: urls.keys, scopes: ALL_SCOPES, name: 'CoachLoop' });
      return clientId;
    }

    const registrationForm = (clientId: string, extra: Record<string, string> = {}) => ({
      _csrf: operator.csrf, issuer: sim.issuer, clientId, authUrl: sim.authorizationEndpoint, tokenUrl: sim.tokenEndpoint, jwksUrl: sim.jwksUrl, ...extra,
    });

    const launch = (clientId: string, deploymentId: string, userSub = course.teacher) =>
      new BrowserClient().launch(sim.prepareLaunch({ clientId, deploymentId, userSub, courseId: course.courseId }));

    it('registers a platform by hand, shows every value to paste, and a real launch then works', async () => {
      const deploymentId = `dep-${unique()}`;
      const clientId = toolInLms([deploymentId]);
      const before = await launch(clientId, deploymentId);
      expect(before.status).to.equal(400);
      expect(before.html).to.contain('This LMS is not connected to CoachLoop');

      const res = await operator.browser.request('POST', `${tool.url}/operator/platforms/new`, { form: registrationForm(clientId, { name: 'Page LMS', deploymentIds: deploymentId }) });
      expect(res.status, res.html.slice(0, 500)).to.equal(201);
      const html = decodeHtmlEntities(res.html);
      expect(html).to.contain('Platform registered: Page LMS');
      for (const value of [`${tool.url}/lti/login`, `${tool.url}/lti/launch`, `${tool.url}/lti/keys`, `${tool.url}/lti/canvas.json`]) expect(html).to.contain(value);
      expect(html).to.contain('Deep linking URL').and.contain('Schoology').and.contain('Blackboard');
      expect(html).to.contain(`<code>${deploymentId}</code>: active (created`);

      const page = await launch(clientId, deploymentId);
      expect(page.status, page.html.slice(0, 500)).to.equal(200);
      const dashboard = await operator.browser.request('GET', `${tool.url}/operator`);
      expect(dashboard.html).to.contain('Page LMS').and.contain(deploymentId);
      // The operator sees registrations, never people.
      expect(dashboard.html).not.to.contain('Tess Teacher').and.not.to.contain('tess@example.org');
    });

    it('approving a pending deployment on the overview lets it launch', async () => {
      const clientId = toolInLms([]);
      const reg = await operator.browser.request('POST', `${tool.url}/operator/platforms/new`, { form: registrationForm(clientId, { name: 'Approval LMS' }) });
      expect(reg.status).to.equal(201);
      expect(reg.html).to.contain('No deployment id was given');
      const deploymentId = `dep-${unique()}`;
      const held = await launch(clientId, deploymentId);
      expect(held.status).to.equal(403);
      expect(held.html).to.contain('CoachLoop is waiting for approval here');

      const [{ id }] = await (await testDatabase()).query<{ id: number }>(
        'SELECT id FROM tenants WHERE client_id = ? AND deployment_id = ?', { replacements: [clientId, deploymentId], type: QueryTypes.SELECT },
      );
      const overview = await operator.browser.request('GET', `${tool.url}/operator`);
      expect(overview.html).to.match(new RegExp(`<tr id="tenant-${id}">[\\s\\S]*?waiting for approval[\\s\\S]*?action="/operator/tenants/${id}/status"[\\s\\S]*?value="approve"`));

      const approve = await operator.browser.request('POST', `${tool.url}/operator/tenants/${id}/status`, { form: { _csrf: operator.csrf, action: 'approve' } });
      expect(approve.status).to.equal(303);
      expect(approve.headers.get('location')).to.equal(`/operator?changed=${id}#tenant-${id}`);
      const after = await operator.browser.request('GET', `${tool.url}${approve.headers.get('location')}`);
      expect(after.html).to.contain(`Deployment ${deploymentId} of Approval LMS is now active.`);

      const page = await launch(clientId, deploymentId);
      expect(page.status, page.html.slice(0, 500)).to.equal(200);

      const suspend = await operator.browser.request('POST', `${tool.url}/operator/tenants/${id}/status`, { form: { _csrf: operator.csrf, action: 'suspend' } });
      expect(suspend.status).to.equal(303);
      expect((await launch(clientId, deploymentId)).html).to.contain('CoachLoop is paused for your district');
    });

    it('refuses bad registration input with 400, field messages and the form refilled, storing nothing', async () => {
      const clientId = `client-${unique()}`;
      const res = await operator.browser.request('POST', `${tool.url}/operator/platforms/new`, {
        form: { _csrf: operator.csrf, issuer: 'lms.example.org', clientId, authUrl: 'ftp://lms.example.org/auth', tokenUrl: '', jwksUrl: `${sim.jwksUrl}`, deploymentIds: 'dep-1\ndep-2' },
      });
      expect(res.status).to.equal(400);
      const html = decodeHtmlEntities(res.html);
      expect(html).to.contain('Nothing was registered: 3 field(s) need attention');
      expect(html).to.contain('The issuer is not valid: expected an http:// or https:// URL');
      expect(html).to.contain("The LMS's authorization (OIDC auth) URL is not valid");
      expect(html).to.contain("The LMS's access token URL is missing");
      expect(html).to.contain('value="lms.example.org"').and.contain(`value="${clientId}"`).and.contain('dep-1\ndep-2');
      expect(html).to.match(/id="field-issuer"[^>]*aria-invalid="true"/);
      const [{ n }] = await (await testDatabase()).query<{ n: number }>('SELECT COUNT(*) AS n FROM lti_platforms WHERE client_id = ?', { replacements: [clientId], type: QueryTypes.SELECT });
      expect(Number(n)).to.equal(0);
    });

    it('answers 404 for an unknown deployment and 400 for an unknown status change', async () => {
      const unknown = await operator.browser.request('POST', `${tool.url}/operator/tenants/987654321/status`, { form: { _csrf: operator.csrf, action: 'approve' } });
      expect(unknown.status).to.equal(404);
      expect(unknown.html).to.contain('No such deployment');
      const malformed = await operator.browser.request('POST', `${tool.url}/operator/tenants/abc/status`, { form: { _csrf: operator.csrf, action: 'approve' } });
      expect(malformed.status).to.equal(404);
      const [{ id }] = await (await testDatabase()).query<{ id: number }>('SELECT id FROM tenants ORDER BY id LIMIT 1', { type: QueryTypes.SELECT });
      const bad = await operator.browser.request('POST', `${tool.url}/operator/tenants/${id}/status`, { form: { _csrf: operator.csrf, action: 'delete' } });
      expect(bad.status).to.equal(400);
      expect(decodeHtmlEntities(bad.html)).to.contain('Choose approve, activate or suspend. (got "delete")');
    });

    it('removes a platform: refused while deployments hold people unless confirmed, data kept', async () => {
      const deploymentId = `dep-${unique()}`;
      const clientId = toolInLms([deploymentId]);
      await operator.browser.request('POST', `${tool.url}/operator/platforms/new`, { form: registrationForm(clientId, { name: 'Removable LMS', deploymentIds: deploymentId }) });
      expect((await launch(clientId, deploymentId)).status).to.equal(200);
      const sequelize = await testDatabase();
      const [{ id }] = await sequelize.query<{ id: number }>('SELECT id FROM tenants WHERE client_id = ?', { replacements: [clientId], type: QueryTypes.SELECT });

      const form = { _csrf: operator.csrf, issuer: sim.issuer, clientId };
      const refused = await operator.browser.request('POST', `${tool.url}/operator/platforms/remove`, { form });
      expect(refused.status).to.equal(409);
      expect(decodeHtmlEntities(refused.html)).to.contain('Not removed: 1 deployment(s) of this platform hold 1 people').and.contain('To go ahead, tick');

      const removed = await operator.browser.request('POST', `${tool.url}/operator/platforms/remove`, { form: { ...form, confirm: 'yes' } });
      expect(removed.status).to.equal(200);
      expect(decodeHtmlEntities(removed.html)).to.contain('Removed Removable LMS. 1 deployment(s) with data were suspended');
      const [tenant] = await sequelize.query<{ status: string }>('SELECT status FROM tenants WHERE id = ?', { replacements: [id], type: QueryTypes.SELECT });
      expect(tenant.status).to.equal('suspended');
      expect(await Person.count({ where: { tenantId: id } })).to.equal(1);
      const again = await launch(clientId, deploymentId);
      expect(again.status).to.be.within(400, 403);

      const gone = await operator.browser.request('POST', `${tool.url}/operator/platforms/remove`, { form: { ...form, clientId: 'no-such-client' } });
      expect(gone.status).to.equal(404);
      const incomplete = await operator.browser.request('POST', `${tool.url}/operator/platforms/remove`, { form: { _csrf: operator.csrf } });
      expect(incomplete.status).to.equal(400);
    });
  });
});
