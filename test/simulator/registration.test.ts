import { expect } from 'chai';
import { LmsSimulator, LTI_SCOPES } from '../../src/simulator';

const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

/** Client metadata as a tool sends it (LTI Dynamic Registration 1.0 §3.1). */
function metadata(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: 'http://127.0.0.1:3999/login',
    redirect_uris: ['http://127.0.0.1:3999/launch'],
    client_name: 'CoachLoop',
    jwks_uri: 'http://127.0.0.1:3999/keys',
    token_endpoint_auth_method: 'private_key_jwt',
    scope: `${LTI_SCOPES.nrps} ${LTI_SCOPES.score} https://example.com/unsupported`,
    [TOOL_CONFIGURATION]: {
      domain: '127.0.0.1',
      target_link_uri: 'http://127.0.0.1:3999/launch',
      claims: ['iss', 'sub', 'name', 'email'],
      messages: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest', target_link_uri: 'http://127.0.0.1:3999/deep-link' }],
    },
    ...overrides,
  };
}

describe('simulator: Dynamic Registration', () => {
  const sim = new LmsSimulator();
  before(() => sim.start());
  after(() => sim.stop());

  async function register(body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(sim.registrationEndpoint, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  }

  it('publishes an OpenID configuration with the LTI platform configuration', async () => {
    const res = await fetch(sim.openidConfigurationUrl);
    const config = await res.json() as Record<string, unknown>;
    expect(config).to.include({ issuer: sim.issuer, token_endpoint: sim.tokenEndpoint, jwks_uri: sim.jwksUrl, registration_endpoint: sim.registrationEndpoint });
    expect(config.token_endpoint_auth_methods_supported).to.deep.equal(['private_key_jwt']);
    expect(config.scopes_supported).to.include.members(['openid', LTI_SCOPES.nrps, LTI_SCOPES.lineItem]);
    const platform = config['https://purl.imsglobal.org/spec/lti-platform-configuration'] as Record<string, unknown>;
    expect(platform.product_family_code).to.equal('coachloop-sim');
    expect(platform.messages_supported).to.deep.equal([{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }]);
    const withBadToken = await fetch(sim.openidConfigurationUrl, { headers: { authorization: 'Bearer nope' } });
    expect(withBadToken.status).to.equal(401);
  });

  it('requires a registration token (401)', async () => {
    expect((await register(metadata())).status).to.equal(401);
    expect((await register(metadata(), 'made-up')).status).to.equal(401);
  });

  it('refuses bad client metadata with invalid_client_metadata (400)', async () => {
    const token = sim.createRegistrationToken();
    const cases: [Record<string, unknown>, string][] = [
      [{ application_type: 'native' }, 'application_type'],
      [{ grant_types: ['implicit'] }, 'grant_types'],
      [{ redirect_uris: [] }, 'redirect_uris'],
      [{ token_endpoint_auth_method: 'client_secret_basic' }, 'token_endpoint_auth_method'],
      [{ jwks_uri: undefined }, 'jwks_uri'],
      [{ [TOOL_CONFIGURATION]: undefined }, TOOL_CONFIGURATION],
      [{ [TOOL_CONFIGURATION]: { domain: 'other.example', target_link_uri: 'http://127.0.0.1:3999/launch', claims: [], messages: [] } }, 'domain'],
      [{ [TOOL_CONFIGURATION]: { domain: '127.0.0.1', target_link_uri: 'http://127.0.0.1:3999/launch', messages: [] } }, 'claims'],
    ];
    for (const [override, field] of cases) {
      const { status, body } = await register(metadata(override), token);
      expect(status, field).to.equal(400);
      expect(body.error).to.equal('invalid_client_metadata');
      expect(String(body.error_description)).to.contain(field);
    }
  });

  it('registers the tool, returns client_id and deployment_id, and the token is single use', async () => {
    const token = sim.createRegistrationToken();
    const { status, body } = await register(metadata(), token);
    expect(status).to.equal(200);
    expect(body.client_id).to.be.a('string');
    expect(body.scope).to.equal(`${LTI_SCOPES.nrps} ${LTI_SCOPES.score}`);
    const config = body[TOOL_CONFIGURATION] as Record<string, unknown>;
    expect(config.deployment_id).to.be.a('string');
    const tool = sim.tools().find((t) => t.clientId === body.client_id);
    expect(tool).to.deep.include({
      deploymentIds: [config.deployment_id], oidcLoginUrl: 'http://127.0.0.1:3999/login', redirectUris: ['http://127.0.0.1:3999/launch'],
      targetLinkUri: 'http://127.0.0.1:3999/launch', jwksUrl: 'http://127.0.0.1:3999/keys', scopes: [LTI_SCOPES.nrps, LTI_SCOPES.score],
      deepLinkingUrl: 'http://127.0.0.1:3999/deep-link', name: 'CoachLoop',
    });
    expect((await register(metadata(), token)).status).to.equal(401);
  });

  it('serves a start page that frames the tool with openid_configuration and registration_token', async () => {
    const startUrl = sim.registrationStartUrl('http://127.0.0.1:3999/register?x=1');
    const html = await (await fetch(startUrl)).text();
    const src = /<iframe[^>]*src="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const framed = new URL(src);
    expect(framed.origin + framed.pathname).to.equal('http://127.0.0.1:3999/register');
    expect(framed.searchParams.get('x')).to.equal('1');
    expect(framed.searchParams.get('openid_configuration')).to.equal(sim.openidConfigurationUrl);
    const token = framed.searchParams.get('registration_token') ?? '';
    expect(html).to.contain('org.imsglobal.lti.close').and.contain('Registration finished');
    expect((await register(metadata(), token)).status).to.equal(200);
    const noToken = new URL((/<iframe[^>]*src="([^"]+)"/.exec(await (await fetch(sim.registrationStartUrl('http://127.0.0.1:3999/register', { withToken: false }))).text())?.[1] ?? '').replace(/&amp;/g, '&'));
    expect(noToken.searchParams.has('registration_token')).to.equal(false);
  });
});
