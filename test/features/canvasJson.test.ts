/** The Canvas developer-key JSON, checked against the fields Canvas documents for LTI 1.3 keys. */
import { expect } from 'chai';
import { BrowserClient } from '../../src/simulator/client';
import { clientRegistrationRequest } from '../../src/features/registration/toolConfiguration';
import { type Harness, startHarness } from '../helpers/harness';

const CANVAS_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly', 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly', 'https://canvas.instructure.com/lti/public_jwk/scope/update',
  'https://canvas.instructure.com/lti/account_lookup/scope/show', 'https://canvas.instructure.com/lti/data_services/scope/create',
];
const CANVAS_PLACEMENTS = ['account_navigation', 'assignment_selection', 'course_navigation', 'link_selection', 'editor_button', 'homework_submission', 'user_navigation', 'course_home_sub_navigation'];

describe('Canvas developer-key JSON', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it('has the documented top-level fields, scopes and the Canvas extension with placements', async () => {
    const res = await new BrowserClient().request('GET', `${h.toolUrl}/lti/canvas.json`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    const json = JSON.parse(res.html) as Record<string, unknown>;
    const urls = h.coachloop.lti.urls;
    expect(json).to.include({ title: 'CoachLoop', oidc_initiation_url: urls.login, target_link_uri: urls.launch, public_jwk_url: urls.keys });
    expect(json.description).to.be.a('string').and.have.length.greaterThan(20);
    const scopes = json.scopes as string[];
    expect(scopes.every((s) => CANVAS_SCOPES.includes(s))).to.equal(true);
    expect(scopes).to.include.members(['https://purl.imsglobal.org/spec/lti-ags/scope/score', 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly']);
    const [ext] = json.extensions as Array<Record<string, unknown>>;
    expect(ext).to.include({ platform: 'canvas.instructure.com', privacy_level: 'public', domain: new URL(h.toolUrl).host });
    const settings = ext.settings as { placements: Array<Record<string, string>>; icon_url: string };
    expect(settings.icon_url).to.equal(`${h.toolUrl}/public/coachloop-icon.svg`);
    const byPlacement = Object.fromEntries(settings.placements.map((p) => [p.placement, p]));
    expect(Object.keys(byPlacement)).to.have.members(['course_navigation', 'assignment_selection', 'link_selection', 'account_navigation']);
    for (const p of settings.placements) {
      expect(CANVAS_PLACEMENTS).to.include(p.placement);
      expect(p.target_link_uri).to.equal(urls.launch);
      expect(p.text).to.be.a('string');
    }
    expect(byPlacement.course_navigation.message_type).to.equal('LtiResourceLinkRequest');
    expect(byPlacement.account_navigation.message_type).to.equal('LtiResourceLinkRequest');
    expect(byPlacement.assignment_selection.message_type).to.equal('LtiDeepLinkingRequest');
    expect(byPlacement.link_selection.message_type).to.equal('LtiDeepLinkingRequest');
    const icon = await new BrowserClient().request('GET', settings.icon_url);
    expect(icon.status).to.equal(200);
  });

  it('Dynamic Registration asks Canvas for a public (named) tool with the same placements', () => {
    const body = clientRegistrationRequest({ publicUrl: 'https://coach.example.org', login: 'https://coach.example.org/lti/login', launch: 'https://coach.example.org/lti/launch', keys: 'https://coach.example.org/lti/keys' }, { productFamily: 'canvas' });
    const config = body['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<string, unknown>;
    expect(config['https://canvas.instructure.com/lti/privacy_level']).to.equal('public');
    expect(config.claims).to.include.members(['name', 'email']);
    const messages = config.messages as Array<{ type: string; placements: string[] }>;
    expect(messages.map((m) => [m.type, m.placements[0]])).to.deep.equal([
      ['LtiResourceLinkRequest', 'course_navigation'], ['LtiDeepLinkingRequest', 'assignment_selection'],
      ['LtiDeepLinkingRequest', 'link_selection'], ['LtiResourceLinkRequest', 'account_navigation'],
    ]);
    const moodle = clientRegistrationRequest({ publicUrl: 'https://coach.example.org', login: 'x', launch: 'https://coach.example.org/lti/launch', keys: 'y' }, { productFamily: 'moodle', supportedScopes: ['openid', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'] });
    expect(moodle.scope).to.equal('https://purl.imsglobal.org/spec/lti-ags/scope/score');
    expect(moodle['https://purl.imsglobal.org/spec/lti-tool-configuration']).not.to.have.property('https://canvas.instructure.com/lti/privacy_level');
  });
});
