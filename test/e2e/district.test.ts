/**
 * The district end to end, in Debian's Chromium, with CoachLoop framed cross-site by a simulated
 * LMS that starts knowing nothing of CoachLoop:
 * the LMS admin installs CoachLoop by Dynamic Registration from the LMS's admin page and activates
 * it; the coach builds a survey and places it, with a new reflection, through the LMS's Deep
 * Linking picker; six teachers launch and opt in; the principal assigns the coach; the coach
 * starts a cycle and logs a session with each; each teacher sets a goal, answers the placed
 * survey and submits the placed reflection; the coach completes the reflections; the grades land
 * in the LMS's gradebook; the principal reads the dashboard from the account menu.
 * axe-core checks every kind of page the flow visits (LMS and CoachLoop): no serious or critical
 * violation may remain.
 */
import { expect } from 'chai';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import type { CoachLoopApp } from '../../src/app';
import type { LmsSimulator } from '../../src/simulator';
import { AxeAudit, axeProblems } from '../helpers/axe';
import { type DistrictWorld, enterCourse, go, openFramed, startDistrictWorld, toolFrame } from './districtWorld';

const TEACHERS = [
  { name: 'Daniel Reyes', sub: 'rb-2001', band: 'Grades 6–8', area: 'Math' },
  { name: 'Aisha Thompson', sub: 'rb-2002', band: 'Grades 3–5', area: 'Science' },
  { name: 'Grace Nakamura', sub: 'rb-2003', band: 'Grades 6–8', area: 'Math' },
  { name: 'Samuel Osei', sub: 'rb-2004', band: 'Grades 9–12', area: 'Data analysis' },
  { name: 'Priya Raman', sub: 'rb-2005', band: 'Grades 3–5', area: 'Math' },
  { name: 'Lucas Bennett', sub: 'rb-2006', band: 'Grades 9–12', area: 'Science' },
];
const COACH = 'Maya Okafor';
const ADMIN = 'Helen Castillo';
const SURVEY = 'Coaching snapshot';
const REFLECTION = 'Week 1 reflection';
const SESSION_MINUTES = 45;

