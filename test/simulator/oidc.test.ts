import { expect } from 'chai';
import { BrowserClient, parseAutoPostForm } from '../../src/simulator/client';
import { createDemoDistrict, LIS_ROLES, LmsSimulator, LTI_CLAIMS, LTI_SCOPES, type DemoDistrict } from '../../src/simulator';
import { FakeTool } from './fakeTool';

describe('simulator: OIDC launch', () => {
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
  beforeEach(() => {
    tool.authOverrides = {};
  });

  async function launchAs(opts: Partial<Parameters<LmsSimulator['prepareLaunch']>[0]> = {}) {
    const before = tool.launches.length;
    const res = await new BrowserClient().launch(sim.prepareLaunch({
      clientId: tool.clientId, deploymentId: tool.deploymentId, userSub: district.coach, courseId: district.courseId, ...opts,
    }));
    return { res, launch: tool.launches[before] };
  }

  it('round trip yields a verifiable id_token with the claims a real platform sends', async () => {
    const { res, launch } = await launchAs({ custom: { coach_mode: 'observe' } });
    expect(res.status).to.equal(200);
    expect(res.html).to.contain('CoachLoop fake tool');
    expect(launch?.error).to.equal(undefined);
    const p = launch?.payload ?? {};
    expect(p.iss).to.equal(sim.issuer);
    expect(p.aud).to.equal(tool.clientId);
    expect(p.azp).to.equal(tool.clientId);
    expect(p.sub).to.equal(district.coach);
    expect(Number(p.exp) - Number(p.iat)).to.equal(60);
    expect(p[LTI_CLAIMS.version]).to.equal('1.3.0');
    expect(p[LTI_CLAIMS.messageType]).to.equal('LtiResourceLinkRequest');
    expect(p[LTI_CLAIMS.deploymentId]).to.equal(tool.deploymentId);
    expect(p[LTI_CLAIMS.targetLinkUri]).to.equal(`${tool.base}/launch`);
    expect(p[LTI_CLAIMS.roles]).to.have.members([LIS_ROLES.institutionInstructor, LIS_ROLES.instructor]);
    expect(p[LTI_CLAIMS.resourceLink]).to.deep.equal({ id: 'rl-1', title: 'CoachLoop', description: '' });
    expect(p[LTI_CLAIMS.context]).to.deep.equal({
      id: 'coach-pd-2026', label: 'COACH26', title: 'Instructional Coaching 2026',
      type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
    });
    expect(p.name).to.equal('Maya Okafor');
    expect(p.email).to.equal('maya.okafor@riverbend.example.org');
    expect(p[LTI_CLAIMS.custom]).to.deep.equal({ coach_mode: 'observe' });
    expect(p[LTI_CLAIMS.toolPlatform]).to.include({ product_family_code: 'coachloop-sim', name: 'CoachLoop Demo LMS' });
    expect(p[LTI_CLAIMS.launchPresentation]).to.include({ document_target: 'iframe', locale: 'en' });
    expect(p[LTI_CLAIMS.nrps]).to.deep.equal({ context_memberships_url: `${sim.issuer}/api/lti/courses/coach-pd-2026/names_and_roles`, service_versions: ['2.0'] });
    const ags = p[LTI_CLAIMS.ags] as Record<string, unknown>;
    expect(ags.lineitems).to.equal(`${sim.issuer}/api/lti/courses/coach-pd-2026/line_items`);
    expect(ags.scope).to.include(LTI_SCOPES.score);
    expect(ags).not.to.have.property('lineitem');
    expect(launch?.header?.kid).to.be.a('string');
  });

  it('sends the login initiation as a GET when asked', async () => {
    const { res, launch } = await launchAs({ loginMethod: 'GET', userSub: district.teachers[0] });
    expect(res.status).to.equal(200);
    expect(launch?.payload?.[LTI_CLAIMS.roles]).to.include(LIS_ROLES.learner);
  });

  it('account-level launch carries no context, NRPS or AGS claims; admins get institution roles only', async () => {
    const { launch } = await launchAs({ courseId: undefined, userSub: district.principal });
    const p = launch?.payload ?? {};
    expect(p).not.to.have.property(LTI_CLAIMS.context);
    expect(p).not.to.have.property(LTI_CLAIMS.nrps);
    expect(p).not.to.have.property(LTI_CLAIMS.ags);
    expect(p[LTI_CLAIMS.roles]).to.deep.equal([LIS_ROLES.institutionAdministrator]);
  });

  it('omits service claims when the tool was not granted those scopes', async () => {
    sim.registerTool(tool.registration({ scopes: [LTI_SCOPES.score] }));
    try {
      const { launch } = await launchAs();
      const p = launch?.payload ?? {};
      expect(p).not.to.have.property(LTI_CLAIMS.nrps);
      expect((p[LTI_CLAIMS.ags] as Record<string, unknown>).scope).to.deep.equal([LTI_SCOPES.score]);
    } finally {
      sim.registerTool(tool.registration());
    }
  });

  it('deep linking request carries settings and no resource_link claim', async () => {
    const { launch } = await launchAs({ messageType: 'LtiDeepLinkingRequest' });
    const p = launch?.payload ?? {};
    expect(p[LTI_CLAIMS.messageType]).to.equal('LtiDeepLinkingRequest');
    expect(p).not.to.have.property(LTI_CLAIMS.resourceLink);
    const settings = p[LTI_CLAIMS.deepLinkingSettings] as Record<string, unknown>;
    expect(settings).to.include({ accept_multiple: true, auto_create: true });
    expect(settings.accept_types).to.deep.equal(['ltiResourceLink']);
    expect(settings.deep_link_return_url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/lti\/deep_linking\/.+\/return$/);
    expect(settings.data).to.be.a('string').and.not.equal('');
  });

  it('claims overrides, deleteClaims, forced nonce and header tweaks reach the token', async () => {
    const { launch } = await launchAs({ claims: { [LTI_CLAIMS.custom]: undefined, extra: 'x' }, deleteClaims: ['email'] });
    expect(launch?.payload).to.include({ extra: 'x' });
    expect(launch?.payload).not.to.have.property('email');
    expect(launch?.payload).not.to.have.property(LTI_CLAIMS.custom);
    const forced = await launchAs({ nonce: 'replayed-nonce' });
    expect(forced.launch?.error).to.equal('nonce mismatch');
    const noKid = await launchAs({ header: { kid: null } });
    expect(noKid.launch?.error).to.equal('unknown kid');
    expect(noKid.launch?.header).not.to.have.property('kid');
  });

  it('a rogue-signed token fails signature verification; iat in the past makes it expired', async () => {
    const rogue = await launchAs({ signWith: 'rogue' });
    expect(rogue.launch?.error).to.equal('invalid signature');
    const old = await launchAs({ iatOffsetSec: -120 });
    expect(old.launch?.error).to.equal('jwt expired');
    const confused = await launchAs({ header: { alg: 'HS256' } });
    expect(confused.launch?.header?.alg).to.equal('HS256');
    expect(confused.launch?.error).to.equal('invalid algorithm');
    const longLived = await launchAs({ expInSec: 3600 });
    expect(Number(longLived.launch?.payload?.exp) - Number(longLived.launch?.payload?.iat)).to.equal(3600);
  });

  it('refuses a redirect_uri that is not an exact match (trailing slash)', async () => {
    tool.authOverrides = { redirect_uri: `${tool.base}/launch/` };
    const { res, launch } = await launchAs();
    expect(res.status).to.equal(400);
    expect(res.html).to.contain('redirect_uri').and.contain('exact match');
    expect(res.html).not.to.contain('id_token');
    expect(launch).to.equal(undefined);
  });

  it('refuses an unknown client and wrong OIDC parameters', async () => {
    for (const [override, message] of [
      [{ client_id: 'nope' }, 'client_id nope is not a registered tool'],
      [{ response_mode: 'query' }, 'response_mode must be'],
      [{ prompt: undefined }, 'prompt must be'],
      [{ nonce: undefined }, 'nonce is missing'],
      [{ login_hint: 'someone-else' }, 'login_hint does not match'],
    ] as const) {
      tool.authOverrides = { ...override };
      const { res } = await launchAs();
      expect(res.status, message).to.equal(400);
      expect(res.html).to.contain(message);
    }
  });

  it('refuses a reused lti_message_hint', async () => {
    const prepared = sim.prepareLaunch({ clientId: tool.clientId, deploymentId: tool.deploymentId, userSub: district.coach, courseId: district.courseId });
    const first = await new BrowserClient().launch(prepared);
    expect(first.status).to.equal(200);
    const second = await new BrowserClient().launch(prepared);
    expect(second.status).to.equal(400);
    expect(second.html).to.contain('lti_message_hint is unknown, expired or already used');
  });

  it('answers with an auto-posting form and noscript button', async () => {
    const prepared = sim.prepareLaunch({ clientId: tool.clientId, deploymentId: tool.deploymentId, userSub: district.coach, courseId: district.courseId });
    const url = new URL(sim.authorizationEndpoint);
    const params = { scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: tool.clientId,
      redirect_uri: `${tool.base}/launch`, login_hint: prepared.params.login_hint ?? '', lti_message_hint: prepared.params.lti_message_hint ?? '',
      state: 's&1', nonce: 'n1' };
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams(params) });
    const html = await res.text();
    expect(res.status).to.equal(200);
    expect(html).to.contain(`<form method="post" action="${tool.base}/launch"`).and.contain('<noscript>');
    const form = parseAutoPostForm(html);
    expect(form?.fields.state).to.equal('s&1');
    expect(form?.fields.id_token?.split('.')).to.have.length(3);
  });

  it('prepareLaunch refuses unknown clients, courses and users', () => {
    expect(() => sim.prepareLaunch({ clientId: 'x', deploymentId: '1' })).to.throw(/no tool/);
    expect(() => sim.prepareLaunch({ clientId: tool.clientId, deploymentId: '1', courseId: 'nope' })).to.throw(/unknown course/);
    expect(() => sim.prepareLaunch({ clientId: tool.clientId, deploymentId: '1', userSub: 'nobody' })).to.throw(/unknown user/);
  });
});
