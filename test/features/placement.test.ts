/** The content picker: deep-linking launches answered with signed responses the LMS accepts. */
import { expect } from 'chai';
import { BrowserClient, decodeHtmlEntities, parseAutoPostForm } from '../../src/simulator/client';
import { type Harness, ltikOf, seedCourse, startHarness } from '../helpers/harness';

describe('content picker (Deep Linking)', function () {
  this.timeout(30_000);
  let h: Harness;
  let course: ReturnType<typeof seedCourse>;

  before(async () => {
    h = await startHarness();
    course = seedCourse(h.sim);
  });
  after(() => h.stop());

  async function pickerFor(userSub: string) {
    const browser = new BrowserClient();
    const page = await h.launch({ userSub, courseId: course.courseId, messageType: 'LtiDeepLinkingRequest' }, browser);
    expect(page.status).to.equal(200);
    return { browser, page, ltik: ltikOf(page) };
  }

  it('lets a coach place CoachLoop; the LMS verifies the signed response and creates the link', async () => {
    const { browser, page, ltik } = await pickerFor(course.coach);
    expect(page.html).to.contain('Add CoachLoop to your course').and.contain('name="item"');
    const answer = await browser.request('POST', `${h.toolUrl}/app/placement`, { form: { ltik, item: 'home', title: 'Coaching hub' } });
    expect(answer.status).to.equal(200);
    const form = parseAutoPostForm(answer.html, answer.url);
    expect(form?.fields).to.have.property('JWT');
    const before = h.sim.deepLinkResponses().length;
    const lms = await browser.request('POST', form!.action, { form: form!.fields });
    expect(lms.status, decodeHtmlEntities(lms.html).replace(/<style[\s\S]*?<\/style>/, "").slice(0, 1500)).to.equal(200);
    const received = h.sim.deepLinkResponses();
    expect(received.length).to.equal(before + 1);
    const items = received[received.length - 1].items as Array<{ title: string; url: string; custom: Record<string, string> }>;
    expect(items).to.have.length(1);
    expect(items[0]).to.include({ title: 'Coaching hub', url: h.coachloop.lti.urls.launch });
    expect(items[0].custom).to.deep.equal({ coachloop_item: 'home' });
  });

  it('refuses a choice that is not in the list with a 400 that says what to do, and sends nothing', async () => {
    const { browser, ltik } = await pickerFor(course.coach);
    const before = h.sim.deepLinkResponses().length;
    const bad = await browser.request('POST', `${h.toolUrl}/app/placement`, { form: { ltik, item: 'everything' } });
    expect(bad.status).to.equal(400);
    expect(bad.html).to.contain('Choose one of the items in the list');
    const empty = await browser.request('POST', `${h.toolUrl}/app/placement`, { form: { ltik, item: 'home', title: '   ' } });
    expect(empty.status).to.equal(400);
    expect(empty.html).to.contain('Give the link a title');
    expect(h.sim.deepLinkResponses().length).to.equal(before);
  });

  it('shows teachers why they cannot place content, refuses their placement and lets them go back', async () => {
    const { browser, page, ltik } = await pickerFor(course.teacher);
    expect(page.html).to.contain('Only coaches and program admins add CoachLoop').and.not.contain('name="item"');
    const refused = await browser.request('POST', `${h.toolUrl}/app/placement`, { form: { ltik, item: 'home' } });
    expect(refused.status).to.equal(403);
    const cancel = await browser.request('POST', `${h.toolUrl}/app/placement/cancel`, { form: { ltik } });
    const form = parseAutoPostForm(cancel.html, cancel.url);
    const lms = await browser.request('POST', form!.action, { form: form!.fields });
    expect(lms.status).to.equal(200);
    const last = h.sim.deepLinkResponses().at(-1)!;
    expect(last.items).to.deep.equal([]);
  });

  it('answers 400 when the launch is not a deep-linking launch', async () => {
    const browser = new BrowserClient();
    const page = await h.launch({ userSub: course.coach, courseId: course.courseId }, browser);
    const res = await browser.request('POST', `${h.toolUrl}/app/placement`, { form: { ltik: ltikOf(page), item: 'home' } });
    expect(res.status).to.equal(400);
    expect(res.html).to.contain('This page answers the content picker of your LMS');
  });
});
