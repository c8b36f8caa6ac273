/**
 * Launches through the demo LMS (a cross-site iframe) when the browser blocks third-party
 * cookies, in Debian's Chromium:
 * (a) third-party cookies blocked (`--test-third-party-cookie-phaseout`): partitioned cookies carry it;
 * (b) no cookie at all for CoachLoop inside the frame, like Safari (a cookie content setting of the
 *     profile blocks CoachLoop's cookies, partitioned ones too, when the top-level site is the LMS;
 *     at top level they work): LTI Platform Storage carries the login, and the pages after the
 *     launch work with the ltik alone;
 * (c) the same on an LMS without Platform Storage: the new-window fallback, whose window launches.
 * Launch times are printed (not asserted): from the click on the course link to CoachLoop's home.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { type BrowserDemo, startBrowserDemo } from '../helpers/browserDemo';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';

const COACH = { name: 'Maya Okafor', first: 'Maya' };

async function enterCourse(page: Page, issuer: string): Promise<void> {
  await page.goto(`${issuer}/`);
  await page.getByRole('button', { name: `Enter the course as ${COACH.name}` }).first().click();
}

/** The CoachLoop frame once its page shows a first-level heading. */
async function toolFrame(page: Page, toolOrigin: string): Promise<Frame> {
  const frame = page.frameLocator('iframe.tool');
  await frame.locator('h1').first().waitFor({ timeout: 15_000 });
  const found = page.frames().find((f) => f.url().startsWith(toolOrigin));
  if (!found) throw new Error(`CoachLoop frame not found in ${page.frames().map((f) => f.url()).join(', ')}`);
  return found;
}

/** Clicks the course's CoachLoop link and returns the frame when CoachLoop's home page shows, with the time it took. */
async function launch(page: Page, toolOrigin: string): Promise<{ frame: Frame; ms: number }> {
  const started = performance.now();
  await page.getByRole('link', { name: 'CoachLoop', exact: true }).first().click();
  const frame = await toolFrame(page, toolOrigin);
  await frame.getByRole('heading', { level: 1, name: `Welcome, ${COACH.first}` }).waitFor({ timeout: 15_000 });
  return { frame, ms: performance.now() - started };
}

/**
 * Chromium with a profile that blocks every cookie of CoachLoop while the top-level site is the
 * LMS (content setting "cookies" for the pair tool origin, LMS origin): inside the LMS frame
 * CoachLoop can keep no cookie at all, partitioned or not, as in Safari; in a window of its own
 * its cookies are first-party and work.
 */
async function safariLikeContext(toolOrigin: string, lmsOrigin: string): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coachloop-profile-'));
  fs.mkdirSync(path.join(dir, 'Default'));
  const preferences = { profile: { content_settings: { exceptions: { cookies: { [`${toolOrigin},${lmsOrigin}`]: { setting: 2 } } } } } };
  fs.writeFileSync(path.join(dir, 'Default', 'Preferences'), JSON.stringify(preferences));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sets two probe cookies from script in `frame` (unpartitioned and partitioned) and returns what the frame can read back. */
function probeCookies(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const doc = (globalThis as unknown as { document: { cookie: string } }).document;
    doc.cookie = 'probe_unpartitioned=1; SameSite=None; Secure; Path=/';
    doc.cookie = 'probe_partitioned=1; SameSite=None; Secure; Partitioned; Path=/';
    return doc.cookie;
  });
}

async function countRows(demo: BrowserDemo, table: string): Promise<number> {
  const [rows] = await demo.sequelize.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number((rows as Array<{ n: number | string }>)[0]?.n);
}

