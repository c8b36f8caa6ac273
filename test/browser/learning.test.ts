/**
 * Professional learning in a real browser, on a phone-sized screen inside the demo LMS's frame:
 * the principal adds a catalog offering and a district tag, the coach links the offering the cycle
 * page suggests to the teacher's goal, and the teacher sees it next to that goal on "My coaching".
 * Every page fits 375 px without sideways scrolling.
 */
import { expect } from 'chai';
import type { Browser, BrowserContext, Frame, Locator } from 'playwright-core';
import type { Actor } from '../../src/auth/actor';
import { confirmAssignment } from '../../src/features/coaching/commands/assignmentConfirmer';
import { startCycle } from '../../src/features/coaching/commands/cycleStarter';
import { createGoal } from '../../src/features/coaching/commands/goalCreator';
import { teacherOptIn } from '../../src/features/coaching/commands/teacherOptIn';
import type { LmsSimulator } from '../../src/simulator';
import { type BrowserDemo, demoActor, openCoachLoopAs, startBrowserDemo } from '../helpers/browserDemo';
import { testDatabase } from '../helpers/database';

describe('professional learning in a browser', function () {
  this.timeout(90_000);
  let demo: BrowserDemo;
  let sim: LmsSimulator;
  let browser: Browser;

  before(async () => {
    demo = await startBrowserDemo();
    ({ sim, browser } = demo);
  });
  after(() => demo?.stop());

  async function go(frame: Frame, target: Locator): Promise<void> {
    await Promise.all([frame.waitForNavigation({ waitUntil: 'load' }), target.click()]);
  }

  async function openPath(frame: Frame, path: string): Promise<void> {
    const href = await frame.locator('nav a[href*="ltik="]').first().getAttribute('href');
    const ltik = new URL(href ?? '', frame.url()).searchParams.get('ltik') ?? '';
    await frame.goto(new URL(`${path}?ltik=${encodeURIComponent(ltik)}`, frame.url()).toString());
  }

  const launchAs = async (context: BrowserContext, name: string): Promise<Frame> => (await openCoachLoopAs(sim, context, name)).frame;

  /** The page's width in the frame: no sideways scrolling means at most the viewport. */
  const scrollWidth = (frame: Frame) => frame.evaluate<number>('document.documentElement.scrollWidth');

  const demoActorOf = (sub: string, role: Actor['role']) => demoActor(sim, sub, role);

  it('catalog and standards (admin), a suggested offering linked to a goal (coach), shown next to the goal (teacher)', async () => {
    const phone = { viewport: { width: 375, height: 740 } };
    const adminContext = await browser.newContext(phone);
    const admin = await launchAs(adminContext, 'Helen Castillo');
    await go(admin, admin.getByRole('link', { name: 'PD catalog' }));
    await admin.getByLabel('Title').fill('Number Talks in Grades 3–5');
    await admin.getByLabel('Kind').selectOption('course');
    await admin.getByLabel(/^Link/).fill('https://lms.riverbend.example/courses/301');
    await admin.getByRole('checkbox', { name: 'Math', exact: true }).check();
    await admin.getByRole('checkbox', { name: 'ISTE 2.5 Designer' }).check();
    await go(admin, admin.getByRole('button', { name: 'Add to the catalog' }));
    await admin.getByText('Offering added to the catalog.').waitFor();
    expect(await scrollWidth(admin), 'the catalog fits 375 px').to.be.at.most(375);
    await go(admin, admin.getByRole('link', { name: 'Standards', exact: true }));
    await admin.getByLabel(/^Code/).last().fill('MA-1');
    await admin.getByLabel(/^Name/).last().fill('Number sense');
    await go(admin, admin.getByRole('button', { name: 'Add tag' }));
    await admin.getByText('Tag added.').waitFor();
    expect(await admin.content()).to.contain('ISTE Standards for Coaches').and.contain('MA-1');
    expect(await scrollWidth(admin), 'the standards page fits 375 px').to.be.at.most(375);
    await adminContext.close();

    const teacherContext = await browser.newContext(phone);
    await launchAs(teacherContext, 'Grace Nakamura');
    const coachContext = await browser.newContext(phone);
    const coach = await launchAs(coachContext, 'Maya Okafor');
    const sequelize = await testDatabase();
    const [teacher, coachActor, principal] = await Promise.all([demoActorOf('rb-2003', 'teacher'), demoActorOf('rb-1001', 'coach'), demoActorOf('rb-3001', 'admin')]);
    await teacherOptIn(sequelize, { actor: teacher, subjects: ['Grade 4'], gradeBand: 'g3_5', needAreas: ['math'] });
    await confirmAssignment(sequelize, { actor: principal, teacherId: teacher.person.id, coachId: coachActor.person.id });
    const cycleId = await startCycle(sequelize, { actor: coachActor, teacherId: teacher.person.id, focus: 'Math discourse', model: 'impact', startsOn: '2026-11-02', status: 'active' });
    await createGoal(sequelize, { actor: teacher, cycleId, statement: 'Students explain two strategies for a sum', studentOutcome: 'o', successMeasure: 'exit tickets', baseline: 10, target: 70, unit: '% of students', dueOn: '2026-12-18' });

    await openPath(coach, `/app/cycles/${cycleId}`);
    const suggestion = coach.locator('li', { hasText: 'Number Talks in Grades 3–5' }).first();
    await suggestion.getByText(/Suggest it to/).click();
    await suggestion.getByLabel('For').selectOption({ label: 'Goal: Students explain two strategies for a sum' });
    await suggestion.getByLabel(/^Why it matters/).fill('The course models the strategy talks we plan for your class.');
    await go(coach, suggestion.getByRole('button', { name: 'Link it' }));
    await coach.getByText('Professional learning linked.').waitFor();
    expect(await scrollWidth(coach), 'the cycle page fits 375 px').to.be.at.most(375);
    await openPath(coach, '/app/caseload');
    await coach.getByRole('heading', { name: 'Log a group session' }).waitFor();
    expect(await coach.content()).to.contain('Number Talks in Grades 3–5');
    expect(await scrollWidth(coach), 'the caseload with the group-session form fits 375 px').to.be.at.most(375);
    await coachContext.close();

    const teacherFrame = await launchAs(teacherContext, 'Grace Nakamura');
    await go(teacherFrame, teacherFrame.getByRole('link', { name: 'My coaching' }));
    const card = teacherFrame.locator('article.goal', { hasText: 'Students explain two strategies for a sum' });
    await card.getByText('The course models the strategy talks we plan for your class.').waitFor();
    expect(await card.getByRole('link', { name: /Number Talks in Grades 3–5/ }).getAttribute('href')).to.equal('https://lms.riverbend.example/courses/301');
    expect(await scrollWidth(teacherFrame), '"My coaching" fits 375 px').to.be.at.most(375);
    await teacherContext.close();
  });
});
