/**
 * The demo in a real browser (Debian's Chromium driven by playwright-core): on the demo LMS
 * page a person launches into CoachLoop, framed cross-site like in a real LMS, in two clicks.
 */
import { expect } from 'chai';
import type { Browser, Frame, Page } from 'playwright-core';
import type { LmsSimulator } from '../../src/simulator';
import { expectNoAxeProblems } from '../helpers/axe';
import { type BrowserDemo, COACHLOOP_HEADING, startBrowserDemo } from '../helpers/browserDemo';

describe('demo in a browser', function () {
  this.timeout(60_000);
  let demo: BrowserDemo;
  let sim: LmsSimulator;
  let browser: Browser;

  before(async () => {
    demo = await startBrowserDemo();
    ({ sim, browser } = demo);
  });
  after(() => demo?.stop());

  async function toolFrame(page: Page): Promise<Frame> {
    const frame = page.frameLocator('iframe.tool');
    await frame.locator(COACHLOOP_HEADING).first().waitFor({ timeout: 15_000 });
    const found = page.frames().find((f) => f.url().includes('/lti/launch'));
    if (!found) throw new Error(`CoachLoop frame not found in ${page.frames().map((f) => f.url()).join(', ')}`);
    return found;
  }

  const people = [
    { name: 'Maya Okafor', first: 'Maya', badge: 'Coach' },
    { name: 'Daniel Reyes', first: 'Daniel', badge: 'Teacher' },
    { name: 'Helen Castillo', first: 'Helen', badge: 'Program admin' },
    { name: 'Robert Lindqvist', first: 'Robert', badge: 'Mentor' },
  ];
  for (const p of people) {
    it(`${p.name} launches CoachLoop from the course in two clicks and lands on a home page as ${p.badge}`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${sim.issuer}/`);
      await page.getByRole('button', { name: `Enter the course as ${p.name}` }).first().click();
      await page.getByRole('link', { name: 'CoachLoop', exact: true }).first().click();
      const frame = await toolFrame(page);
      expect(await frame.locator('h1').first().textContent()).to.equal(`Welcome, ${p.first}`);
      expect(await frame.locator('.topbar .badge').textContent()).to.equal(p.badge);
      expect(await frame.locator('.topbar .context').textContent()).to.contain('Instructional Coaching 2026');
      // The session continues inside the frame: follow the navigation.
      await frame.getByRole('link', { name: 'Home' }).click();
      await frame.waitForURL(/\/app\/home\?ltik=/);
      expect(await frame.locator('h1').first().textContent()).to.equal(`Welcome, ${p.first}`);
      await expectNoAxeProblems(frame, `the home page of ${p.name}`);
      await expectNoAxeProblems(page, 'the demo LMS course page');
      await context.close();
    });
  }

  it('the principal opens the account-level placement and sees the district view', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${sim.issuer}/`);
    await page.getByRole('button', { name: 'Enter the course as Helen Castillo' }).first().click();
    await page.getByRole('link', { name: /CoachLoop \(account\)/ }).first().click();
    const frame = await toolFrame(page);
    expect(await frame.locator('#account-heading').textContent()).to.equal('District view');
    await expectNoAxeProblems(frame, 'the district view (account placement)');
    await context.close();
  });
});
