/**
 * The dashboard's routes up the ladder (401 / 403 / 400 with the message / 404 / 200), for a
 * course admin and an account-level admin, the CSV export of each table, and the privacy wall:
 * no private text and no link into anyone's coaching ever reaches the page or an export.
 */
import { expect } from 'chai';
import { CSV_SECTIONS } from '../../../src/features/dashboard/schema';
import { BrowserClient, decodeHtmlEntities } from '../../../src/simulator/client';
import { coachingCourse, type CoachingCourse } from '../../helpers/coaching';
import { type Harness, ltikOf, startHarness } from '../../helpers/harness';
import { buildDistrict, SECRETS } from './fixture';
import { mountDashboard } from './mount';

describe('dashboard: routes, CSV and the privacy wall', function () {
  this.timeout(120_000);
  let h: Harness;
  let c: CoachingCourse;
  let unmount: () => void;
  const account = { browser: new BrowserClient(), ltik: '' };

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'dashboard-routes');
    await buildDistrict(c);
    unmount = mountDashboard(h.coachloop, c.sequelize);
    const page = await h.launch({ userSub: 'u-admin' }, account.browser);
    expect(page.status, 'account-level launch').to.equal(200);
    account.ltik = ltikOf(page);
  });
  after(async () => {
    unmount?.();
    await h.stop();
  });

  const anonymous = (path: string) => new BrowserClient().request('GET', `${h.toolUrl}${path}`);
  const asAccount = (path: string) => account.browser.request('GET', `${h.toolUrl}${path}${path.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(account.ltik)}`);
  const text = (html: string) => decodeHtmlEntities(html);

  it('GET /app/dashboard — 401 without a launch, 403 for every role but admin', async () => {
    expect((await anonymous('/app/dashboard')).status).to.equal(401);
    for (const who of ['coach', 'otherCoach', 'mentor', 'teacher', 'otherTeacher', 'guest'] as const) {
      expect((await c.get(who, '/app/dashboard')).status, who).to.equal(403);
    }
  });

  it('GET /app/dashboard — 400 with the message for months that are not right, or another course', async () => {
    const bad = await c.get('admin', '/app/dashboard?from=2026-13');
    expect(bad.status).to.equal(400);
    expect(text(bad.html)).to.contain('Give the first month as YYYY-MM, for example 2026-09.').and.contain('value="2026-13"');
    const reversed = await c.get('admin', '/app/dashboard?from=2026-10&to=2026-09');
    expect(reversed.status).to.equal(400);
    expect(text(reversed.html)).to.contain('The first month must not be after the last month.');
    const other = await c.get('admin', '/app/dashboard?space=999999');
    expect(other.status).to.equal(400);
    expect(text(other.html)).to.contain('you see this course’s figures only');
    expect((await asAccount('/app/dashboard?space=abc')).status).to.equal(400);
    expect((await asAccount('/app/dashboard?space=999999')).status).to.equal(404);
  });

  it('GET /app/dashboard — the course admin sees inputs, outputs and outcomes with charts, tables and CSV links, and nothing private', async () => {
    const page = await c.get('admin', '/app/dashboard');
    expect(page.status).to.equal(200);
    const html = text(page.html);
    for (const heading of ['Inputs: what coaching put in', 'Outputs: what coaching produced', 'Outcomes: what changed', 'Coaching hours by kind of session',
      'Where coaches’ logged time goes', 'Coaching hours by month', 'Coaching hours by coach', 'Reach', 'Coaching cycles', 'Goals met', 'Time spent in each stage',
      'Practice change teachers report', 'Hours of coaching and goals met', 'Impact on students teachers report', 'Coaching effort by standard']) {
      expect(html, heading).to.contain(heading);
    }
    expect((html.match(/<svg class="bar-chart"/g) ?? []).length).to.be.greaterThan(9);
    expect((html.match(/<table class="table stack-on-narrow dash-table">/g) ?? []).length).to.equal(12);
    expect((html.match(/href="\/app\/dashboard\.csv\?section=/g) ?? []).length).to.equal(12);
    expect(html).to.contain('hidden: fewer than 3 teachers').and.contain('r = 0.82 across 5 teachers').and.contain('Every figure covers at least <strong>3 teachers</strong>');
    expect(html).to.contain('Planning meeting').and.contain('2.8 h');
    for (const secret of SECRETS) expect(html, secret).to.not.contain(secret);
    // Inside the page (the navigation aside), every link is to the dashboard itself: no drill-down.
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main.match(/href="[^"]*"/g)?.every((href) => href.startsWith('href="/app/dashboard'))).to.equal(true);
    expect(html).to.not.contain('<script');
  });

  it('GET /app/dashboard — months filter the figures; the account-level admin chooses among the tenant’s courses', async () => {
    const oct = text((await c.get('admin', '/app/dashboard?from=2026-10&to=2026-10')).html);
    expect(oct).to.contain('October 2026').and.not.contain('September 2026</th>');
    const all = await asAccount('/app/dashboard');
    expect(all.status).to.equal(200);
    expect(text(all.html)).to.contain('All courses (1)').and.contain('<select id="dash-space" name="space">').and.contain('Coaching 2026');
    const one = await asAccount(`/app/dashboard?space=${c.spaceId}&from=2026-09&to=2026-10`);
    expect(one.status).to.equal(200);
    expect(text(one.html)).to.contain('September 2026 to October 2026').and.contain(`value="${c.spaceId}" selected`);
  });

  it('GET /app/dashboard.csv — 401, 403, 400 without a section (naming them) or with bad months', async () => {
    expect((await anonymous('/app/dashboard.csv?section=goals')).status).to.equal(401);
    for (const who of ['coach', 'mentor', 'teacher', 'guest'] as const) expect((await c.get(who, '/app/dashboard.csv?section=goals')).status, who).to.equal(403);
    const none = await c.get('admin', '/app/dashboard.csv');
    expect(none.status).to.equal(400);
    expect(text(none.html)).to.contain('Name the table to export: section=hours-by-kind');
    const bad = await c.get('admin', '/app/dashboard.csv?section=goals&to=June');
    expect(bad.status).to.equal(400);
    expect(text(bad.html)).to.contain('Give the last month as YYYY-MM');
  });

  it('GET /app/dashboard.csv — every table as CSV, the same figures as the page, hidden cells saying why', async () => {
    for (const section of CSV_SECTIONS) {
      const res = await c.get('admin', `/app/dashboard.csv?section=${section}`);
      expect(res.status, section).to.equal(200);
      expect(res.headers.get('content-type'), section).to.match(/^text\/csv; charset=utf-8/);
      expect(res.headers.get('content-disposition'), section).to.equal(`attachment; filename="coachloop-${section}-all-time.csv"`);
      for (const secret of SECRETS) expect(res.html, `${section} ${secret}`).to.not.contain(secret);
    }
    const kinds = (await c.get('admin', '/app/dashboard.csv?section=hours-by-kind')).html.split('\r\n');
    expect(kinds[0]).to.equal('Kind of session,Hours,Sessions,Share of hours');
    expect(kinds).to.include('Planning meeting,2.75,3,42.3');
    expect(kinds).to.include('Group PD,1.5,1,23.1');
    expect(kinds).to.include('Classroom visit / data collection,hidden: fewer than 3 teachers,hidden: fewer than 3 teachers,hidden: fewer than 3 teachers');
    expect(kinds).to.include('"Hidden rows together (shown only combined): Classroom visit / data collection, Modeling a lesson, Debrief, Informal check-in",2.25,4,34.6');
    expect(kinds).to.include('All kinds,6.5,8,100');
    const goals = (await c.get('admin', '/app/dashboard.csv?section=goals&from=2026-10&to=2026-10')).html;
    expect(goals).to.contain('Met,4,50\r\n');
    const oct = await c.get('admin', '/app/dashboard.csv?section=hours-by-month&from=2026-10&to=2026-10');
    expect(oct.headers.get('content-disposition')).to.equal('attachment; filename="coachloop-hours-by-month-2026-10-to-2026-10.csv"');
    expect(oct.html).to.contain('October 2026,3.25,4,100\r\n').and.not.contain('September');
    const reach = (await asAccount('/app/dashboard.csv?section=reach')).html;
    expect(reach).to.contain('With a coaching cycle in the period,6,66.7\r\n');
  });
});
