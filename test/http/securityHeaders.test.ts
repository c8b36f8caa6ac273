/**
 * Security headers and session hygiene (issue 9, item 7): frame-ancestors are the registered
 * platforms (per request), Referrer-Policy no-referrer everywhere, our own CORS (ltijs's reflected
 * any origin with credentials), HSTS in production only, and rate limits on the OIDC login
 * initiation and on Dynamic Registration with a friendly 429.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createApp, type CoachLoopApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { FrameOrigins, MAX_RECORDED_ORIGINS } from '../../src/features/launch/frameOrigins';
import { BrowserClient } from '../../src/simulator/client';
import { testDatabase } from '../helpers/database';
import { type Harness, ltikOf, seedCourse, startHarness, TEST_ENCRYPTION_KEY } from '../helpers/harness';

/** The frame-ancestors sources of a response's CSP. */
function ancestorsOf(res: { headers: Headers }): string[] {
  const csp = res.headers.get('content-security-policy') ?? '';
  const directive = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('frame-ancestors'));
  expect(directive, `CSP has a frame-ancestors directive: ${csp}`).to.be.a('string');
  return directive!.split(/\s+/).slice(1);
}

/** Starts another CoachLoop on the shared test database with these environment settings. */
async function instance(env: Record<string, string>, publicUrl?: string): Promise<{ app: CoachLoopApp; url: string; stop(): Promise<void> }> {
  const sequelize = await testDatabase();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, ...env });
  const app = await createApp({ config: { ...base, publicUrl: publicUrl ?? url }, sequelize });
  server.on('request', app.app);
  return {
    app, url,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}

