/**
 * Coaching end to end in a real browser (Debian's Chromium driven by playwright-core), with
 * CoachLoop framed cross-site by the demo LMS: a teacher opts in, the principal assigns a coach,
 * the coach — on a phone-sized screen — starts a cycle and logs a session from the cycle page,
 * and the teacher then sees that session and its next steps on "My coaching".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Frame } from 'playwright-core';
import { createApp, type CoachLoopApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { startDemoLms } from '../../src/demo/demoLms';
import type { LmsSimulator } from '../../src/simulator';
import { testDatabase } from '../helpers/database';
import { TEST_ENCRYPTION_KEY } from '../helpers/harness';
import { CHROMIUM_ARGS } from '../helpers/chromium';

describe('coaching in a browser', function () {
  this.timeout(90_000);
  let server: http.Server;
  let coachloop: CoachLoopApp;
  let sim: LmsSimulator;
  let browser: Browser;

  before(async () => {
    const sequelize = await testDatabase();
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const publicUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
    coachloop = await createApp({ config: { ...loadConfig({ NODE_ENV: 'test', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }), publicUrl }, sequelize });
    server.on('request', coachloop.app);
    sim = await startDemoLms(coachloop, { port: 0 });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await sim?.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await coachloop.close();
  });

  /** Enters the demo course as a person and opens CoachLoop; returns the tool's frame. */
  async function launchAs(context: BrowserContext, name: string): Promise<Frame> {
    const page = await context.newPage();
    await page.goto(`${sim.issuer}/`);
    await page.getByRole('button', { name: `Enter the course as ${name}` }).first().click();
    await page.getByRole('link', { name: 'CoachLoop', exact: true }).first().click();
    await page.frameLocator('iframe').locator('h1').first().waitFor({ timeout: 15_000 });
    const frame = page.frames().find((f) => f.url().includes('/lti/launch'));
    if (!frame) throw new Error('CoachLoop frame not found');
    return frame;
  }

  it('a coach logs a session through the demo LMS and the teacher then sees it', async () => {
    // The coach fills in their profile (specialties, grade bands, capacity).
    const coachContext = await browser.newContext({ viewport: { width: 375, height: 740 } });
    let coach = await launchAs(coachContext, 'Maya Okafor');
    await coach.getByRole('link', { name: 'Coach profile' }).click();
    await coach.getByRole('checkbox', { name: 'Math' }).check();
    await coach.getByRole('checkbox', { name: 'Data analysis' }).check();
    await coach.getByRole('checkbox', { name: 'Grades 6–8' }).check();
    await coach.getByLabel(/^Caseload capacity/).fill('10');
    await coach.getByRole('button', { name: 'Save my profile' }).click();
    await coach.getByRole('checkbox', { name: 'Math' }).waitFor();
    expect(await coach.getByRole('checkbox', { name: 'Math' }).isChecked()).to.equal(true);

    // The teacher opts in.
    const teacherContext = await browser.newContext();
    let teacher = await launchAs(teacherContext, 'Daniel Reyes');
    await teacher.getByRole('link', { name: 'My coaching' }).click();
    await teacher.getByLabel('Subjects you teach').fill('Grade 7 math');
    await teacher.getByRole('radio', { name: 'Grades 6–8' }).check();
    await teacher.getByRole('checkbox', { name: 'Math' }).check();
    await teacher.getByRole('checkbox', { name: 'Data analysis' }).check();
    await teacher.getByLabel(/In your own words/).fill('My students rarely explain their thinking.');
    await teacher.getByRole('checkbox', { name: /I am choosing coaching myself/ }).check();
    await teacher.locator('form[action="/app/coaching/profile"] button[type="submit"]').click();
    await teacher.getByText('Taking part').first().waitFor();

    // The principal assigns the suggested coach.
    const adminContext = await browser.newContext();
    const admin = await launchAs(adminContext, 'Helen Castillo');
    await admin.getByRole('link', { name: 'Assignments' }).click();
    await admin.getByRole('heading', { name: 'Assignments' }).first().waitFor();
    // Maya covers both areas asked for and the grade band, with room: 60 + 25 + 15.
    expect(await admin.content()).to.contain('100');
    await admin.getByRole('button', { name: /Assign Maya Okafor/ }).first().click();
    await admin.getByText(/Maya Okafor/).first().waitFor();
    expect(await admin.content()).to.not.contain('My students rarely explain their thinking.');
    await adminContext.close();

    // The coach, on a phone-sized screen, starts a cycle and logs a session from the cycle page.
    coach = await launchAs(coachContext, 'Maya Okafor');
    await coach.getByRole('link', { name: 'Caseload' }).click();
    await coach.getByLabel(/^Focus/).fill('Students explain their reasoning in math talks');
    await coach.getByRole('button', { name: 'Start cycle' }).click();
    await coach.getByRole('heading', { name: 'Cycle with Daniel Reyes' }).waitFor();
    expect(await coach.content()).to.contain('My students rarely explain their thinking.');
    // One click moves the stage.
    await coach.getByRole('button', { name: /Learn/ }).click();
    await coach.getByRole('heading', { name: 'Stage 2 of 3: Learn' }).waitFor();
    // The quick log: everything but the notes has a sensible default.
    const started = Date.now();
    await coach.getByLabel(/^Kind/).selectOption('observation');
    await coach.getByLabel(/^Notes/).fill('Watched a math talk; 4 of 26 students explained their reasoning.');
    await coach.getByLabel(/^Next steps/).fill('Try sentence stems for explaining on Tuesday.');
    await coach.getByRole('button', { name: 'Log session' }).click();
    await coach.getByText('Session logged.').waitFor();
    const loggedInMs = Date.now() - started;
    expect(await coach.content()).to.contain('Classroom visit / data collection');
    const box = await coach.getByRole('button', { name: 'Log session' }).boundingBox();
    expect(box && box.x + box.width, 'the log form fits a 375 px screen').to.be.at.most(375);
    await coachContext.close();

    // The teacher sees the session, its notes and the next steps.
    teacher = await launchAs(teacherContext, 'Daniel Reyes');
    await teacher.getByRole('link', { name: 'My coaching' }).click();
    await teacher.getByText('Try sentence stems for explaining on Tuesday.').first().waitFor();
    const page = await teacher.content();
    expect(page).to.contain('Watched a math talk; 4 of 26 students explained their reasoning.');
    expect(page).to.contain('Learn');
    await teacherContext.close();
    console.log(`      (quick session log filled and saved by the browser in ${loggedInMs} ms)`);
  });
});
