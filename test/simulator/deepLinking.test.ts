import { expect } from 'chai';
import { BrowserClient } from '../../src/simulator/client';
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
});