describe('security headers', function () {
  this.timeout(60000);
  let h1: Harness;
  let h2: Harness;

  before(async () => {
    h1 = await startHarness();
    h2 = await startHarness();
    seedCourse(h1.sim);
    seedCourse(h2.sim);
  });
  after(async () => {
    await h1.stop();
    await h2.stop();
  });

  describe('frame-ancestors: the registered platforms', () => {
    it('a launched page may be framed by its own platform only', async () => {
      const page = await h1.launch({ userSub: 'u-teacher', courseId: 'course-1' });
      expect(page.status).to.equal(200);
      const ancestors = ancestorsOf(page);
      expect(ancestors).to.include(h1.sim.issuer);
      expect(ancestors).not.to.include(h2.sim.issuer);
      expect(ancestors).not.to.include('*');
      // Later pages of the session (ltik in the URL) keep the launch's platform.
      const browser = new BrowserClient();
      const again = await browser.request('GET', `${h1.toolUrl}/app/home?ltik=${encodeURIComponent(ltikOf(page))}`);
      expect(ancestorsOf(again)).to.include(h1.sim.issuer).and.not.include(h2.sim.issuer);
    });

    it('the login initiation is framed by the platform it names', async () => {
      const res = await new BrowserClient().request('GET', `${h2.toolUrl}/lti/login?iss=${encodeURIComponent(h2.sim.issuer)}&client_id=${h2.clientId}&login_hint=x&target_link_uri=${encodeURIComponent(h2.toolUrl + '/lti/launch')}`);
      expect(ancestorsOf(res)).to.include(h2.sim.issuer).and.not.include(h1.sim.issuer);
    });

    it('a request naming no platform may be framed by any registered platform, never by others', async () => {
      const res = await new BrowserClient().request('GET', `${h1.toolUrl}/app/home`);
      expect(res.status).to.equal(401);
      const ancestors = ancestorsOf(res);
      expect(ancestors).to.include.members([h1.sim.issuer, h2.sim.issuer]);
      expect(ancestors.some((a) => a === '*' || a === 'https:' || a === 'http:')).to.equal(false);
    });

    it("pages no LMS frames (landing, operator) say frame-ancestors 'none'", async () => {
      for (const p of ['/', '/operator']) {
        const res = await new BrowserClient().request('GET', h1.toolUrl + p);
        expect(ancestorsOf(res), p).to.deep.equal(["'none'"]);
      }
    });

    it("the registration page may be framed by the configuration's site and its hosted family (Canvas frames it from the district's domain)", async () => {
      const res = await new BrowserClient().request('GET', `${h1.toolUrl}/lti/register?openid_configuration=${encodeURIComponent('https://canvas.instructure.com/api/lti/security/openid-configuration')}&registration_token=t`, {
        headers: { referer: 'https://district.instructure.com/accounts/1/developer_keys' },
      });
      expect(ancestorsOf(res)).to.include.members(['https://canvas.instructure.com', 'https://*.instructure.com', 'https://district.instructure.com']);
    });

    it('a signed launch adds the origin of its return_url (a vanity LMS domain) to its platform only', async () => {
      const page = await h1.launch({ userSub: 'u-teacher', courseId: 'course-1', claims: { 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation': { document_target: 'iframe', return_url: 'https://lms.district.example/courses/1/return' } } });
      expect(page.status).to.equal(200);
      expect(ancestorsOf(page)).to.include('https://lms.district.example');
      const other = await h2.launch({ userSub: 'u-teacher', courseId: 'course-1' });
      expect(ancestorsOf(other)).not.to.include('https://lms.district.example');
      const sequelize = await testDatabase();
      const rows = await sequelize.query<{ source: string }>('SELECT source FROM lti_frame_origins WHERE platform_kid = ? AND origin = ?', { replacements: [h1.platformKid, 'https://lms.district.example'], type: QueryTypes.SELECT });
      expect(rows.map((r) => r.source)).to.deep.equal(['launch']);
    });

    it('records only http(s) origins, once each, and at most the cap per platform', async () => {
      const sequelize = await testDatabase();
      const origins = new FrameOrigins(sequelize);
      expect(await origins.recordLaunchOrigin(h2.platformKid, 'javascript:alert(1)')).to.equal(false);
      expect(await origins.recordLaunchOrigin(h2.platformKid, 'not a url')).to.equal(false);
      expect(await origins.recordLaunchOrigin(h2.platformKid, 'https://a.example/x')).to.equal(true);
      expect(await origins.recordLaunchOrigin(h2.platformKid, 'https://A.example/other/path')).to.equal(false);
      for (let i = 0; i < MAX_RECORDED_ORIGINS + 5; i++) await origins.recordLaunchOrigin(h2.platformKid, `https://s${i}.example/`);
      const [{ n }] = await sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM lti_frame_origins WHERE platform_kid = ?', { replacements: [h2.platformKid], type: QueryTypes.SELECT });
      expect(Number(n)).to.equal(MAX_RECORDED_ORIGINS);
      await sequelize.query('DELETE FROM lti_frame_origins WHERE platform_kid = ?', { replacements: [h2.platformKid] });
    });
  });

  describe('Referrer-Policy and CORS', () => {
    it('every kind of response says Referrer-Policy: no-referrer', async () => {
      const page = await h1.launch({ userSub: 'u-teacher', courseId: 'course-1' });
      expect(page.headers.get('referrer-policy')).to.equal('no-referrer');
      for (const p of ['/', '/health', '/public/coachloop.css', '/no-such-page', '/lti/keys', '/app/home']) {
        const res = await new BrowserClient().request('GET', h1.toolUrl + p);
        expect(res.headers.get('referrer-policy'), p).to.equal('no-referrer');
        expect(res.headers.get('x-content-type-options'), p).to.equal('nosniff');
      }
    });

    it('refuses cross-origin reads of the app (no CORS headers, preflights fail) and never allows credentials', async () => {
      const browser = new BrowserClient();
      const preflight = await browser.request('OPTIONS', `${h1.toolUrl}/app/home`, { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(preflight.status).to.equal(204);
      expect(preflight.headers.get('access-control-allow-origin')).to.equal(null);
      expect(preflight.headers.get('access-control-allow-credentials')).to.equal(null);
      const page = await h1.launch({ userSub: 'u-teacher', courseId: 'course-1' });
      const read = await browser.request('GET', `${h1.toolUrl}/app/home?ltik=${encodeURIComponent(ltikOf(page))}`, { headers: { origin: 'https://evil.example' } });
      expect(read.headers.get('access-control-allow-origin')).to.equal(null);
      expect(read.headers.get('access-control-allow-credentials')).to.equal(null);
    });

    it('lets anyone read the public key set, without credentials', async () => {
      const res = await new BrowserClient().request('GET', `${h1.toolUrl}/lti/keys`, { headers: { origin: 'https://validator.example' } });
      expect(res.status).to.equal(200);
      expect(res.headers.get('access-control-allow-origin')).to.equal('*');
      expect(res.headers.get('access-control-allow-credentials')).to.equal(null);
    });
  });

  describe('HSTS', () => {
    it('is sent in production (https public URL) and not in development or tests', async () => {
      const prod = await instance({ NODE_ENV: 'production', PUBLIC_URL: 'https://coachloop.example.org', DATABASE_URL: 'mysql://u:p@h/db' }, 'https://coachloop.example.org');
      try {
        const res = await new BrowserClient().request('GET', `${prod.url}/health`);
        expect(res.headers.get('strict-transport-security')).to.equal('max-age=31536000');
      } finally {
        await prod.stop();
      }
      const res = await new BrowserClient().request('GET', `${h1.toolUrl}/health`);
      expect(res.headers.get('strict-transport-security')).to.equal(null);
    });
  });

  describe('rate limits', () => {
    it('answers launches beyond the per-address limit with a friendly 429 and Retry-After', async () => {
      const limited = await instance({ LOGIN_RATE_LIMIT: '3' });
      try {
        const url = `${limited.url}/lti/login?iss=${encodeURIComponent(h1.sim.issuer)}&client_id=${h1.clientId}&login_hint=x&target_link_uri=${encodeURIComponent(limited.url + '/lti/launch')}`;
        const statuses: number[] = [];
        let last;
        for (let i = 0; i < 5; i++) {
          last = await new BrowserClient().request('GET', url);
          statuses.push(last.status);
        }
        expect(statuses.slice(0, 3).every((s) => s !== 429), String(statuses)).to.equal(true);
        expect(statuses.slice(3)).to.deep.equal([429, 429]);
        expect(last!.html).to.contain('Too many launches at once');
        expect(Number(last!.headers.get('retry-after'))).to.be.greaterThan(0);
        // Other pages are not limited.
        expect((await new BrowserClient().request('GET', `${limited.url}/health`)).status).to.equal(200);
      } finally {
        await limited.stop();
      }
    });

    it('limits Dynamic Registration attempts per address', async () => {
      const limited = await instance({ REGISTRATION_RATE_LIMIT: '2' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await new BrowserClient().request('GET', `${limited.url}/lti/register`)).status);
        expect(statuses).to.deep.equal([400, 400, 429]);
      } finally {
        await limited.stop();
      }
    });
  });
});
