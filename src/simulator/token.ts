/**
 * OAuth2 token endpoint (client_credentials with a private_key_jwt client assertion, as LTI
 * Advantage requires) and the bearer-token check the service endpoints use.
 */
import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { ACCESS_TOKEN_TTL_SEC, CLOCK_SKEW_SEC } from './constants';
import { PATHS, type SimContext } from './context';
import { mediaTypeOf, sendJsonError } from './http';
import { audienceList, checkTimes, decodeJwt, JwtError } from './jwt';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Client assertions older than this are refused (Canvas uses 5 minutes). */
const ASSERTION_MAX_AGE_SEC = 300;

/** Thrown inside the token handler to answer with an RFC 6749 error. */
class OAuthError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function formField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Validates the client assertion and returns the client id it authenticates. */
async function authenticateClient(ctx: SimContext, assertion: string, formClientId: string | undefined): Promise<string> {
  const bad = (message: string): OAuthError => new OAuthError(401, 'invalid_client', message);
  let decoded;
  try {
    decoded = decodeJwt(assertion);
  } catch (err) {
    throw bad(`client_assertion: ${(err as Error).message}`);
  }
  const { iss, sub, aud, jti } = decoded.payload;
  if (typeof iss !== 'string' || typeof sub !== 'string') throw bad('client_assertion must carry iss and sub (the client id)');
  if (iss !== sub) throw bad('client_assertion iss and sub must both be the client id');
  const tool = ctx.store.tools.get(iss);
  if (!tool) throw bad(`unknown client ${iss}`);
  if (formClientId !== undefined && formClientId !== iss) throw bad('client_id does not match the client assertion');
  try {
    await ctx.toolKeys.verify(assertion, tool.jwksUrl);
    if (!audienceList(aud).includes(ctx.urls.token)) throw new JwtError(`aud must be the token endpoint ${ctx.urls.token}`);
    checkTimes(decoded.payload, Math.floor(Date.now() / 1000), CLOCK_SKEW_SEC, ASSERTION_MAX_AGE_SEC);
  } catch (err) {
    if (err instanceof JwtError) throw bad(`client_assertion: ${err.message}`);
    throw err;
  }
  if (typeof jti !== 'string' || jti === '') throw bad('client_assertion has no jti');
  const jtiKey = `${iss}\u0000${jti}`;
  if (ctx.store.usedAssertionIds.has(jtiKey)) throw bad('client_assertion jti was already used (replay)');
  const exp = decoded.payload.exp as number;
  ctx.store.usedAssertionIds.set(jtiKey, Math.max(exp * 1000, Date.now()) + CLOCK_SKEW_SEC * 1000);
  return iss;
}

async function issueToken(ctx: SimContext, req: Request): Promise<Record<string, unknown>> {
  if (mediaTypeOf(req) !== 'application/x-www-form-urlencoded') {
    throw new OAuthError(400, 'invalid_request', 'the token request must be application/x-www-form-urlencoded');
  }
  const grantType = formField(req.body, 'grant_type');
  if (grantType === undefined) throw new OAuthError(400, 'invalid_request', 'grant_type is required');
  if (grantType !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported; use client_credentials`);
  if (formField(req.body, 'client_assertion_type') !== JWT_BEARER) {
    throw new OAuthError(400, 'invalid_request', `client_assertion_type must be ${JWT_BEARER}`);
  }
  const assertion = formField(req.body, 'client_assertion');
  if (!assertion) throw new OAuthError(400, 'invalid_request', 'client_assertion is required');
  const clientId = await authenticateClient(ctx, assertion, formField(req.body, 'client_id'));
  const tool = ctx.store.tools.get(clientId);
  const requested = (formField(req.body, 'scope') ?? '').split(' ').filter((s) => s !== '');
  const granted = [...new Set(requested.filter((s) => tool?.scopes.includes(s)))];
  if (granted.length === 0) {
    throw new OAuthError(400, 'invalid_scope', requested.length === 0
      ? 'scope is required (space-separated service scopes)'
      : `none of the requested scopes is granted to this tool (requested: ${requested.join(' ')})`);
  }
  const accessToken = randomBytes(32).toString('base64url');
  ctx.store.maybePrune();
  ctx.store.accessTokens.set(accessToken, { clientId, scopes: granted, expiresAt: Date.now() + ACCESS_TOKEN_TTL_SEC * 1000 });
  return { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SEC, scope: granted.join(' ') };
}

/** Router of the OAuth2 token endpoint. */
export function tokenRouter(ctx: SimContext): Router {
  const router = express.Router();
  router.post(PATHS.token, ctx.faults.middleware('token'), express.urlencoded({ extended: false, limit: '64kb' }),
    (req: Request, res: Response, next: NextFunction) => {
      issueToken(ctx, req).then((body) => {
        res.status(200).set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json(body);
      }).catch((err: unknown) => {
        if (err instanceof OAuthError) return sendJsonError(res, err.status, err.code, err.message);
        next(err);
      });
    });
  return router;
}

/**
 * Middleware for service endpoints: requires `Authorization: Bearer <token>` from this platform's
 * token endpoint (401 if missing, unknown or expired) carrying one of `anyOfScopes` (403 otherwise).
 * Puts the client id in `res.locals.clientId`.
 */
export function requireScope(ctx: SimContext, anyOfScopes: readonly string[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      res.set('WWW-Authenticate', 'Bearer realm="lti"');
      return sendJsonError(res, 401, 'invalid_token', 'Authorization: Bearer <access token> is required');
    }
    const record = ctx.store.accessTokens.get(match[1]);
    if (!record || record.expiresAt <= Date.now()) {
      res.set('WWW-Authenticate', 'Bearer realm="lti", error="invalid_token"');
      return sendJsonError(res, 401, 'invalid_token', 'the access token is unknown or expired');
    }
    if (!anyOfScopes.some((s) => record.scopes.includes(s))) {
      res.set('WWW-Authenticate', `Bearer realm="lti", error="insufficient_scope", scope="${anyOfScopes.join(' ')}"`);
      return sendJsonError(res, 403, 'insufficient_scope', `this call needs one of the scopes: ${anyOfScopes.join(' ')}`);
    }
    res.locals.clientId = record.clientId;
    next();
  };
}
