/**
 * Coaching end to end in a real browser (Debian's Chromium driven by playwright-core), with
 * CoachLoop framed cross-site by the demo LMS: a teacher opts in, the principal assigns a coach,
 * the coach — on a phone-sized screen — starts a cycle and logs a session from the cycle page,
 * and the teacher then sees that session and its next steps on "My coaching". Then a teacher
 * submits a reflection, the coach completes it, and the score reaches the LMS's gradebook.
 */
import { expect } from 'chai';
import type { Browser, BrowserContext, Frame, Locator } from 'playwright-core';
import type { CoachLoopApp } from '../../src/app';
import type { LmsSimulator } from '../../src/simulator';
import { expectNoAxeProblems } from '../helpers/axe';
import { type BrowserDemo, demoActor, openCoachLoopAs, startBrowserDemo } from '../helpers/browserDemo';
import type { Actor } from '../../src/auth/actor';
import { confirmAssignment } from '../../src/features/coaching/commands/assignmentConfirmer';
import { startCycle } from '../../src/features/coaching/commands/cycleStarter';
import { teacherOptIn } from '../../src/features/coaching/commands/teacherOptIn';
import { testDatabase } from '../helpers/database';

describe('coaching in a browser', function () {
  this.timeout(90_000);
  let demo: BrowserDemo;
  let coachloop: CoachLoopApp;
  let sim: LmsSimulator;
  let browser: Browser;

  before(async () => {
    demo = await startBrowserDemo();
    ({ coachloop, sim, browser } = demo);
  });
  after(() => demo?.stop());

  /** Clicks a link or submit button in the tool's frame and waits for the page it leads to. */
  async function go(frame: Frame, target: Locator): Promise<void> {
    await Promise.all([frame.waitForNavigation({ waitUntil: 'load' }), target.click()]);
  }

  /** Opens a CoachLoop page in the frame directly, carrying the frame's launch session (ltik). */
  async function openPath(frame: Frame, path: string): Promise<void> {
    const href = await frame.locator('nav a[href*="ltik="]').first().getAttribute('href');
    const ltik = new URL(href ?? '', frame.url()).searchParams.get('ltik') ?? '';
    await frame.goto(new URL(`${path}?ltik=${encodeURIComponent(ltik)}`, frame.url()).toString());
  }

  const launchAs = async (context: BrowserContext, name: string): Promise<Frame> => (await openCoachLoopAs(sim, context, name)).frame;

  it('a coach logs a session through the demo LMS and the teacher then sees it', async () => {
    // The coach fills in their profile (specialties, grade bands, capacity).
    const coachContext = await browser.newContext({ viewport: { width: 375, height: 740 } });
    let coach = await launchAs(coachContext, 'Maya Okafor');
    await go(coach, coach.getByRole('link', { name: 'Coach profile' }));
    await coach.getByRole('checkbox', { name: 'Math' }).check();
    await coach.getByRole('checkbox', { name: 'Data analysis' }).check();
    await coach.getByRole('checkbox', { name: 'Grades 6–8' }).check();
    await coach.getByLabel(/^Caseload capacity/).fill('10');
    await go(coach, coach.getByRole('button', { name: 'Save my profile' }));
    await coach.getByRole('checkbox', { name: 'Math' }).waitFor();
    expect(await coach.getByRole('checkbox', { name: 'Math' }).isChecked()).to.equal(true);

    // The teacher opts in.
    const teacherContext = await browser.newContext();
    let teacher = await launchAs(teacherContext, 'Daniel Reyes');
    await go(teacher, teacher.getByRole('link', { name: 'My coaching' }));
    await teacher.getByLabel('Subjects you teach').fill('Grade 7 math');
    await teacher.getByRole('radio', { name: 'Grades 6–8' }).check();
    await teacher.getByRole('checkbox', { name: 'Math' }).check();
    await teacher.getByRole('checkbox', { name: 'Data analysis' }).check();
    await teacher.getByLabel(/In your own words/).fill('My students rarely explain their thinking.');
    await teacher.getByRole('checkbox', { name: /I am choosing coaching myself/ }).check();
    await go(teacher, teacher.locator('form[action="/app/coaching/profile"] button[type="submit"]'));
    await teacher.getByText('Taking part').first().waitFor();

    // The principal assigns the suggested coach.
    const adminContext = await browser.newContext();
    const admin = await launchAs(adminContext, 'Helen Castillo');
    await go(admin, admin.getByRole('link', { name: 'Assignments' }));
    await admin.getByRole('heading', { name: 'Assignments' }).first().waitFor();
    // Maya covers both areas asked for and the grade band, with room: 60 + 25 + 15.
    expect(await admin.content()).to.contain('100');
    await expectNoAxeProblems(admin, 'assignments with a suggested coach');
    await go(admin, admin.getByRole('button', { name: /Assign Maya Okafor/ }).first());
    await admin.getByText(/Maya Okafor/).first().waitFor();
    expect(await admin.content()).to.not.contain('My students rarely explain their thinking.');
    await adminContext.close();

    // The coach, on a phone-sized screen, starts a cycle and logs a session from the cycle page.
    coach = await launchAs(coachContext, 'Maya Okafor');
    await go(coach, coach.getByRole('link', { name: 'Caseload' }));
    await coach.getByLabel(/^Focus/).fill('Students explain their reasoning in math talks');
    await go(coach, coach.getByRole('button', { name: 'Start cycle' }));
    await coach.getByRole('heading', { name: 'Cycle with Daniel Reyes' }).waitFor();
    expect(await coach.content()).to.contain('My students rarely explain their thinking.');
    // One click moves the stage.
    await go(coach, coach.getByRole('button', { name: /Learn/ }));
    await coach.getByRole('heading', { name: 'Stage 2 of 3: Learn' }).waitFor();
    // The quick log: everything but the notes has a sensible default.
    const started = Date.now();
    await coach.getByLabel(/^Kind/).selectOption('observation');
    await coach.getByLabel(/^Notes/).fill('Watched a math talk; 4 of 26 students explained their reasoning.');
    await coach.getByLabel(/^Next steps/).fill('Try sentence stems for explaining on Tuesday.');
    await go(coach, coach.getByRole('button', { name: 'Log session' }));
    await coach.getByText('Session logged.').waitFor();
    const loggedInMs = Date.now() - started;
    expect(await coach.content()).to.contain('Classroom visit / data collection');
    const box = await coach.getByRole('button', { name: 'Log session' }).boundingBox();
    expect(box && box.x + box.width, 'the log form fits a 375 px screen').to.be.at.most(375);
    await expectNoAxeProblems(coach, 'the cycle page at 375 px after a session');
    await coachContext.close();

    // The teacher sees the session, its notes and the next steps.
    teacher = await launchAs(teacherContext, 'Daniel Reyes');
    await go(teacher, teacher.getByRole('link', { name: 'My coaching' }));
    await teacher.getByText('Try sentence stems for explaining on Tuesday.').first().waitFor();
    const page = await teacher.content();
    expect(page).to.contain('Watched a math talk; 4 of 26 students explained their reasoning.');
    expect(page).to.contain('Learn');
    await expectNoAxeProblems(teacher, 'My coaching with a logged session');
    await teacherContext.close();
    console.log(`      (quick session log filled and saved by the browser in ${loggedInMs} ms)`);
  });

  const demoActorOf = (sub: string, role: Actor['role']) => demoActor(sim, sub, role);

  it('a teacher submits a reflection, the coach completes it, and the score lands in the LMS gradebook', async () => {
    // Everyone launches once (so CoachLoop knows them); the assignment and cycle are set up directly.
    const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
    const [teacherContext, coachContext] = contexts;
    await launchAs(teacherContext, 'Aisha Thompson');
    let coach = await launchAs(coachContext, 'Maya Okafor');
    const adminContext = await browser.newContext();
    await launchAs(adminContext, 'Helen Castillo');
    await adminContext.close();
    const sequelize = await testDatabase();
    const [teacher, coachActor, admin] = await Promise.all([demoActorOf('rb-2002', 'teacher'), demoActorOf('rb-1001', 'coach'), demoActorOf('rb-3001', 'admin')]);
    await teacherOptIn(sequelize, { actor: teacher, subjects: ['Science'], gradeBand: 'g3_5', needAreas: ['science'] });
    await confirmAssignment(sequelize, { actor: admin, teacherId: teacher.person.id, coachId: coachActor.person.id });
    const cycleId = await startCycle(sequelize, { actor: coachActor, teacherId: teacher.person.id, focus: 'Lab talk', model: 'impact', startsOn: '2026-11-02', status: 'active' });

    // The coach asks for a reflection from the cycle page.
    await openPath(coach, `/app/cycles/${cycleId}`);
    await coach.getByText(/Ask for a reflection/).click();
    await go(coach, coach.getByRole('button', { name: 'Ask for this reflection' }));
    await coach.getByRole('heading', { name: 'Reflection for this stage' }).waitFor();

    // The teacher writes and submits.
    const teacherPage = await launchAs(teacherContext, 'Aisha Thompson');
    await go(teacherPage, teacherPage.getByRole('link', { name: 'Reflections' }));
    await go(teacherPage, teacherPage.getByRole('link', { name: /Reflection: Identify/ }).first());
    await teacherPage.getByLabel(/^1\./).fill('Students argued from evidence in the lab for the first time.');
    await teacherPage.getByLabel(/^2\./).fill('Sentence frames for claims and evidence.');
    await go(teacherPage, teacherPage.getByRole('button', { name: 'Submit to your coach' }));
    await teacherPage.getByText(/What you wrote/).first().waitFor();

    // The coach reads it in the queue and completes it with feedback.
    coach = await launchAs(coachContext, 'Maya Okafor');
    await go(coach, coach.getByRole('link', { name: 'Reflections' }));
    await go(coach, coach.getByRole('link', { name: /Aisha Thompson|Reflection: Identify/ }).first());
    expect(await coach.content()).to.contain('Students argued from evidence in the lab for the first time.');
    await coach.getByLabel(/^Feedback/).fill('Great shift — keep the frames up for two more weeks.');
    await go(coach, coach.getByRole('button', { name: /^Complete/ }));
    await coach.getByRole('heading', { name: 'Credit' }).waitFor();

    // The runner delivers the grade; the simulator's gradebook shows it for Aisha.
    await coachloop.jobs.drain();
    const scores = sim.scores().filter((sc) => sc.userId === 'rb-2002');
    expect(scores, 'one score for the teacher').to.have.length(1);
    expect(scores[0]).to.deep.include({ scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    await coach.goto(coach.url());
    expect(await coach.content()).to.match(/[Ss]ent to the LMS/);
    for (const c of contexts) await c.close();
  });
});
