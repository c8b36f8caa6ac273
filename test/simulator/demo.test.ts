import { expect } from 'chai';
import { BrowserClient, parseAutoPostForm } from '../../src/simulator/client';
import { createDemoDistrict, LmsSimulator, LTI_CLAIMS, type DemoDistrict } from '../../src/simulator';
import { FakeTool } from './fakeTool';

describe('simulator: demo pages', () => {
  const sim = new LmsSimulator();
  let tool: FakeTool;
  let district: DemoDistrict;

  before(async () => {
    await sim.start();
    district = createDemoDistrict(sim);
    tool = new FakeTool(sim);
    await tool.start();
  });
  after(async () => {
    await tool.stop();
    await sim.stop();
  });

  async function enterAs(client: BrowserClient, sub: string): Promise<string> {
    const res = await client.follow('POST', `${sim.issuer}/session`, { form: { sub, courseId: district.courseId } });
    expect(res.status).to.equal(200);
    return res.html;
  }

  /** Opens a tool page and runs its iframe's launch like a browser would; returns the tool's payload. */
  async function openTool(client: BrowserClient, path: string): Promise<Record<string, unknown> | undefined> {
    const page = await client.follow('GET', `${sim.issuer}${path}`);
    const src = /<iframe[^>]*src="([^"]+)"/.exec(page.html)?.[1]?.replace(/&amp;/g, '&');
    expect(src, 'iframe src').to.be.a('string');
    const frame = await client.follow('GET', String(src));
    const form = parseAutoPostForm(frame.html, frame.url);
    expect(form?.action).to.equal(`${tool.base}/login`);
    const before = tool.launches.length;
    const final = await client.launch({ method: 'POST', url: String(form?.action), params: form?.fields ?? {} });
    expect(final.html).to.contain('CoachLoop fake tool');
    return tool.launches[before]?.payload;
  }

  it('says plainly when no tool is registered', async () => {
    const home = await (await fetch(`${sim.issuer}/`)).text();
    expect(home).to.contain('No tool is registered yet');
    expect(home).to.contain('Instructional Coaching 2026');
  });

  it('home lists the people with an "Enter the course as" button each', async () => {
    sim.registerTool(tool.registration());
    const home = await (await fetch(`${sim.issuer}/`)).text();
    expect(home).to.contain('<h1>CoachLoop Demo LMS</h1>');
    expect(home).to.contain('Enter the course as Maya Okafor (Instructor)');
    expect(home).to.contain('Enter the course as Helen Castillo (Administrator)');
    expect(home.match(/Enter the course as/g)).to.have.length(9);
  });

  it('coach: course navigation launches CoachLoop in an iframe and offers deep linking', async () => {
    const client = new BrowserClient();
    const course = await enterAs(client, district.coach);
    expect(course).to.contain('aria-label="Course navigation"');
    expect(course).to.contain('Add CoachLoop content');
    expect(course).not.to.contain('CoachLoop (account)');
    const payload = await openTool(client, `/courses/${district.courseId}/tools/${tool.clientId}`);
    expect(payload?.sub).to.equal(district.coach);
    expect(payload?.[LTI_CLAIMS.messageType]).to.equal('LtiResourceLinkRequest');
    const dl = await openTool(client, `/courses/${district.courseId}/tools/${tool.clientId}?mode=deep_linking`);
    expect(dl?.[LTI_CLAIMS.messageType]).to.equal('LtiDeepLinkingRequest');
  });

  it('principal gets the account-level launch (no context); a teacher does not get deep linking', async () => {
    const principal = new BrowserClient();
    expect(await enterAs(principal, district.principal)).to.contain('CoachLoop (account)');
    const payload = await openTool(principal, `/account/tools/${tool.clientId}`);
    expect(payload).not.to.have.property(LTI_CLAIMS.context);
    const teacher = new BrowserClient();
    const page = await enterAs(teacher, String(district.teachers[0]));
    expect(page).not.to.contain('Add CoachLoop content');
    expect((await teacher.follow('GET', `${sim.issuer}/account/tools/${tool.clientId}`)).status).to.equal(403);
  });

  it('sends a visitor without a chosen person back home', async () => {
    const res = await new BrowserClient().request('GET', `${sim.issuer}/courses/${district.courseId}`);
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal('/');
  });
});
