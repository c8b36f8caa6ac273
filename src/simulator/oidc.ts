/**
 * OIDC side of the launch: the authorization endpoint that checks the tool's authentication
 * request and answers with an auto-posting form carrying the signed id_token, and the page that
 * sends a prepared login initiation to the tool (the demo's iframe source).
 */
import express, { type Request, type Response, type Router } from 'express';
import { PATHS, type SimContext } from './context';
import { autoPostPage, sendErrorPage } from './html';
import { signIdToken } from './launch';
import { personFromCookie } from './session';

function param(source: unknown, name: string): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Returns the first problem with an authentication request, or the id_token and where to post it. */
function authorize(ctx: SimContext, params: unknown, req: Request): { problem: string } | { redirectUri: string; idToken: string; state: string } {
  const get = (name: string): string | undefined => param(params, name);
  const scopes = (get('scope') ?? '').split(' ');
  if (!scopes.includes('openid')) return { problem: 'scope must be "openid"' };
  if (get('response_type') !== 'id_token') return { problem: 'response_type must be "id_token"' };
  if (get('response_mode') !== 'form_post') return { problem: 'response_mode must be "form_post"' };
  if (get('prompt') !== 'none') return { problem: 'prompt must be "none"' };
  const clientId = get('client_id');
  if (!clientId) return { problem: 'client_id is missing' };
  const tool = ctx.store.tools.get(clientId);
  if (!tool) return { problem: `client_id ${clientId} is not a registered tool` };
  const redirectUri = get('redirect_uri');
  if (!redirectUri) return { problem: 'redirect_uri is missing' };
  if (!tool.redirectUris.includes(redirectUri)) {
    return { problem: `redirect_uri ${redirectUri} is not one of the tool's registered redirect URIs (exact match required)` };
  }
  const loginHint = get('login_hint');
  if (!loginHint) return { problem: 'login_hint is missing' };
  const messageHint = get('lti_message_hint');
  if (!messageHint) return { problem: 'lti_message_hint is missing' };
  const pending = ctx.store.pendingLaunches.get(messageHint);
  if (!pending || pending.expiresAt <= Date.now()) return { problem: 'lti_message_hint is unknown, expired or already used' };
  if (pending.clientId !== clientId) return { problem: 'lti_message_hint was issued for another client_id' };
  if (pending.loginHint !== loginHint) return { problem: 'login_hint does not match the launch (the user changed?)' };
  if (pending.options.requirePlatformSession && personFromCookie(ctx, req)?.sub !== pending.sub) {
    return { problem: 'the person signed in to the LMS in this browser is not the one this launch is for (sign in to the LMS again)' };
  }
  const nonce = get('nonce');
  if (!nonce) return { problem: 'nonce is missing' };
  const state = get('state');
  if (!state) return { problem: 'state is missing' };
  // Moodle forgets its launch id once used; Canvas's hint is a signed token reusable until it expires.
  if (!ctx.settings.reusableMessageHint) ctx.store.pendingLaunches.delete(messageHint);
  return { redirectUri, idToken: signIdToken(ctx, pending, nonce), state };
}

/** Router of the OIDC authorization endpoint (GET and POST) and of the login-initiation page. */
export function oidcRouter(ctx: SimContext): Router {
  const router = express.Router();
  const handle = (params: unknown, req: Request, res: Response): void => {
    const outcome = authorize(ctx, params, req);
    if ('problem' in outcome) return sendErrorPage(res, 400, 'Launch refused', `Invalid authentication request: ${outcome.problem}.`);
    const storage: Record<string, string> = ctx.settings.storageTarget === undefined ? {} : { lti_storage_target: ctx.settings.storageTarget };
    res.status(200).type('html').set('Cache-Control', 'no-store')
      .send(autoPostPage(outcome.redirectUri, { id_token: outcome.idToken, state: outcome.state, ...storage }));
  };
  router.get(PATHS.authorize, (req: Request, res: Response) => handle(req.query, req, res));
  router.post(PATHS.authorize, express.urlencoded({ extended: false, limit: '64kb' }), (req: Request, res: Response) => handle(req.body, req, res));

  router.get(PATHS.launchFrame, (req: Request, res: Response) => {
    const hint = req.params.hint ?? '';
    const pending = ctx.store.pendingLaunches.get(hint);
    const tool = pending ? ctx.store.tools.get(pending.clientId) : undefined;
    if (!pending || !tool || pending.expiresAt <= Date.now()) {
      return sendErrorPage(res, 404, 'Launch not found', 'This launch link is unknown or has expired. Go back to the course and open the tool again.');
    }
    const params: Record<string, string> = {
      iss: ctx.urls.issuer, login_hint: pending.loginHint, target_link_uri: pending.targetLinkUri,
      lti_message_hint: pending.messageHint, client_id: pending.clientId, lti_deployment_id: pending.deploymentId,
    };
    if (ctx.settings.storageTarget !== undefined) params.lti_storage_target = ctx.settings.storageTarget;
    if (pending.options.loginMethod === 'GET') {
      const url = new URL(tool.oidcLoginUrl);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return res.redirect(302, url.toString());
    }
    res.status(200).type('html').set('Cache-Control', 'no-store').send(autoPostPage(tool.oidcLoginUrl, params));
  });
  return router;
}
