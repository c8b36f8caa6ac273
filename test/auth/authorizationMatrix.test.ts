/**
 * The authorization matrix: every declared route × every kind of person (and no launch at all),
 * with the status each must get. A route added without a row here fails this test.
 * Expected statuses are written out by hand, not derived from the policies they check.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { createApp, type CoachLoopApp } from '../../src/app';
import { assertEveryRouteDeclared } from '../../src/auth/routes';
import { loadConfig } from '../../src/config';
import { BrowserClient } from '../../src/simulator/client';
import { testDatabase } from '../helpers/database';
import { type Harness, ltikOf, seedCourse, startHarness, TEST_ENCRYPTION_KEY } from '../helpers/harness';

type Who = 'anonymous' | 'admin' | 'coach' | 'mentor' | 'teacher' | 'guest' | 'accountAdmin' | 'otherTenantSession';

/**
 * route → who → expected HTTP status. `operator` is the signed-in CoachLoop operator (no launch;
 * its forms carry the session's CSRF token); when a row leaves it out it is the anonymous status.
 */
const MATRIX: Record<string, Record<Who, number> & { operator?: number }> = {
  'GET /': { anonymous: 200, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 200 },
  // Without openid_configuration the registration page explains how to start (400), whoever asks.
  'GET /lti/register': { anonymous: 400, admin: 400, coach: 400, mentor: 400, teacher: 400, guest: 400, accountAdmin: 400, otherTenantSession: 400 },
  'GET /lti/canvas.json': { anonymous: 200, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 200 },
  'GET /health': { anonymous: 200, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 200 },
  'GET /app/home': { anonymous: 401, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 401 },
  // Allowed roles get 400 here because these sessions are resource-link launches, not the content picker.
  'POST /app/placement': { anonymous: 401, admin: 400, coach: 400, mentor: 403, teacher: 403, guest: 403, accountAdmin: 400, otherTenantSession: 401 },
  'POST /app/placement/cancel': { anonymous: 401, admin: 400, coach: 400, mentor: 400, teacher: 400, guest: 400, accountAdmin: 400, otherTenantSession: 401 },
  // Roster: coaches and admins of the course; the sync POST redirects (303) to the roster page.
  'GET /app/roster': { anonymous: 401, admin: 200, coach: 200, mentor: 403, teacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/roster/sync': { anonymous: 401, admin: 303, coach: 303, mentor: 403, teacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/roster/sync/status': { anonymous: 401, admin: 200, coach: 200, mentor: 403, teacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // Admins of the course only; the literal ":personId" is no person, hence 404 once allowed.
  'POST /app/roster/people/:personId/role': { anonymous: 401, admin: 404, coach: 403, mentor: 403, teacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // Operator pages (run against an instance with OPERATOR_TOKEN set): no LTI role opens them.
  // GETs without an operator session redirect to the sign-in page; POSTs answer 401. ltijs itself
  // refuses a launch token presented with another session's cookie (otherTenantSession) with 401.
  'GET /operator/login': { anonymous: 200, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 401, operator: 200 },
  // 400: the matrix sends no token (a blank form is not counted as a guess).
  'POST /operator/login': { anonymous: 400, admin: 400, coach: 400, mentor: 400, teacher: 400, guest: 400, accountAdmin: 400, otherTenantSession: 401, operator: 400 },
  'GET /operator': { anonymous: 302, admin: 302, coach: 302, mentor: 302, teacher: 302, guest: 302, accountAdmin: 302, otherTenantSession: 401, operator: 200 },
  'GET /operator/platforms/new': { anonymous: 302, admin: 302, coach: 302, mentor: 302, teacher: 302, guest: 302, accountAdmin: 302, otherTenantSession: 401, operator: 200 },
  // Operator 201/400/404: allowed, then the empty form creates an unlabelled code, misses the platform fields or names no tenant.
  'POST /operator/install-codes': { anonymous: 401, admin: 401, coach: 401, mentor: 401, teacher: 401, guest: 401, accountAdmin: 401, otherTenantSession: 401, operator: 201 },
  'POST /operator/platforms/new': { anonymous: 401, admin: 401, coach: 401, mentor: 401, teacher: 401, guest: 401, accountAdmin: 401, otherTenantSession: 401, operator: 400 },
  'POST /operator/platforms/remove': { anonymous: 401, admin: 401, coach: 401, mentor: 401, teacher: 401, guest: 401, accountAdmin: 401, otherTenantSession: 401, operator: 400 },
  'POST /operator/tenants/:id/status': { anonymous: 401, admin: 401, coach: 401, mentor: 401, teacher: 401, guest: 401, accountAdmin: 401, otherTenantSession: 401, operator: 404 },
  'POST /operator/logout': { anonymous: 401, admin: 401, coach: 401, mentor: 401, teacher: 401, guest: 401, accountAdmin: 401, otherTenantSession: 401, operator: 303 },
};

/** ltijs-served routes and the policy they must declare. */
const EXTERNAL: Record<string, string> = {
  'ALL /lti/login': 'public',
  'POST /lti/launch': 'public',
  'GET /lti/keys': 'public',
};

describe('authorization matrix', function () {
  this.timeout(60_000);
  let h: Harness;
  let other: Harness;
  const sessions = new Map<Who | 'operator', { browser: BrowserClient; ltik?: string; cookie?: string; csrf?: string }>();
  // The harness's CoachLoop has operator pages off (no OPERATOR_TOKEN): operator routes run on a
  // second instance of the same deployment (same database and key) with them on.
  const OPERATOR_TOKEN = 'matrix-operator-token-0123456789abcdef';
  let operatorApp: CoachLoopApp;
  let operatorServer: http.Server;
  let operatorUrl: string;

  before(async () => {
    h = await startHarness();
    other = await startHarness();
    const c = seedCourse(h.sim);
    const o = seedCourse(other.sim, 'other-course');
    h.sim.addUser({ sub: 'u-guest', name: 'Gus Guest' });
    h.sim.enroll(c.courseId, 'u-guest', ['http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper']);
    const launches: Array<[Who, Harness, Parameters<Harness['launch']>[0]]> = [
      ['admin', h, { userSub: c.admin, courseId: c.courseId }],
      ['coach', h, { userSub: c.coach, courseId: c.courseId }],
      ['mentor', h, { userSub: c.mentor, courseId: c.courseId }],
      ['teacher', h, { userSub: c.teacher, courseId: c.courseId }],
      ['guest', h, { userSub: 'u-guest', courseId: c.courseId }],
      ['accountAdmin', h, { userSub: c.admin }],
    ];
    for (const [who, harness, opts] of launches) {
      const browser = new BrowserClient();
      const page = await harness.launch(opts, browser);
      expect(page.status, `${who} launch`).to.equal(200);
      sessions.set(who, { browser, ltik: ltikOf(page) });
    }
    // A browser holding a session in the other tenant presents a tenant-A ltik it got hold of.
    const otherBrowser = new BrowserClient();
    await other.launch({ userSub: o.coach, courseId: o.courseId }, otherBrowser);
    sessions.set('otherTenantSession', { browser: otherBrowser, ltik: sessions.get('coach')!.ltik });
    sessions.set('anonymous', { browser: new BrowserClient() });

    operatorServer = http.createServer();
    await new Promise<void>((resolve) => operatorServer.listen(0, '127.0.0.1', resolve));
    operatorUrl = `http://127.0.0.1:${(operatorServer.address() as AddressInfo).port}`;
    const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }), publicUrl: operatorUrl, operatorToken: OPERATOR_TOKEN };
    operatorApp = await createApp({ config, sequelize: await testDatabase() });
    operatorServer.on('request', operatorApp.app);
    const signIn = new BrowserClient();
    expect((await signIn.request('POST', `${operatorUrl}/operator/login`, { form: { token: OPERATOR_TOKEN } })).status).to.equal(303);
    const dashboard = await signIn.request('GET', `${operatorUrl}/operator`);
    // The session travels as an explicit Cookie header, so the logout row cannot end it for the other rows.
    sessions.set('operator', { browser: new BrowserClient(), cookie: signIn.cookieHeader(`${operatorUrl}/operator`), csrf: /name="_csrf" value="([^"]+)"/.exec(dashboard.html)?.[1] });
  });
  after(async () => {
    operatorServer?.closeAllConnections();
    await new Promise<void>((resolve) => (operatorServer ? operatorServer.close(() => resolve()) : resolve()));
    await operatorApp?.close();
    await other.stop();
    await h.stop();
  });

  it('has a row for every declared route and every ltijs route', () => {
    const declared = h.coachloop.routes.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(declared).to.deep.equal(Object.keys(MATRIX).sort());
    const external = Object.fromEntries(h.coachloop.routes.external.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r.policy.name]));
    expect(external).to.deep.equal(EXTERNAL);
  });

  for (const [route, row] of Object.entries(MATRIX)) {
    for (const [who, status] of Object.entries({ ...row, operator: row.operator ?? row.anonymous }) as Array<[Who | 'operator', number]>) {
      it(`${route} as ${who} → ${status}`, async () => {
        const [method, path] = route.split(' ');
        const session = sessions.get(who)!;
        const base = path.startsWith('/operator') ? operatorUrl : h.toolUrl;
        const url = `${base}${path}${session.ltik ? `?ltik=${encodeURIComponent(session.ltik)}` : ''}`;
        const res = await session.browser.request(method, url, {
          headers: session.cookie ? { cookie: session.cookie } : undefined,
          form: session.csrf && method !== 'GET' ? { _csrf: session.csrf } : undefined,
        });
        expect(res.status, res.html.slice(0, 300)).to.equal(status);
      });
    }
  }

  it('operator pages answer 404 "operator pages are off" while OPERATOR_TOKEN is unset', async () => {
    const operatorRoutes = h.coachloop.routes.routes.filter((r) => r.path.startsWith('/operator'));
    expect(operatorRoutes.length).to.be.greaterThan(5);
    for (const r of operatorRoutes) {
      const res = await sessions.get('operator')!.browser.request(r.method.toUpperCase(), `${h.toolUrl}${r.path}`, { headers: { cookie: sessions.get('operator')!.cookie! } });
      expect(res.status, `${r.method} ${r.path}`).to.equal(404);
      expect(res.html).to.contain('Operator pages are off').and.contain('OPERATOR_TOKEN');
    }
  });

  it('a route declared without going through the route table stops start-up', () => {
    const app = express();
    app.get('/sneaky', (_req, res) => void res.send('no policy'));
    expect(() => assertEveryRouteDeclared(app, undefined)).to.throw('Routes without a policy (declare them through RouteTable): GET /sneaky');
  });
});
