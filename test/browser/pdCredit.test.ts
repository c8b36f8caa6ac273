/**
 * The PD-credit summary in a real browser (Debian's Chromium driven by playwright-core), framed
 * cross-site by the demo LMS: a teacher opens "PD credit" on a phone-sized screen and sees the
 * figures and the credits; printed (print media), the page drops CoachLoop's menus and the range
 * form and keeps the certificate. axe-core finds no WCAG A/AA violation on the page.
 */
import { createRequire } from 'node:module';
import { expect } from 'chai';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Actor } from '../../src/auth/actor';
import type { LmsSimulator } from '../../src/simulator';
import { confirmAssignment } from '../../src/features/coaching/commands/assignmentConfirmer';
import { startCycle } from '../../src/features/coaching/commands/cycleStarter';
import { logSession } from '../../src/features/coaching/commands/sessionLogger';
import { teacherOptIn } from '../../src/features/coaching/commands/teacherOptIn';
import { DEFAULT_RULES, todayUtc } from '../../src/features/pdCredit/catalog';
import { saveCreditRules } from '../../src/features/pdCredit/commands/rulesSaver';
import { type BrowserDemo, demoActor, openCoachLoopAs, startBrowserDemo } from '../helpers/browserDemo';
import { testDatabase } from '../helpers/database';

describe('the PD-credit summary in a browser', function () {
  this.timeout(90_000);
  let demo: BrowserDemo;
  let sim: LmsSimulator;
  let browser: Browser;

  before(async () => {
    demo = await startBrowserDemo();
    ({ sim, browser } = demo);
  });
  after(() => demo?.stop());

  const launchAs = (context: BrowserContext, name: string) => openCoachLoopAs(sim, context, name);

  const demoActorOf = (sub: string, role: Actor['role']) => demoActor(sim, sub, role);

  it('a teacher opens "PD credit" at 375 px, sees the figures, and the printed page has no navigation', async () => {
    // Grace, Samuel, the coach and the principal launch once so CoachLoop knows them.
    const setup = await browser.newContext();
    for (const name of ['Samuel Osei', 'Maya Okafor', 'Helen Castillo']) await launchAs(setup, name);
    await setup.close();
    // bypassCSP lets the test inject axe-core; CoachLoop's own pages run under its CSP.
    const teacherContext = await browser.newContext({ viewport: { width: 375, height: 800 }, bypassCSP: true });
    await launchAs(teacherContext, 'Grace Nakamura');

    const sequelize = await testDatabase();
    const [grace, samuel, coach, admin] = await Promise.all([demoActorOf('rb-2003', 'teacher'), demoActorOf('rb-2004', 'teacher'), demoActorOf('rb-1001', 'coach'), demoActorOf('rb-3001', 'admin')]);
    // 1 credit per hour, 0.5 per group session: 90 min observation + 120 min group PD = 3.5 h → 3.5, + 0.5 = 4 clock hours.
    await saveCreditRules(sequelize, { actor: admin, rules: { ...DEFAULT_RULES, programName: 'Riverbend coaching', creditUnit: 'clock hours', hoursPerCredit: 1, perGroupSession: 0.5 } });
    for (const t of [grace, samuel]) {
      await teacherOptIn(sequelize, { actor: t, subjects: ['Math'], gradeBand: 'g3_5', needAreas: ['math'] });
      await confirmAssignment(sequelize, { actor: admin, teacherId: t.person.id, coachId: coach.person.id });
    }
    const cycleId = await startCycle(sequelize, { actor: coach, teacherId: grace.person.id, focus: 'Number talks', model: 'impact', startsOn: todayUtc(), status: 'active' });
    const day = todayUtc();
    await logSession(sequelize, { actor: coach, cycleId, kind: 'observation', heldOn: day, minutes: 90, format: 'in_person', notes: 'PRIVATE-NOTE' });
    await logSession(sequelize, { actor: coach, attendees: [grace.person.id, samuel.person.id], kind: 'group_pd', heldOn: day, minutes: 120, format: 'virtual' });

    const { page, frame } = await launchAs(teacherContext, 'Grace Nakamura');
    await Promise.all([frame.waitForNavigation({ waitUntil: 'load' }), frame.getByRole('link', { name: 'PD credit', exact: true }).click()]);
    await frame.getByRole('heading', { name: 'PD-credit summary: Grace Nakamura' }).waitFor();
    expect(await frame.getByTestId('pd-credits').textContent()).to.equal('4');
    const certificate = frame.locator('.pd-certificate');
    const text = (await certificate.textContent()) ?? '';
    expect(text).to.contain('Riverbend coaching').and.contain('clock hours').and.contain('1 group session × 0.5 = 0.5').and.contain('3.5 weighted hours ÷ 1 hours per credit = 3.5');
    expect(await frame.getByRole('row', { name: /Classroom visit \/ data collection/ }).innerText()).to.match(/1\s+1\.5\s+× 1\s+1\.5/);
    expect(await frame.content()).to.not.contain('PRIVATE-NOTE');
    expect(await frame.getByRole('link', { name: 'Download as CSV' }).getAttribute('href')).to.match(/\/csv\?from=\d{4}-07-01&to=\d{4}-06-30&ltik=/);

    // Readable at 375 px: the document does not scroll sideways (wide tables scroll in their own box).
    const overflow = await frame.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as number;
    expect(overflow, 'no sideways scrolling').to.be.at.most(0);

    // No WCAG 2 A/AA violations (axe-core, injected into the frame).
    const axePath = createRequire(__filename).resolve('axe-core/axe.min.js');
    await frame.addScriptTag({ path: axePath });
    // A string runs in the page (the project compiles without the DOM's types).
    const violations = await frame.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }).then((r) => r.violations.map((v) => v.id + ' (' + v.nodes.length + ')'))`) as string[];
    expect(violations).to.deep.equal([]);

    // Printed: CoachLoop's menus, the range form and the buttons go; the certificate stays.
    const display = (selector: string) => frame.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).display`) as Promise<string>;
    expect(await display('nav.nav')).to.not.equal('none');
    await page.emulateMedia({ media: 'print' });
    expect(await display('nav.nav')).to.equal('none');
    expect(await display('header.topbar')).to.equal('none');
    expect(await display('.pd-range')).to.equal('none');
    expect(await display('footer.footer')).to.equal('none');
    expect(await display('.pd-certificate')).to.equal('block');
    expect(await certificate.isVisible()).to.equal(true);
    // The printed tables wrap instead of scrolling, so nothing is cut off even on a page narrower than A4 or Letter.
    expect(await frame.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as number, 'printed width').to.be.at.most(0);
    expect(await frame.evaluate("[...document.querySelectorAll('.table-wrap')].map((el) => el.scrollWidth - el.clientWidth)") as number[], 'printed tables').to.deep.equal([0, 0]);
    await page.emulateMedia({ media: 'screen' });
    expect(await display('nav.nav')).to.not.equal('none');
    await teacherContext.close();
  });
});
