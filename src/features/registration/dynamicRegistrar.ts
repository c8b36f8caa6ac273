/**
 * LTI Dynamic Registration 1.0, tool side: read the platform's configuration (with the
 * registration token as a bearer, as Canvas requires), check it, register CoachLoop with the
 * tool configuration an LMS needs, and store the platform, client id and deployment id.
 * Nothing is stored unless every step succeeded.
 */
import { QueryTypes, Sequelize } from 'sequelize';
import { z } from 'zod';
import type { LtiAdapter } from '../../lti/provider';
import type { TenantResolver } from '../launch/tenantResolver';
import { consumeInstallCode, installCodeProblem } from './installCodes';
import { clientRegistrationRequest, PLATFORM_CONFIGURATION_CLAIM, REQUESTED_SCOPES, TOOL_CONFIGURATION_CLAIM } from './toolConfiguration';

const TIMEOUT_MS = 10_000;

/**
 * A registration that could not finish: shown to the installing admin as is. Failures of the LMS
 * (unreachable, refusing, answering badly) are 400s too: the request names that LMS, and a 5xx
 * would say CoachLoop itself failed.
 */
export class RegistrationError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** What was registered, for the confirmation page. */
export interface RegistrationOutcome {
  platformKid: string;
  issuer: string;
  clientId: string;
  deploymentId?: string;
  platformName: string;
  productFamily?: string;
  requestedScopes: string[];
  grantedScopes: string[];
  /** The same issuer and client id were registered before: their settings were refreshed. */
  refreshed: boolean;
}

/** The request as the platform sends it to the registration URL. */
export const registrationQuery = z.object({
  openid_configuration: z
    .string({ error: 'The LMS did not send openid_configuration: start the registration from the LMS, not by opening this address directly.' })
    .url('openid_configuration is not a URL: start the registration again from the LMS.'),
  registration_token: z.string().min(1).optional(),
  install_code: z.string().trim().max(64).optional(),
});

const url = z.string().url();
const platformConfiguration = z.object({
  issuer: url,
  authorization_endpoint: url,
  token_endpoint: url,
  jwks_uri: url,
  registration_endpoint: url,
  scopes_supported: z.array(z.string()).optional(),
  [PLATFORM_CONFIGURATION_CLAIM]: z
    .object({ product_family_code: z.string().optional(), version: z.string().optional() })
    .passthrough()
    .optional(),
}).passthrough();

const registrationResponse = z.object({
  client_id: z.string().min(1),
  scope: z.string().optional(),
  [TOOL_CONFIGURATION_CLAIM]: z.object({ deployment_id: z.union([z.string(), z.number()]).optional() }).passthrough().optional(),
}).passthrough();

/** Dependencies of a registration. */
export interface RegistrarDeps {
  sequelize: Sequelize;
  lti: LtiAdapter;
  tenants: TenantResolver;
  mode: 'development' | 'production' | 'test';
  registrationMode: 'open' | 'install-code';
}

