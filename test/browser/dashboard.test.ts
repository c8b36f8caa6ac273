/**
 * The program dashboard in a real browser (Debian's Chromium driven by playwright-core): the
 * admin of the hand-worked district (test/features/dashboard/fixture.ts) opens the dashboard —
 * every chart is drawn (inline SVG, no script, nothing blocked by the CSP), every chart has its
 * table alternative, the month filter works, and on a phone-sized screen nothing overflows.
 * The launch is made over HTTP (as every route test does) and its session cookies handed to
 * Chromium.
 */
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { coachingCourse, type CoachingCourse } from '../helpers/coaching';
import { expectNoAxeProblems } from '../helpers/axe';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';
import { type Harness, startHarness } from '../helpers/harness';
import { buildDistrict } from '../features/dashboard/fixture';
import { mountDashboard } from '../features/dashboard/mount';

describe('dashboard in a browser', function () {
  this.timeout(90_000);
  let h: Harness;
  let c: CoachingCourse;
  let unmount: () => void;
  let browser: Browser;

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'dashboard-browser');
    await buildDistrict(c);
    unmount = mountDashboard(h.coachloop, c.sequelize);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    unmount?.();
    await h?.stop();
  });

  /** A browser context holding the admin's launch session. */
  async function adminContext(viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport });
    const cookies = c.browsers.admin.cookieHeader(`${h.toolUrl}/app/dashboard`).split('; ').filter(Boolean).map((pair) => {
      const eq = pair.indexOf('=');
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: h.toolUrl };
    });
    await context.addCookies(cookies);
    return context;
  }
  const dashboardUrl = (query = '') => `${h.toolUrl}/app/dashboard?${query}${query ? '&' : ''}ltik=${encodeURIComponent(c.ltiks.admin)}`;

  it('draws every chart as inline SVG with its table alternative, with no script and no CSP violation', async () => {
    const context = await adminContext();
    const page = await context.newPage();
    const problems: string[] = [];
    // The browser's own favicon request is the one 404 allowed.
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`); });
    page.on('pageerror', (e) => problems.push(e.message));
    const res = await page.goto(dashboardUrl());
    expect(res?.status()).to.equal(200);
    await page.getByRole('heading', { name: 'Program dashboard' }).waitFor();

    const charts = page.locator('svg.bar-chart');
    expect(await charts.count()).to.be.greaterThan(9);
    for (let i = 0; i < await charts.count(); i++) {
      const box = await charts.nth(i).boundingBox();
      expect(box && box.width > 200 && box.height > 20, `chart ${i} is drawn`).to.equal(true);
      expect(await charts.nth(i).getAttribute('role')).to.equal('img');
    }
    expect(await page.locator('svg.bar-chart rect.bar:not(.bar-hidden)').count()).to.be.greaterThan(10);
    expect(await page.locator('svg.bar-chart rect.bar-hidden').count()).to.be.greaterThan(3);
    expect(await page.getByRole('img', { name: 'Coaching hours by kind of session' }).count()).to.equal(1);

    const tables = page.locator('details.table-alt');
    expect(await tables.count()).to.equal(12);
    const kinds = page.locator('#hours-by-kind details.table-alt');
    expect(await kinds.locator('table').isVisible()).to.equal(false);
    await kinds.locator('summary').click();
    await kinds.locator('table').waitFor({ state: 'visible' });
    expect(await kinds.getByRole('row', { name: /Planning meeting/ }).textContent()).to.contain('2.8').and.contain('42%');
    expect(await kinds.getByRole('row', { name: /^Debrief/ }).textContent()).to.contain('hidden');
    expect(await page.locator('#hours-vs-goals').textContent()).to.contain('r = 0.82 across 5 teachers');
    expect(await page.locator('script').count()).to.equal(0);
    expect(problems).to.deep.equal([]);
    await expectNoAxeProblems(page, 'the dashboard (table alternative open)');
    if (process.env.DASHBOARD_SCREENSHOT_DIR) {
      await page.screenshot({ path: `${process.env.DASHBOARD_SCREENSHOT_DIR}/coachloop-dashboard.png`, fullPage: true });
      await page.locator('#hours-by-kind').screenshot({ path: `${process.env.DASHBOARD_SCREENSHOT_DIR}/coachloop-dashboard-kinds.png` });
    }
    await context.close();
  });

  it('the month filter narrows the figures; on a 375 px screen the charts fit', async () => {
    const context = await adminContext({ width: 375, height: 740 });
    const page = await context.newPage();
    await page.goto(dashboardUrl());
    await page.locator('#dash-from').fill('2026-10');
    await page.locator('#dash-to').fill('2026-10');
    await Promise.all([page.waitForURL(/from=2026-10/), page.getByRole('button', { name: 'Show figures' }).click()]);
    expect(page.url()).to.contain('to=2026-10').and.contain('ltik=');
    await page.getByText('October 2026').first().waitFor();
    const months = page.locator('#hours-by-month details.table-alt');
    await months.locator('summary').click();
    expect(await months.locator('tbody tr').count()).to.equal(2);
    const widths = await page.locator('svg.bar-chart').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().right));
    expect(Math.max(...widths)).to.be.at.most(375);
    expect(await page.evaluate('document.documentElement.scrollWidth')).to.be.at.most(375);
    await expectNoAxeProblems(page, 'the dashboard at 375 px, filtered');
    await context.close();
  });
});
