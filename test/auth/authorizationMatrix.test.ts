/**
 * The authorization matrix: every declared route × every kind of person (and no launch at all),
 * with the status each must get. A route added without a row here fails this test.
 * Expected statuses are written out by hand, not derived from the policies they check.
 */
import { expect } from 'chai';
import express from 'express';
import { assertEveryRouteDeclared } from '../../src/auth/routes';
import { BrowserClient } from '../../src/simulator/client';
import { type Harness, ltikOf, seedCourse, startHarness } from '../helpers/harness';

type Who = 'anonymous' | 'admin' | 'coach' | 'mentor' | 'teacher' | 'guest' | 'accountAdmin' | 'otherTenantSession';

/** route → who → expected HTTP status. */
const MATRIX: Record<string, Record<Who, number>> = {
  'GET /': { anonymous: 200, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 200 },
  // Without openid_configuration the registration page explains how to start (400), whoever asks.
  'GET /lti/register': { anonymous: 400, admin: 400, coach: 400, mentor: 400, teacher: 400, guest: 400, accountAdmin: 400, otherTenantSession: 400 },
  'GET /lti/canvas.json': { anonymous: 200, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 200 },
  'GET /health': { anonymous: 200, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 200 },
  'GET /app/home': { anonymous: 401, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 401 },
  // Allowed roles get 400 here because these sessions are resource-link launches, not the content picker.
  'POST /app/placement': { anonymous: 401, admin: 400, coach: 400, mentor: 403, teacher: 403, guest: 403, accountAdmin: 400, otherTenantSession: 401 },
  'POST /app/placement/cancel': { anonymous: 401, admin: 400, coach: 400, mentor: 400, teacher: 400, guest: 400, accountAdmin: 400, otherTenantSession: 401 },
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
  const sessions = new Map<Who, { browser: BrowserClient; ltik?: string }>();

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
  });
  after(async () => {
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
    for (const [who, status] of Object.entries(row) as Array<[Who, number]>) {
      it(`${route} as ${who} → ${status}`, async () => {
        const [method, path] = route.split(' ');
        const session = sessions.get(who)!;
        const url = `${h.toolUrl}${path}${session.ltik ? `?ltik=${encodeURIComponent(session.ltik)}` : ''}`;
        const res = await session.browser.request(method, url);
        expect(res.status, res.html.slice(0, 300)).to.equal(status);
      });
    }
  }

  it('a route declared without going through the route table stops start-up', () => {
    const app = express();
    app.get('/sneaky', (_req, res) => void res.send('no policy'));
    expect(() => assertEveryRouteDeclared(app, undefined)).to.throw('Routes without a policy (declare them through RouteTable): GET /sneaky');
  });
});