/** Runs a Dynamic Registration from the platform's request; throws RegistrationError on any problem. */
export async function registerDynamically(deps: RegistrarDeps, query: z.infer<typeof registrationQuery>): Promise<RegistrationOutcome> {
  if (deps.registrationMode === 'install-code') {
    const problem = await installCodeProblem(deps.sequelize, query.install_code);
    if (problem) throw new RegistrationError(403, 'INSTALL_CODE', 'An install code is needed', problem, ['Ask the CoachLoop operator for a registration URL with an install code (npm run install-code -- create) and register again with that URL.']);
  }
  const configUrl = new URL(query.openid_configuration);
  if (deps.mode === 'production' && configUrl.protocol !== 'https:') {
    throw new RegistrationError(400, 'INSECURE_CONFIGURATION_URL', 'The LMS address is not secure', `The LMS sent its configuration address over plain http (${configUrl.origin}). CoachLoop registers only with LMSs served over https.`);
  }
  const bearer: Record<string, string> = query.registration_token ? { authorization: `Bearer ${query.registration_token}` } : {};

  const rawConfig = await fetchJson(configUrl.toString(), { headers: { accept: 'application/json', ...bearer } }, 'CONFIGURATION');
  const parsed = platformConfiguration.safeParse(rawConfig);
  if (!parsed.success) {
    throw new RegistrationError(400, 'CONFIGURATION_INVALID', 'The LMS configuration is incomplete',
      'The LMS answered, but its configuration lacks what LTI Dynamic Registration requires, so CoachLoop cannot register with it.',
      parsed.error.issues.map((i) => `${i.path.join('.') || 'configuration'}: ${i.message}`));
  }
  const platform = parsed.data;
  if (new URL(platform.issuer).origin !== configUrl.origin) {
    throw new RegistrationError(400, 'ISSUER_MISMATCH', 'The LMS configuration does not match its address',
      `The configuration was read from ${configUrl.origin} but names ${platform.issuer} as its issuer. CoachLoop stops here, because registering would trust a platform that is not the one you started from.`,
      ['Start the registration again from the LMS. If it keeps happening, the LMS configuration is wrong: tell your LMS administrator.']);
  }
  const productFamily = platform[PLATFORM_CONFIGURATION_CLAIM]?.product_family_code;
  const request = clientRegistrationRequest({ publicUrl: deps.lti.publicUrl, ...deps.lti.urls }, { productFamily, supportedScopes: platform.scopes_supported });

  const rawResponse = await fetchJson(platform.registration_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...bearer },
    body: JSON.stringify(request),
  }, 'REGISTRATION');
  const response = registrationResponse.safeParse(rawResponse);
  if (!response.success) {
    throw new RegistrationError(400, 'REGISTRATION_INVALID', 'The LMS answer was incomplete', 'The LMS accepted the registration but did not return a client id, so CoachLoop cannot recognise its launches.', response.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const clientId = response.data.client_id;
  const deploymentRaw = response.data[TOOL_CONFIGURATION_CLAIM]?.deployment_id;
  const deploymentId = deploymentRaw === undefined ? undefined : String(deploymentRaw);
  const existing = await deps.sequelize.query('SELECT kid FROM lti_platforms WHERE platform_url = ? AND client_id = ?', {
    replacements: [platform.issuer, clientId], type: QueryTypes.SELECT,
  });
  const host = new URL(platform.issuer).host;
  const displayName = productFamily ? `${friendlyProduct(productFamily)} (${host})` : host;
  // The registration token proves an LMS administrator started this, so their deployments are trusted.
  const platformKid = await deps.lti.registerPlatform({
    issuer: platform.issuer, clientId, name: displayName, authorizationEndpoint: platform.authorization_endpoint,
    tokenEndpoint: platform.token_endpoint, jwksUrl: platform.jwks_uri, acceptNewDeployments: true, method: 'dynamic',
  });
  if (deploymentId) {
    await deps.tenants.create({ platformKid, issuer: platform.issuer, clientId, deploymentId, name: displayName });
  }
  if (deps.registrationMode === 'install-code' && query.install_code) {
    if (!(await consumeInstallCode(deps.sequelize, query.install_code, platformKid))) {
      throw new RegistrationError(409, 'INSTALL_CODE', 'The install code was used meanwhile', 'Someone used this install code for another registration while this one ran. Ask the CoachLoop operator for a new code.');
    }
  }
  const requestedScopes = String(request.scope).split(' ').filter(Boolean);
  return {
    platformKid, issuer: platform.issuer, clientId, deploymentId, platformName: displayName, productFamily,
    requestedScopes, grantedScopes: response.data.scope !== undefined ? response.data.scope.split(' ').filter(Boolean) : requestedScopes,
    refreshed: existing.length > 0,
  };
}

/** What each scope lets CoachLoop do, for the confirmation page. */
export function describeScope(scope: string): string {
  if (scope.endsWith('/lineitem')) return 'Create gradebook columns for reflections and surveys';
  if (scope.endsWith('/result.readonly')) return 'Read back grades it sent';
  if (scope.endsWith('/score')) return 'Send completion and reflection grades to the gradebook';
  if (scope.endsWith('/contextmembership.readonly')) return 'Read course rosters (names and roles)';
  return scope;
}

export { REQUESTED_SCOPES };

function friendlyProduct(code: string): string {
  return ({ canvas: 'Canvas', moodle: 'Moodle', desire2learn: 'D2L Brightspace', schoology: 'Schoology', blackboard: 'Blackboard' } as Record<string, string>)[code.toLowerCase()] ?? code;
}

async function fetchJson(target: string, init: RequestInit, step: 'CONFIGURATION' | 'REGISTRATION'): Promise<unknown> {
  const what = step === 'CONFIGURATION' ? 'read the LMS configuration' : 'register with the LMS';
  let res: Response;
  try {
    res = await fetch(target, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const reason = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} seconds` : 'the address could not be reached';
    throw new RegistrationError(400, `${step}_UNREACHABLE`, `CoachLoop could not ${what}`, `CoachLoop tried to ${what} at ${new URL(target).origin}, but ${reason}. Try again in a few minutes; if it keeps failing, the LMS may block outgoing requests to CoachLoop.`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const b = (body ?? {}) as { error?: unknown; error_description?: unknown; errors?: unknown };
    const said = typeof b.error_description === 'string' ? b.error_description : typeof b.error === 'string' ? b.error : text.slice(0, 200);
    const hint = res.status === 401 || res.status === 403
      ? 'The LMS did not accept the registration token. Registration links from the LMS work once and expire: start the registration again from the LMS.'
      : res.status >= 500 ? 'The LMS had a problem of its own. Try again in a few minutes.' : 'Start the registration again from the LMS; if it is refused again, send this page to your LMS administrator.';
    throw new RegistrationError(400, `${step}_REFUSED`, `The LMS refused to let CoachLoop ${what === 'read the LMS configuration' ? 'read its configuration' : 'register'}`,
      `The LMS answered ${res.status}${said ? `: "${said}"` : ''}. ${hint}`);
  }
  if (body === undefined) throw new RegistrationError(400, `${step}_INVALID`, 'The LMS answer was not readable', `The LMS answered, but not with JSON, when CoachLoop tried to ${what}.`);
  return body;
}
