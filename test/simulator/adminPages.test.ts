/**
 * The simulated LMS's site administration: only institution administrators get in; the
 * registration form refuses what is not a URL and otherwise opens the tool's registration URL with
 * a fresh one-time token; a tool registered that way waits (pending: not in courses, no launch)
 * until the admin activates it.
 */
import { expect } from 'chai';
import { BrowserClient } from '../../src/simulator/client';
import { createDemoDistrict, LmsSimulator, type DemoDistrict } from '../../src/simulator';

const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const metadata = {
  application_type: 'web', response_types: ['id_token'], grant_types: ['implicit', 'client_credentials'],
  initiate_login_uri: 'http://127.0.0.1:3999/login', redirect_uris: ['http://127.0.0.1:3999/launch'], client_name: 'Pending Tool',
  jwks_uri: 'http://127.0.0.1:3999/keys', token_endpoint_auth_method: 'private_key_jwt', scope: '',
  [TOOL_CONFIGURATION]: { domain: '127.0.0.1', target_link_uri: 'http://127.0.0.1:3999/launch', claims: ['sub'], messages: [{ type: 'LtiResourceLinkRequest' }] },
};

describe('simulator: site administration of tools', () => {
  const sim = new LmsSimulator();
  let district: DemoDistrict;
  before(async () => {
    await sim.start();
    district = createDemoDistrict(sim);
  });
  after(() => sim.stop());

  async function signedIn(sub: string): Promise<BrowserClient> {
    const client = new BrowserClient();
    expect((await client.follow('POST', `${sim.issuer}/session`, { form: { sub, courseId: district.courseId } })).status).to.equal(200);
    return client;
  }

  it('sends people without a session home and refuses non-admins (403)', async () => {
    const anonymous = await new BrowserClient().request('GET', `${sim.issuer}/admin/tools`);
    expect(anonymous.status).to.equal(303);
    const coach = await signedIn(district.coach);
    expect((await coach.request('GET', `${sim.issuer}/admin/tools`)).status).to.equal(403);
    const post = await coach.request('POST', `${sim.issuer}/admin/tools/register`, { form: { url: 'http://127.0.0.1:3999/register' } });
    expect(post.status).to.equal(403);
    expect(sim.tools()).to.deep.equal([]);
  });

  it('refuses a registration URL that is not an http(s) URL (400), with the reason on the page', async () => {
    const admin = await signedIn(district.principal);
    for (const url of ['', 'not a url', 'javascript:alert(1)']) {
      const res = await admin.request('POST', `${sim.issuer}/admin/tools/register`, { form: { url } });
      expect(res.status, url).to.equal(400);
      expect(res.html).to.contain('must be a complete http(s) address');
    }
  });

  it('opens the tool with a one-time token; the tool it registers is pending until the admin activates it', async () => {
    const admin = await signedIn(district.principal);
    const home = await admin.request('GET', `${sim.issuer}/admin/tools`);
    expect(home.status).to.equal(200);
    expect(home.html).to.contain('No tool is registered yet').and.contain('Tool registration URL');
    const res = await admin.request('POST', `${sim.issuer}/admin/tools/register`, { form: { url: 'http://127.0.0.1:3999/register' } });
    expect(res.status).to.equal(303);
    const start = new URL(res.headers.get('location') ?? '');
    expect(start.origin + start.pathname).to.equal(`${sim.issuer}/lti/registrations/start`);
    expect(start.searchParams.get('url')).to.equal('http://127.0.0.1:3999/register');
    const token = start.searchParams.get('registration_token') ?? '';
    expect(token).to.have.length.greaterThan(20);

    // The tool registers itself with that token (as its registration page would).
    const reg = await fetch(sim.registrationEndpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(metadata) });
    expect(reg.status).to.equal(200);
    const [tool] = sim.tools();
    expect(tool).to.include({ name: 'Pending Tool', pending: true });
    expect(() => sim.prepareLaunch({ clientId: tool.clientId, deploymentId: tool.deploymentIds[0], userSub: district.teachers[0], courseId: district.courseId })).to.throw(/activate/);
    const course = await admin.request('GET', `${sim.issuer}/courses/${district.courseId}`);
    expect(course.html).to.not.contain('Pending Tool');
    const blocked = await admin.request('GET', `${sim.issuer}/courses/${district.courseId}/tools/${tool.clientId}`);
    expect(blocked.status).to.equal(409);
    const listed = await admin.request('GET', `${sim.issuer}/admin/tools`);
    expect(listed.html).to.contain('Pending').and.contain('Activate');

    // Activating makes it a course tool.
    const activated = await admin.follow('POST', `${sim.issuer}/admin/tools/${tool.clientId}/activate`);
    expect(activated.status).to.equal(200);
    expect(activated.html).to.contain('Active').and.not.contain('Activate<');
    expect(sim.tools()[0].pending).to.equal(undefined);
    expect((await admin.request('GET', `${sim.issuer}/courses/${district.courseId}`)).html).to.contain('Pending Tool');
    expect((await admin.request('POST', `${sim.issuer}/admin/tools/nope/activate`)).status).to.equal(404);
  });

  it('a token from the API (not the admin page) still registers an active tool', async () => {
    const reg = await fetch(sim.registrationEndpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${sim.createRegistrationToken()}` }, body: JSON.stringify({ ...metadata, client_name: 'Direct Tool' }) });
    expect(reg.status).to.equal(200);
    expect(sim.tools().find((t) => t.name === 'Direct Tool')).to.not.have.property('pending');
  });
});
