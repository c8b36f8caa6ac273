/**
 * LTI Dynamic Registration 1.0, platform side: the OpenID configuration, the registration
 * endpoint guarded by one-time registration tokens, and the page that frames a tool's
 * registration URL and waits for its `org.imsglobal.lti.close` message.
 */
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { SUPPORTED_SCOPES } from './constants';
import { PATHS, type SimContext } from './context';
import { escapeHtml, page, sendErrorPage } from './html';
import { mediaTypeOf, queryString, sendJsonError } from './http';
import { isRecord } from './jwt';
import type { ToolRegistration } from './types';

const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const SUPPORTED_MESSAGES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'];

/** The platform's OpenID configuration (LTI Dynamic Registration §3.4). */
export function openidConfiguration(ctx: SimContext): Record<string, unknown> {
  const { urls, settings } = ctx;
  return {
    issuer: urls.issuer,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    jwks_uri: urls.jwks,
    registration_endpoint: urls.registration,
    scopes_supported: ['openid', ...SUPPORTED_SCOPES],
    response_types_supported: ['id_token'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['iss', 'aud', 'sub', 'iat', 'exp', 'nonce', 'azp', 'name', 'given_name', 'family_name', 'email'],
    [PLATFORM_CONFIGURATION]: {
      product_family_code: settings.productFamilyCode,
      version: settings.platformVersion,
      messages_supported: SUPPORTED_MESSAGES.map((type) => ({ type })),
      variables: [],
    },
  };
}

function isUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function onDomain(url: string, domain: string): boolean {
  const { host, hostname } = new URL(url);
  const d = domain.toLowerCase();
  return host === d || hostname === d || hostname.endsWith(`.${d}`);
}

/** Validates client metadata; returns the problem or the tool registration (without ids). */
function validateMetadata(body: Record<string, unknown>): { problem: string } | Omit<ToolRegistration, 'clientId' | 'deploymentIds'> {
  const list = (name: string): unknown[] | undefined => (Array.isArray(body[name]) ? body[name] as unknown[] : undefined);
  if (body.application_type !== 'web') return { problem: 'application_type must be "web"' };
  if (!list('response_types')?.includes('id_token')) return { problem: 'response_types must include "id_token"' };
  const grants = list('grant_types');
  if (!grants?.includes('implicit') || !grants.includes('client_credentials')) return { problem: 'grant_types must include "implicit" and "client_credentials"' };
  if (!isUrl(body.initiate_login_uri)) return { problem: 'initiate_login_uri must be an http(s) URL' };
  const redirectUris = list('redirect_uris');
  if (!redirectUris || redirectUris.length === 0 || !redirectUris.every(isUrl)) return { problem: 'redirect_uris must be a non-empty array of URLs' };
  if (typeof body.client_name !== 'string' || body.client_name.trim() === '') return { problem: 'client_name is required' };
  if (!isUrl(body.jwks_uri)) return { problem: 'jwks_uri must be an http(s) URL' };
  if (body.token_endpoint_auth_method !== 'private_key_jwt') return { problem: 'token_endpoint_auth_method must be "private_key_jwt"' };
  if (body.scope !== undefined && typeof body.scope !== 'string') return { problem: 'scope must be a space-separated string' };
  const config = body[TOOL_CONFIGURATION];
  if (!isRecord(config)) return { problem: `${TOOL_CONFIGURATION} object is required` };
  if (typeof config.domain !== 'string' || config.domain === '') return { problem: 'tool configuration domain is required' };
  if (!isUrl(config.target_link_uri)) return { problem: 'tool configuration target_link_uri must be an http(s) URL' };
  if (!onDomain(config.target_link_uri, config.domain)) return { problem: `target_link_uri is not on the tool's domain ${config.domain}` };
  if (!Array.isArray(config.claims) || !config.claims.every((c) => typeof c === 'string')) return { problem: 'tool configuration claims must be an array of strings' };
  if (!Array.isArray(config.messages)) return { problem: 'tool configuration messages must be an array' };
  let deepLinkingUrl: string | undefined;
  for (const [i, message] of config.messages.entries()) {
    if (!isRecord(message) || typeof message.type !== 'string') return { problem: `messages[${i}].type is required` };
    if (!SUPPORTED_MESSAGES.includes(message.type)) return { problem: `messages[${i}].type ${message.type} is not supported by this platform` };
    if (message.target_link_uri !== undefined && !isUrl(message.target_link_uri)) return { problem: `messages[${i}].target_link_uri must be an http(s) URL` };
    if (message.type === 'LtiDeepLinkingRequest' && typeof message.target_link_uri === 'string') deepLinkingUrl = message.target_link_uri;
  }
  const requested = typeof body.scope === 'string' ? body.scope.split(' ').filter((s) => s !== '') : [];
  return {
    name: body.client_name,
    oidcLoginUrl: body.initiate_login_uri,
    redirectUris: redirectUris as string[],
    targetLinkUri: config.target_link_uri,
    jwksUrl: body.jwks_uri,
    scopes: requested.filter((s) => SUPPORTED_SCOPES.includes(s)),
    claims: config.claims as string[],
    ...(deepLinkingUrl !== undefined ? { deepLinkingUrl } : {}),
  };
}

/** Router of the OpenID configuration, the registration endpoint and the registration start page. */
export function registrationRouter(ctx: SimContext, registerTool: (reg: ToolRegistration) => void): Router {
  const router = express.Router();
  const bearer = (req: Request): string | undefined => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];

  const shape = ctx.settings.registrationShape;
  router.get(PATHS.openidConfiguration, ctx.faults.middleware('openidConfiguration'), (req: Request, res: Response) => {
    const token = bearer(req);
    // Moodle and D2L serve this without a token; Canvas wants the registration token. A token that is sent must be valid.
    if (shape === 'canvas' && token === undefined) {
      res.set('WWW-Authenticate', 'Bearer realm="lti-registration"');
      return sendJsonError(res, 401, 'invalid_token', 'Authorization: Bearer <registration token> is required to read the configuration');
    }
    if (req.headers.authorization !== undefined && (token === undefined || !ctx.store.registrationTokens.has(token))) {
      return sendJsonError(res, 401, 'invalid_token', 'the registration token is unknown or already used');
    }
    res.status(200).json(openidConfiguration(ctx));
  });

  router.post(PATHS.registration, ctx.faults.middleware('registration'), express.text({ type: () => true, limit: '64kb' }), (req: Request, res: Response) => {
    const token = bearer(req);
    // D2L registers without a token; everyone else needs a valid, unused one.
    if (shape !== 'd2l' && (token === undefined || !ctx.store.registrationTokens.has(token))) {
      res.set('WWW-Authenticate', 'Bearer realm="lti-registration"');
      return sendJsonError(res, 401, 'invalid_token', 'Authorization: Bearer <registration token> is required (tokens are single use)');
    }
    if (mediaTypeOf(req) !== 'application/json') return sendJsonError(res, 400, 'invalid_client_metadata', 'Content-Type must be application/json');
    let body: unknown;
    try {
      body = JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch {
      return sendJsonError(res, 400, 'invalid_client_metadata', 'body is not valid JSON');
    }
    if (!isRecord(body)) return sendJsonError(res, 400, 'invalid_client_metadata', 'body must be a JSON object');
    const reg = validateMetadata(body);
    if ('problem' in reg) return sendJsonError(res, 400, 'invalid_client_metadata', reg.problem);
    if (token !== undefined) ctx.store.registrationTokens.delete(token);
    // A registration the administrator started from the admin page waits for them to activate it.
    const pending = token !== undefined && ctx.store.activationTokens.delete(token);
    const clientId = `sim-${randomBytes(9).toString('base64url')}`;
    const deploymentId = `dep-${randomBytes(6).toString('hex')}`;
    registerTool({ ...reg, clientId, deploymentIds: [deploymentId], ...(pending ? { pending: true } : {}) });
    const toolConfig = body[TOOL_CONFIGURATION] as Record<string, unknown>;
    res.status(200).json({
      ...body,
      client_id: clientId,
      scope: reg.scopes.join(' '),
      [TOOL_CONFIGURATION]: { ...toolConfig, deployment_id: deploymentId },
    });
  });

  router.get(PATHS.registrationStart, (req: Request, res: Response) => {
    const target = queryString(req, 'url');
    if (!isUrl(target)) return sendErrorPage(res, 400, 'Registration', 'The url parameter (the tool registration URL) is missing or not a URL.');
    const frameUrl = new URL(target);
    frameUrl.searchParams.set('openid_configuration', ctx.urls.openidConfiguration);
    const token = queryString(req, 'registration_token');
    if (token !== undefined) frameUrl.searchParams.set('registration_token', token);
    const toolOrigin = frameUrl.origin;
    const body = `<h1>Register a tool</h1>
<p id="status" role="status" aria-live="polite">The tool is registering itself…</p>
<iframe class="tool" title="Tool registration" src="${escapeHtml(frameUrl.toString())}"></iframe>
<p><a href="${PATHS.adminTools}" id="back-to-tools" hidden>Back to the tools</a></p>
<script>
window.addEventListener('message', function (event) {
  if (event.origin !== ${JSON.stringify(toolOrigin)}) return;
  if (event.data && event.data.subject === 'org.imsglobal.lti.close') {
    document.getElementById('status').textContent = 'Registration finished';
    document.getElementById('back-to-tools').hidden = false;
  }
});
</script>`;
    res.status(200).type('html').send(page('Register a tool', body, ctx.settings.platformName));
  });
  return router;
}