describe('the district end to end (Debian Chromium, cross-site LMS frame, axe-core on every page)', function () {
  this.timeout(120_000);
  let world: DistrictWorld;
  let coachloop: CoachLoopApp;
  let sim: LmsSimulator;
  let clientId = '';
  const audit = new AxeAudit();
  let startedAt = 0;

  before(async () => {
    startedAt = Date.now();
    world = await startDistrictWorld();
    ({ coachloop, sim } = world);
  });
  after(async () => {
    await world?.stop();
    console.log(`      district flow: ${((Date.now() - startedAt) / 1000).toFixed(1)} s; axe checked ${audit.pages.length} pages, ${audit.problems.length} serious/critical violations`);
  });

  /** Runs axe on a page kind the first time the flow meets it. */
  async function a11y(target: Frame | Page, label: string): Promise<void> {
    if (!audit.pages.includes(label)) await audit.check(target, label);
  }

  /** A fresh browser for a person, in the course; the course page is checked with axe. */
  async function as(name: string, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await world.browser.newContext({ viewport });
    const page = await enterCourse(context, sim, name);
    await a11y(page, 'LMS: course page');
    return { context, page };
  }

  /** Opens CoachLoop from the course navigation. */
  async function launch(page: Page): Promise<Frame> {
    return openFramed(page, page.getByRole('link', { name: 'CoachLoop', exact: true }));
  }

  /** Goes back to the course page and opens a link the coach placed there. */
  async function openPlaced(page: Page, title: string): Promise<Frame> {
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Home', exact: true }).click()]);
    return openFramed(page, page.getByRole('link', { name: title }));
  }

  afterEach(function () {
    if (audit.problems.length > 0) console.log(`      axe found serious or critical violations:\n${audit.report()}`);
  });

  it('the axe check itself reports serious and critical violations (a page built to have them)', async () => {
    const context = await world.browser.newContext();
    const page = await context.newPage();
    await page.setContent('<!doctype html><html><head><title>Broken</title></head><body><main><button></button><img src="data:,"><input type="text"></main></body></html>');
    const rules = (await axeProblems(page, 'broken')).map((p) => p.rule);
    expect(rules).to.include.members(['button-name', 'image-alt', 'label', 'html-has-lang']);
    await context.close();
  });

  it('the LMS admin installs CoachLoop by Dynamic Registration from the LMS and activates it', async () => {
    expect(sim.tools(), 'the LMS starts without CoachLoop').to.deep.equal([]);
    const home = await world.browser.newContext();
    const lmsHome = await home.newPage();
    await lmsHome.goto(`${sim.issuer}/`);
    await a11y(lmsHome, 'LMS: home');
    await home.close();

    const { context, page } = await as(ADMIN);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Site administration: tools' }).click()]);
    await a11y(page, 'LMS: site administration, tools');
    await page.getByLabel('Tool registration URL').fill(coachloop.lti.urls.register);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Register the tool' }).click()]);
    // The LMS frames CoachLoop's registration page, which registers itself and says so.
    const registration = page.frameLocator('iframe');
    await registration.getByRole('heading', { name: /CoachLoop is registered with/ }).waitFor({ timeout: 20_000 });
    const frame = toolFrame(page);
    expect(new URL(frame.url()).origin).to.equal(new URL(coachloop.lti.urls.register).origin);
    await a11y(frame, 'CoachLoop: registration done');
    await a11y(page, 'LMS: registration start');
    const [tool] = sim.tools();
    expect(tool, 'the LMS knows CoachLoop').to.not.equal(undefined);
    expect(tool).to.include({ name: 'CoachLoop', pending: true });
    clientId = tool.clientId;
    expect(await registration.locator('body').textContent()).to.contain(clientId).and.contain(tool.deploymentIds[0]);
    // Finish: CoachLoop posts org.imsglobal.lti.close to the LMS, which then offers the way back.
    await registration.getByRole('button', { name: 'Finish and return to the LMS' }).click();
    await page.getByRole('status').filter({ hasText: 'Registration finished' }).waitFor();
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Back to the tools' }).click()]);
    expect(await page.getByRole('row', { name: /CoachLoop/ }).textContent()).to.contain('Pending');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^Activate/ }).click()]);
    expect(await page.getByRole('row', { name: /CoachLoop/ }).textContent()).to.contain('Active');
    expect(sim.tools()[0].pending).to.equal(undefined);
    await context.close();
  });

  it('the coach builds a survey and places it and a new reflection through Deep Linking', async () => {
    const { context, page } = await as(COACH);
    let tool = await launch(page);
    await a11y(tool, 'CoachLoop: coach home');
    await go(tool, tool.getByRole('link', { name: 'Surveys', exact: true }));
    await a11y(tool, 'CoachLoop: surveys list');
    await go(tool, tool.getByRole('link', { name: 'New survey' }).first());
    await a11y(tool, 'CoachLoop: new survey');
    await go(tool, tool.getByRole('button', { name: new RegExp(`^Use this survey\\W+${SURVEY}$`) }));
    await a11y(tool, 'CoachLoop: survey builder');
    await go(tool, tool.getByRole('button', { name: 'Publish', exact: true }));
    await tool.getByText('Published').first().waitFor();

    // The LMS's content picker, framed.
    tool = await openFramed(page, page.getByRole('link', { name: 'Add a CoachLoop activity' }));
    const picker = page.frameLocator('iframe');
    await picker.getByRole('heading', { name: 'Add CoachLoop to your course' }).waitFor();
    await a11y(tool, 'CoachLoop: deep linking picker');
    await picker.getByLabel(SURVEY).check();
    await picker.getByLabel('A new reflection').check();
    await picker.getByLabel(/^Reflection title/).fill(REFLECTION);
    await picker.getByLabel(/^Reflection questions/).fill('What did you try with your students?\nWhat will you try next?');
    await picker.getByRole('button', { name: 'Add to the course' }).click();
    await picker.getByRole('heading', { name: /Content added/ }).waitFor({ timeout: 20_000 });
    await a11y(toolFrame(page), 'LMS: deep linking return');
    const received = sim.deepLinkResponses().at(-1)!;
    expect(received.resourceLinks.map((l) => l.title)).to.deep.equal([SURVEY, REFLECTION]);
    expect(received.resourceLinks.every((l) => typeof l.lineItemId === 'string'), 'both are graded').to.equal(true);
    await Promise.all([page.waitForNavigation(), picker.getByRole('link', { name: /Back to Instructional Coaching 2026/ }).click()]);
    await page.getByRole('link', { name: REFLECTION }).waitFor();
    await a11y(page, 'LMS: course page with placed content');
    await context.close();
  });

  it('six teachers launch and opt in', async () => {
    for (const t of TEACHERS) {
      const { context, page } = await as(t.name);
      const tool = await launch(page);
      await a11y(tool, 'CoachLoop: teacher home');
      await go(tool, tool.getByRole('link', { name: 'My coaching' }));
      await a11y(tool, 'CoachLoop: my coaching (not taking part)');
      await tool.getByLabel('Subjects you teach').fill(`${t.area} for ${t.band}`);
      await tool.getByRole('radio', { name: t.band }).check();
      await tool.getByRole('checkbox', { name: t.area, exact: true }).check();
      await tool.getByRole('checkbox', { name: /I am choosing coaching myself/ }).check();
      await go(tool, tool.locator('form[action="/app/coaching/profile"] button[type="submit"]'));
      await tool.getByText('Taking part').first().waitFor();
      await a11y(tool, 'CoachLoop: my coaching (taking part)');
      await context.close();
    }
  });

  it('the principal assigns the coach to each teacher', async () => {
    const { context, page } = await as(ADMIN);
    const tool = await launch(page);
    await a11y(tool, 'CoachLoop: admin home (course)');
    await go(tool, tool.getByRole('link', { name: 'Assignments' }));
    await a11y(tool, 'CoachLoop: assignments');
    for (const t of TEACHERS) {
      await go(tool, tool.getByRole('button', { name: `Assign ${COACH} as coach of ${t.name}` }));
    }
    expect(await tool.getByRole('button', { name: /^Assign / }).count(), 'nobody left waiting').to.equal(0);
    await a11y(tool, 'CoachLoop: assignments (all assigned)');
    await context.close();
  });

  it('the coach starts a cycle and logs a session with each teacher', async () => {
    const { context, page } = await as(COACH, { width: 375, height: 740 });
    const tool = await launch(page);
    for (const t of TEACHERS) {
      await go(tool, tool.getByRole('link', { name: 'Caseload' }));
      await a11y(tool, 'CoachLoop: caseload');
      await tool.getByLabel('Teacher', { exact: true }).selectOption({ label: t.name });
      await tool.getByLabel(/^Focus/).fill(`Students explain their reasoning (${t.name})`);
      await go(tool, tool.getByRole('button', { name: 'Start cycle' }));
      await tool.getByRole('heading', { name: `Cycle with ${t.name}` }).waitFor();
      await a11y(tool, 'CoachLoop: cycle page (coach)');
      await tool.getByLabel(/^Kind/).selectOption('observation');
      await tool.getByLabel(/^Minutes/).fill(String(SESSION_MINUTES));
      await tool.getByLabel(/^Notes/).fill('Watched a math talk; 4 of 26 students explained their reasoning.');
      await tool.getByLabel(/^Next steps/).fill('Try sentence stems for explaining on Tuesday.');
      await go(tool, tool.getByRole('button', { name: 'Log session' }));
      await tool.getByText('Session logged.').waitFor();
      await a11y(tool, 'CoachLoop: cycle page after logging a session');
    }
    await context.close();
  });

  it('each teacher sets a goal, answers the placed survey and submits the placed reflection', async () => {
    for (const [i, t] of TEACHERS.entries()) {
      const { context, page } = await as(t.name, i === 0 ? { width: 375, height: 740 } : undefined);
      let tool = await launch(page);
      await go(tool, tool.getByRole('link', { name: 'My coaching' }));
      await a11y(tool, 'CoachLoop: my coaching (in a cycle)');
      await go(tool, tool.getByRole('link', { name: 'Open the cycle page' }));
      await a11y(tool, 'CoachLoop: cycle page (teacher)');
      await tool.getByText('Add a goal').click();
      await tool.getByRole('textbox', { name: /^Goal/ }).fill('More of my students explain their reasoning aloud in math talks.');
      await tool.getByLabel('Outcome for students').fill('Students explain their thinking with evidence.');
      await tool.getByLabel('How you will measure it').fill('Tally of students explaining in one math talk');
      await tool.getByLabel('Baseline').fill('4');
      await tool.getByLabel('Target').fill('15');
      await tool.getByLabel('Unit').fill('students');
      await tool.getByLabel('Due').fill('2027-01-29');
      await go(tool, tool.getByRole('button', { name: 'Add goal' }));
      await tool.getByText('More of my students explain their reasoning aloud in math talks.').first().waitFor();
      await a11y(tool, 'CoachLoop: cycle page with a goal');

      tool = await openPlaced(page, SURVEY);
      expect(tool.url()).to.match(/\/app\/surveys\/\d+/);
      await a11y(tool, 'CoachLoop: survey response form');
      for (const radio of await tool.getByRole('radio', { name: 'Agree', exact: true }).all()) await radio.check();
      await tool.getByRole('radio', { name: 'About halfway' }).check();
      await go(tool, tool.locator('button[value="submit"]'));
      await a11y(tool, 'CoachLoop: survey answered');

      tool = await openPlaced(page, REFLECTION);
      expect(tool.url()).to.match(/\/app\/reflections\/\d+/);
      await a11y(tool, 'CoachLoop: reflection (teacher writing)');
      await tool.getByLabel(/^1\./).fill(`${t.name.split(' ')[0]} tried sentence stems; more students explained.`);
      await tool.getByLabel(/^2\./).fill('Partner talk before whole-class sharing.');
      await go(tool, tool.getByRole('button', { name: 'Submit to your coach' }));
      await tool.getByText(/What you wrote/).first().waitFor();
      await a11y(tool, 'CoachLoop: reflection submitted (teacher)');
      await context.close();
    }
  });

  it('the coach completes every reflection and the grades land in the LMS gradebook', async () => {
    const { context, page } = await as(COACH);
    const tool = await launch(page);
    for (const t of TEACHERS) {
      await go(tool, tool.getByRole('link', { name: 'Reflections' }));
      await a11y(tool, 'CoachLoop: reflections queue');
      const waiting = tool.locator('section[aria-labelledby="waiting-heading"]');
      await go(tool, waiting.getByRole('row', { name: new RegExp(t.name) }).getByRole('link', { name: REFLECTION }));
      await a11y(tool, 'CoachLoop: reflection review (coach)');
      await tool.getByLabel(/^Feedback/).fill('Great shift — keep the stems up for two more weeks.');
      await go(tool, tool.getByRole('button', { name: /^Complete/ }));
      await tool.getByRole('heading', { name: 'Credit' }).waitFor();
      await a11y(tool, 'CoachLoop: reflection completed (coach)');
    }
    await context.close();

    // The job runner delivers the grades through the outbox; the LMS's gradebook holds them.
    await coachloop.jobs.drain();
    const items = sim.lineItems(world.district.courseId);
    const survey = items.find((li) => li.label === SURVEY);
    const reflection = items.find((li) => li.label === REFLECTION);
    expect(survey, 'a gradebook column for the survey').to.not.equal(undefined);
    expect(reflection, 'a gradebook column for the reflection').to.not.equal(undefined);
    const gradebook = (lineItemId: string) => sim.scores(lineItemId)
      .map((s) => ({ userId: s.userId, scoreGiven: s.scoreGiven, scoreMaximum: s.scoreMaximum, activityProgress: s.activityProgress, gradingProgress: s.gradingProgress }))
      .sort((a, b) => a.userId.localeCompare(b.userId));
    const subs = TEACHERS.map((t) => t.sub).sort();
    expect(gradebook(survey!.id!)).to.deep.equal(subs.map((userId) => ({ userId, scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded' })));
    expect(gradebook(reflection!.id!)).to.deep.equal(subs.map((userId) => ({ userId, scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded' })));
  });

  it('the principal reads the survey results and the program dashboard', async () => {
    const { context, page } = await as(ADMIN);
    // Six answers pass the minimum group size of five: the results show their chart and table.
    const results = await openPlaced(page, SURVEY);
    expect(results.url()).to.match(/\/app\/surveys\/\d+\/results/);
    await results.locator('svg').first().waitFor();
    await a11y(results, 'CoachLoop: survey results (admin)');
    expect(await results.locator('table').count()).to.be.greaterThan(0);
    const resultsText = (await results.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(resultsText).to.contain('6 responses.').and.contain('Teachers being coached 6 6 100%')
      .and.contain('Agreement (5 points) · 6 answers · mean 4 Strongly disagree 0% Disagree 0% Neither agree nor disagree 0% Agree 100%')
      .and.contain('About halfway 100%');

    const tool = await openFramed(page, page.getByRole('link', { name: 'CoachLoop (account)' }));
    await a11y(tool, 'CoachLoop: admin home (account)');
    await go(tool, tool.getByRole('link', { name: 'Dashboard' }));
    await tool.getByRole('heading', { name: 'Program dashboard' }).waitFor();
    await a11y(tool, 'CoachLoop: program dashboard');
    const kpis = Object.fromEntries(await tool.getByRole('list', { name: 'Headline figures' }).locator('li').evaluateAll(
      (items) => items.map((li) => [li.childNodes[1]?.textContent?.trim() ?? '', li.querySelector('strong')?.textContent?.trim() ?? '']),
    )) as Record<string, string>;
    console.log(`      dashboard headline figures: ${JSON.stringify(kpis)}`);
    // Six sessions of 45 minutes: 4.5 hours, not rounded to 5.
    expect(kpis).to.deep.include({ 'Coaching hours': '4.5', Sessions: '6', 'Teachers with a cycle': '6', 'Rostered teachers with a cycle': '100%', 'Cycles under way': '6' });
    // Six sessions of 45 minutes; no goal is met yet, so that figure stays hidden.
    expect(await tool.locator('#hours-by-kind').innerText()).to.contain(`${(TEACHERS.length * SESSION_MINUTES) / 60} h`);
    expect(kpis['Goals met']).to.equal('hidden (fewer than 5)');
    const html = await tool.content();
    expect(html, 'no coaching content reaches the admin').to.not.contain('Watched a math talk').and.not.contain('tried sentence stems').and.not.contain('explain their reasoning aloud');
    // axe really runs inside the cross-site, CSP-protected frame: an image without text and pale text are caught there.
    await tool.evaluate(`(() => {
      const main = document.querySelector('main');
      main.insertAdjacentHTML('beforeend', '<img src="data:,">');
      const pale = document.createElement('p');
      pale.textContent = 'Pale text nobody can read';
      pale.style.color = '#e6e6e6';
      pale.style.background = '#ffffff';
      main.appendChild(pale);
    })()`);
    expect((await axeProblems(tool, 'dashboard with planted problems')).map((p) => p.rule)).to.include.members(['image-alt', 'color-contrast']);
    await context.close();
  });

  it('every page of each role\'s CoachLoop menu passes axe too (coach, teacher, principal in the course and the account, mentor)', async () => {
    const entries: Array<[string, string, string]> = [
      ['coach', COACH, 'CoachLoop'], ['teacher', TEACHERS[0].name, 'CoachLoop'], ['admin', ADMIN, 'CoachLoop'],
      ['admin (account)', ADMIN, 'CoachLoop (account)'], ['mentor', 'Robert Lindqvist', 'CoachLoop'],
    ];
    for (const [role, name, link] of entries) {
      const { context, page } = await as(name);
      const tool = await openFramed(page, page.getByRole('link', { name: link, exact: true }));
      const menu = (await tool.locator('nav[aria-label="CoachLoop"] a').evaluateAll((links) => links.map((a) => ({ label: a.textContent?.trim() ?? '', href: a.getAttribute('href') ?? '' }))))
        .map((item) => ({ ...item, href: new URL(item.href, tool.url()).toString() }));
      expect(menu.length, `${role} has a menu`).to.be.greaterThan(1);
      for (const item of menu) {
        const res = await tool.goto(item.href);
        expect(res?.status(), `${role}: ${item.label}`).to.equal(200);
        await a11y(tool, `CoachLoop menu of the ${role}: ${item.label}`);
      }
      await context.close();
    }
  });

  it('axe-core found no serious or critical violation on any page', () => {
    console.log(`      axe-core checked ${audit.pages.length} pages: ${audit.pages.join('; ')}`);
    if (audit.lesser.size > 0) console.log(`      moderate/minor (not failing): ${[...audit.lesser].map(([rule, n]) => `${rule} ×${n}`).join(', ')}`);
    expect(audit.problems, `serious or critical accessibility violations:\n${audit.report()}`).to.deep.equal([]);
  });
});