describe('launches when the browser blocks third-party cookies', function () {
  this.timeout(90_000);
  const timings: string[] = [];
  after(() => {
    if (timings.length) console.log(`      launch times: ${timings.join('; ')}`);
  });

  describe('with third-party cookies blocked (and an LMS with Platform Storage)', () => {
    let demo: BrowserDemo;
    before(async () => { demo = await startBrowserDemo({ chromiumArgs: ['--test-third-party-cookie-phaseout'] }); });
    after(() => demo?.stop());

    it('(a) refuses an unpartitioned third-party cookie, and launches through partitioned cookies', async () => {
      const context = await demo.browser.newContext();
      const page = await context.newPage();
      await enterCourse(page, demo.sim.issuer);
      const toolOrigin = new URL(demo.coachloop.lti.publicUrl).origin;
      const cookielessBefore = await countRows(demo, 'lti_cookieless_sessions');
      const { frame, ms } = await launch(page, toolOrigin);
      timings.push(`(a) partitioned cookies ${ms.toFixed(0)} ms`);
      // The browser really blocks third-party cookies: in the frame an unpartitioned cookie is refused, a partitioned one kept.
      const jar = await probeCookies(frame);
      expect(jar).to.contain('probe_partitioned=1').and.not.contain('probe_unpartitioned');
      // The launch used ltijs's cookies (kept partitioned), not the cookieless path.
      expect(await countRows(demo, 'lti_cookieless_sessions')).to.equal(cookielessBefore);
      await frame.getByRole('link', { name: 'Home' }).click();
      await frame.waitForURL(/\/app\/home\?ltik=/);
      expect(await frame.locator('h1').first().textContent()).to.equal(`Welcome, ${COACH.first}`);
      await context.close();
    });

    it('(b) with no cookie at all for CoachLoop in the frame (like Safari), launches through Platform Storage and keeps working', async () => {
      const toolOrigin = new URL(demo.coachloop.lti.publicUrl).origin;
      const safari = await safariLikeContext(toolOrigin, demo.sim.issuer);
      const page = await safari.context.newPage();
      const requestsWithCookies: string[] = [];
      page.on('request', (r) => { if (r.url().startsWith(toolOrigin) && r.headers().cookie) requestsWithCookies.push(r.url()); });
      await enterCourse(page, demo.sim.issuer);
      const cookielessBefore = await countRows(demo, 'lti_cookieless_sessions');
      const { frame, ms } = await launch(page, toolOrigin);
      timings.push(`(b) Platform Storage ${ms.toFixed(0)} ms`);
      expect(await probeCookies(frame), 'no cookie, not even partitioned, inside the frame').to.equal('');
      expect(await countRows(demo, 'lti_cookieless_sessions'), 'the launch finished without cookies').to.equal(cookielessBefore + 1);
      // A page after the launch, through the navigation, with the ltik alone.
      await frame.getByRole('link', { name: 'Home' }).click();
      await frame.waitForURL(/\/app\/home\?ltik=/);
      expect(await frame.locator('h1').first().textContent()).to.equal(`Welcome, ${COACH.first}`);
      expect(requestsWithCookies, 'the browser never sent CoachLoop a cookie').to.deep.equal([]);
      expect(await safari.context.cookies(toolOrigin)).to.deep.equal([]);
      await safari.close();
    });
  });

  describe('on an LMS without Platform Storage', () => {
    let demo: BrowserDemo;
    before(async () => { demo = await startBrowserDemo({ platformStorage: false }); });
    after(() => demo?.stop());

    it('(c) with no cookie for CoachLoop in the frame, offers a new window, and the launch works there', async () => {
      const toolOrigin = new URL(demo.coachloop.lti.publicUrl).origin;
      const safari = await safariLikeContext(toolOrigin, demo.sim.issuer);
      const context = safari.context;
      const page = await context.newPage();
      await enterCourse(page, demo.sim.issuer);
      const cookielessBefore = await countRows(demo, 'lti_cookieless_sessions');
      const started = performance.now();
      await page.getByRole('link', { name: 'CoachLoop', exact: true }).first().click();
      const frame = await toolFrame(page, toolOrigin);
      expect(await frame.locator('h1').first().textContent()).to.equal('Your browser blocked what CoachLoop needs inside the course page');
      const [popup] = await Promise.all([
        context.waitForEvent('page'),
        frame.getByRole('link', { name: 'Open CoachLoop in a new window' }).click(),
      ]);
      await popup.getByRole('heading', { level: 1, name: `Welcome, ${COACH.first}` }).waitFor({ timeout: 15_000 });
      timings.push(`(c) fallback page + new window ${(performance.now() - started).toFixed(0)} ms`);
      expect(new URL(popup.url()).origin).to.equal(toolOrigin);
      await popup.getByRole('link', { name: 'Home' }).click();
      await popup.waitForURL(/\/app\/home\?ltik=/);
      expect(await popup.locator('h1').first().textContent()).to.equal(`Welcome, ${COACH.first}`);
      // In its own window CoachLoop's cookies are first-party: the normal cookie path, no cookieless session.
      expect(await countRows(demo, 'lti_cookieless_sessions')).to.equal(cookielessBefore);
      await safari.close();
    });
  });
});
