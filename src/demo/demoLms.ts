/**
 * The demo: a local LMS simulator on its own origin, registered with CoachLoop as a platform
 * with one deployment (a tenant), seeded with a district. Never started in production.
 */
import type { CoachLoopApp } from '../app';
import { LmsSimulator, createDemoDistrict } from '../simulator';

export const DEMO_CLIENT_ID = 'coachloop-demo';
export const DEMO_DEPLOYMENT_ID = 'riverbend-1';

/** LTI Advantage scopes the demo LMS grants CoachLoop. */
export const DEMO_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
];

/**
 * Starts the demo LMS, registers it with CoachLoop (and CoachLoop with it) and seeds the district.
 * Like Canvas it offers LTI Platform Storage and a reusable lti_message_hint; `platformStorage:
 * false` gives an LMS without storage (the new-window fallback then is the only way without cookies).
 */
export async function startDemoLms(coachloop: CoachLoopApp, opts: { port: number; host?: string; platformStorage?: boolean }): Promise<LmsSimulator> {
  const sim = new LmsSimulator({
    host: opts.host ?? '127.0.0.1', port: opts.port, platformName: 'Riverbend Demo LMS',
    platformStorage: opts.platformStorage ?? true, reusableMessageHint: true,
  });
  await sim.start();
  const urls = coachloop.lti.urls;
  sim.registerTool({
    clientId: DEMO_CLIENT_ID,
    deploymentIds: [DEMO_DEPLOYMENT_ID],
    oidcLoginUrl: urls.login,
    redirectUris: [urls.launch],
    targetLinkUri: urls.launch,
    jwksUrl: urls.keys,
    scopes: DEMO_SCOPES,
    name: 'CoachLoop',
  });
  createDemoDistrict(sim);
  const kid = await coachloop.lti.registerPlatform({
    issuer: sim.issuer,
    clientId: DEMO_CLIENT_ID,
    name: 'Riverbend Demo LMS',
    authorizationEndpoint: sim.authorizationEndpoint,
    tokenEndpoint: sim.tokenEndpoint,
    jwksUrl: sim.jwksUrl,
    method: 'demo',
  });
  await coachloop.tenants.create({ platformKid: kid, issuer: sim.issuer, clientId: DEMO_CLIENT_ID, deploymentId: DEMO_DEPLOYMENT_ID, name: 'Riverbend Unified School District' });
  return sim;
}
