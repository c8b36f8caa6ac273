import { expect } from 'chai';
import { BrowserClient, parseAutoPostForm } from '../../src/simulator/client';
import { createDemoDistrict, LmsSimulator, LTI_CLAIMS, type DemoDistrict } from '../../src/simulator';
import { FakeTool } from './fakeTool';

describe('simulator: deep linking return', () => {
  const sim = new LmsSimulator();
  let tool: FakeTool;
  let district: DemoDistrict;

  before(async () => {
    await sim.start();
    district = createDemoDistrict(sim);
    tool = new FakeTool(sim);
    await tool.start();
    sim.registerTool(tool.registration());
  });
  after(async () => {
    await tool.stop();
    await sim.stop();
  });

  /** Launches a deep-linking request and returns its settings claim. */
  async function deepLinkingSettings(): Promise<Record<string, unknown>> {
    const before = tool.launches.length;
    await new BrowserClient().launch(sim.prepareLaunch({
      clientId: tool.clientId, deploymentId: tool.deploymentId, userSub: district.coach, courseId: district.courseId, messageType: 'LtiDeepLinkingRequest',
    }));
    return tool.launches[before]?.payload?.[LTI_CLAIMS.deepLinkingSettings] as Record<string, unknown>;
  }

  async function postResponse(settings: Record<string, unknown>, jwt: string): Promise<{ status: number; html: string }> {
    const res = await fetch(String(settings.deep_link_return_url), { method: 'POST', body: new URLSearchParams({ JWT: jwt }) });
    return { status: res.status, html: await res.text() };
  }

  const item = (base: string): Record<string, unknown> => ({
    type: 'ltiResourceLink', title: 'Coaching cycle (deep linked)', text: 'Created by deep linking', url: `${base}/launch?dl=1`,
    custom: { dl_item: 'cycle-1' }, lineItem: { scoreMaximum: 10, label: 'Coaching cycle score', resourceId: 'cycle-1', tag: 'coaching' },
  });

  it('accepts a good response: records it, creates the resource link and its line item, launches it', async () => {
    const settings = await deepLinkingSettings();
    const { status, html } = await postResponse(settings, tool.deepLinkResponse(settings, [item(tool.base)]));
    expect(status).to.equal(200);
    expect(html).to.contain('Coaching cycle (deep linked)');
    const [received] = sim.deepLinkResponses();
    expect(received).to.include({ msg: 'Added by the fake tool', clientId: tool.clientId, deploymentId: tool.deploymentId, courseId: district.courseId });
    expect(received?.items).to.have.length(1);
    const link = received?.resourceLinks[0];
    const lineItem = sim.lineItems(district.courseId).find((li) => li.id === link?.lineItemId);
    expect(lineItem).to.include({ label: 'Coaching cycle score', scoreMaximum: 10, resourceId: 'cycle-1', tag: 'coaching', resourceLinkId: link?.id });
    const before = tool.launches.length;
    await new BrowserClient().launch(sim.prepareLaunch({
      clientId: tool.clientId, deploymentId: tool.deploymentId, userSub: district.coach, courseId: district.courseId, resourceLinkId: link?.id,
    }));
    const p = tool.launches[before]?.payload ?? {};
    expect(p[LTI_CLAIMS.targetLinkUri]).to.equal(`${tool.base}/launch?dl=1`);
    expect(p[LTI_CLAIMS.resourceLink]).to.deep.equal({ id: link?.id, title: 'Coaching cycle (deep linked)', description: 'Created by deep linking' });
    expect(p[LTI_CLAIMS.custom]).to.deep.equal({ dl_item: 'cycle-1' });
    expect((p[LTI_CLAIMS.ags] as Record<string, unknown>).lineitem).to.equal(link?.lineItemId);
    expect((await postResponse(settings, tool.deepLinkResponse(settings, [item(tool.base)]))).html).to.contain('already answered');
  });

  it('refuses a response with a bad signature, wrong data, or claims that do not fit the request', async () => {
    const count = sim.deepLinkResponses().length;
    const settings = await deepLinkingSettings();
    const cases: [string, string][] = [
      [tool.deepLinkResponse(settings, [item(tool.base)], {}, { rogue: true }), 'signature'],
      [tool.deepLinkResponse(settings, [item(tool.base)], { [LTI_CLAIMS.dlData]: 'forged' }), 'data claim does not match'],
      [tool.deepLinkResponse(settings, [item(tool.base)], { [LTI_CLAIMS.deploymentId]: 'other' }), 'deployment_id must be'],
      [tool.deepLinkResponse(settings, [item(tool.base)], { aud: 'https://elsewhere.example' }), 'aud must be the platform issuer'],
      [tool.deepLinkResponse(settings, [item(tool.base)], { nonce: undefined }), 'nonce is missing'],
      [tool.deepLinkResponse(settings, [item(tool.base)], { [LTI_CLAIMS.messageType]: 'LtiResourceLinkRequest' }), 'message_type must be'],
      [tool.deepLinkResponse(settings, [{ type: 'file', url: `${tool.base}/x.pdf` }]), 'is not accepted'],
      [tool.deepLinkResponse(settings, [{ ...item(tool.base), url: 'https://evil.example/launch' }]), 'not on the tool\'s domain'],
      [tool.deepLinkResponse(settings, [{ ...item(tool.base), lineItem: { label: 'x' } }]), 'scoreMaximum'],
      [tool.deepLinkResponse(settings, [item(tool.base)], { iat: Math.floor(Date.now() / 1000) - 600, exp: Math.floor(Date.now() / 1000) + 60 }), 'iat is too old'],
    ];
    for (const [jwt, message] of cases) {
      const { status, html } = await postResponse(settings, jwt);
      expect(status, message).to.equal(400);
      expect(html).to.contain(message.replace("'", '&#39;'));
    }
    expect(sim.deepLinkResponses()).to.have.length(count);
    const missing = await fetch(String(settings.deep_link_return_url), { method: 'POST', body: new URLSearchParams({ id_token: 'x' }) });
    expect(missing.status).to.equal(400);
    expect(await missing.text()).to.contain('JWT is missing');
  });

  it('records error messages and empty responses without creating links', async () => {
    const settings = await deepLinkingSettings();
    const { status } = await postResponse(settings, tool.deepLinkResponse(settings, [], { [LTI_CLAIMS.dlErrorMsg]: 'Nothing picked' }));
    expect(status).to.equal(200);
    const last = sim.deepLinkResponses().at(-1);
    expect(last).to.include({ errormsg: 'Nothing picked' });
    expect(last?.resourceLinks).to.deep.equal([]);
  });

  /** Opens a content picker of the demo course page as the coach (like a browser); returns the settings the tool received. */
  async function pickerSettings(lms: LmsSimulator, query: string, t = tool): Promise<Record<string, unknown>> {
    const client = new BrowserClient();
    await client.follow('POST', `${lms.issuer}/session`, { form: { sub: district.coach, courseId: district.courseId } });
    const page = await client.follow('GET', `${lms.issuer}/courses/${district.courseId}/tools/${t.clientId}?mode=deep_linking&${query}`);
    expect(page.status, page.html).to.equal(200);
    const src = /<iframe[^>]*src="([^"]+)"/.exec(page.html)?.[1]?.replace(/&amp;/g, '&');
    const form = parseAutoPostForm((await client.follow('GET', String(src))).html);
    const before = t.launches.length;
    await client.launch({ method: 'POST', url: String(form?.action), params: form?.fields ?? {} });
    return t.launches[before]?.payload?.[LTI_CLAIMS.deepLinkingSettings] as Record<string, unknown>;
  }

  const twoItems = (base: string) => [item(base), { ...item(base), title: 'Second', custom: { dl_item: 'cycle-2' } }];

  it('offers the generic picker on its demo course page and holds responses to the settings it sent', async () => {
    const settings = await pickerSettings(sim, 'placement=deep_linking');
    expect(settings).to.include({ accept_multiple: true, auto_create: true });
    expect(settings.accept_types).to.deep.equal(['ltiResourceLink']);
    const { status } = await postResponse(settings, tool.deepLinkResponse(settings, twoItems(tool.base)));
    expect(status).to.equal(200);
    expect(sim.deepLinkResponses().at(-1)?.resourceLinks).to.have.length(2);
  });

  it('refuses a second item when accept_multiple is false, and a type outside accept_types, creating nothing', async () => {
    const count = sim.deepLinkResponses().length;
    const single = await pickerSettings(sim, 'accept_multiple=false');
    expect(single.accept_multiple).to.equal(false);
    let res = await postResponse(single, tool.deepLinkResponse(single, twoItems(tool.base)));
    expect(res.status).to.equal(400);
    expect(res.html).to.contain('content_items has 2 items but this request accepts one (accept_multiple is false)');
    const linksOnly = await pickerSettings(sim, 'accept_types=link,html');
    expect(linksOnly.accept_types).to.deep.equal(['link', 'html']);
    res = await postResponse(linksOnly, tool.deepLinkResponse(linksOnly, [item(tool.base)]));
    expect(res.status).to.equal(400);
    expect(res.html).to.contain('content_items[0].type &quot;ltiResourceLink&quot; is not accepted (accept_types: link, html)');
    expect(sim.deepLinkResponses()).to.have.length(count);
    // The refused requests were not used up: the right answer still goes through.
    expect((await postResponse(single, tool.deepLinkResponse(single, [item(tool.base)]))).status).to.equal(200);
    expect(sim.deepLinkResponses()).to.have.length(count + 1);
  });

  it('ignores line items when accept_lineitem is false and refuses presentation targets that are not offered', async () => {
    const noGrades = await pickerSettings(sim, 'accept_lineitem=false');
    expect(noGrades.accept_lineitem).to.equal(false);
    expect((await postResponse(noGrades, tool.deepLinkResponse(noGrades, [item(tool.base)]))).status).to.equal(200);
    const [link] = sim.deepLinkResponses().at(-1)!.resourceLinks;
    expect(link?.lineItemId).to.equal(undefined);
    expect(sim.lineItems(district.courseId).filter((li) => li.resourceLinkId === link?.id)).to.deep.equal([]);

    const windowOnly = await pickerSettings(sim, 'targets=window');
    const framed = await postResponse(windowOnly, tool.deepLinkResponse(windowOnly, [{ ...item(tool.base), iframe: { height: 600 } }]));
    expect(framed.status).to.equal(400);
    expect(framed.html).to.contain('content_items[0].iframe: this request accepts the presentation targets window only');
    expect((await postResponse(windowOnly, tool.deepLinkResponse(windowOnly, [{ ...item(tool.base), window: { targetName: 'coachloop' } }]))).status).to.equal(200);
  });

  describe('platform families', () => {
    const started: Array<{ lms: LmsSimulator; tool: FakeTool }> = [];
    /** A simulator of that platform family with its own fake tool. */
    async function family(productFamilyCode: string): Promise<{ lms: LmsSimulator; tool: FakeTool }> {
      const lms = new LmsSimulator({ productFamilyCode });
      await lms.start();
      createDemoDistrict(lms);
      const own = new FakeTool(lms);
      await own.start();
      lms.registerTool(own.registration());
      started.push({ lms, tool: own });
      return { lms, tool: own };
    }
    after(async () => {
      for (const s of started) {
        await s.tool.stop();
        await s.lms.stop();
      }
    });

    async function post(settings: Record<string, unknown>, jwt: string, url = String(settings.deep_link_return_url)) {
      const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ JWT: jwt }) });
      return { status: res.status, html: await res.text() };
    }

    it('Canvas: assignment and module pickers, no data claim (state in the return URL), no accept_lineitem', async () => {
      const { lms: canvas, tool: t } = await family('canvas');
      const client = new BrowserClient();
      const course = await client.follow('POST', `${canvas.issuer}/session`, { form: { sub: district.coach, courseId: district.courseId } });
      expect(course.html).to.contain('Add CoachLoop as an assignment').and.contain('Add CoachLoop to a module');
      const assignment = await pickerSettings(canvas, 'placement=assignment_selection', t);
      expect(assignment).to.include({ accept_multiple: false, auto_create: false, accept_media_types: 'application/vnd.ims.lti.v1.ltilink' });
      expect(assignment).not.to.have.property('data');
      expect(assignment).not.to.have.property('accept_lineitem');
      expect(String(assignment.deep_link_return_url)).to.match(/\?data=/);
      const bare = String(assignment.deep_link_return_url).replace(/\?.*$/, '');
      expect((await post(assignment, t.deepLinkResponse(assignment, [item(t.base)], { [LTI_CLAIMS.dlData]: undefined }), bare)).html).to.contain('query string included');
      expect((await post(assignment, t.deepLinkResponse(assignment, [item(t.base)], { [LTI_CLAIMS.dlData]: 'echo' }))).html).to.contain('must not carry one');
      expect((await post(assignment, t.deepLinkResponse(assignment, twoItems(t.base), { [LTI_CLAIMS.dlData]: undefined }))).html).to.contain('accepts one');
      expect((await post(assignment, t.deepLinkResponse(assignment, [item(t.base)], { [LTI_CLAIMS.dlData]: undefined }))).status).to.equal(200);
      const [link] = canvas.deepLinkResponses().at(-1)!.resourceLinks;
      expect(canvas.lineItems(district.courseId).find((li) => li.id === link?.lineItemId)).to.include({ scoreMaximum: 10, resourceId: 'cycle-1' });
      const module = await pickerSettings(canvas, 'placement=link_selection', t);
      expect(module.accept_multiple).to.equal(true);
      expect((await post(module, t.deepLinkResponse(module, twoItems(t.base), { [LTI_CLAIMS.dlData]: undefined }))).status).to.equal(200);
    });

    it('Moodle takes line items (accept_lineitem: true); Schoology takes one link and lower-cases custom keys', async () => {
      const { lms: moodle, tool: m } = await family('moodle');
      const select = await pickerSettings(moodle, '', m);
      expect(select).to.include({ accept_lineitem: true, accept_multiple: true });
      expect((await post(select, m.deepLinkResponse(select, [item(m.base)]))).status).to.equal(200);
      expect(moodle.deepLinkResponses().at(-1)!.resourceLinks[0]?.lineItemId).to.be.a('string');

      const { lms: schoology, tool: st } = await family('schoology');
      const materials = await pickerSettings(schoology, '', st);
      expect(materials).to.include({ accept_lineitem: true, accept_multiple: false });
      expect((await post(materials, st.deepLinkResponse(materials, [{ ...item(st.base), custom: { CoachLoop_Task: 'goals' } }]))).status).to.equal(200);
      expect(schoology.deepLinkResponses().at(-1)!.resourceLinks[0]?.custom).to.deep.equal({ coachloop_task: 'goals' });
    });
  });
});
