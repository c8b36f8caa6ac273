/**
 * CoachLoop's HTTP hardening, in one place:
 * - the Content-Security-Policy, whose frame-ancestors are the registered platforms (chosen per
 *   request: the platform the request names, else all of them; 'none' for pages an LMS never frames);
 * - Referrer-Policy: no-referrer (the ltik travels in URLs), nosniff, HSTS in production;
 * - CORS of our own instead of ltijs's (which reflected any origin with credentials): only the
 *   public key set may be read cross-origin, without credentials; every other preflight fails;
 * - rate limits on the OIDC login initiation and on Dynamic Registration, per client address.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../config';
import { familyOrigin, originOf, type FrameOrigins } from '../features/launch/frameOrigins';
import { platformOfRequest } from '../lti/requestPlatform';
import { LTI_PATHS } from '../lti/provider';

const BASE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";

/** The CSP with these frame ancestors ('none' when the list is empty). */
export function contentSecurityPolicy(frameAncestors: string[]): string {
  return `${BASE_CSP}; frame-ancestors ${frameAncestors.length ? frameAncestors.join(' ') : "'none'"}`;
}

/** One year, the usual HSTS lifetime; no includeSubDomains (the operator's other hosts are not ours to decide). */
const HSTS = 'max-age=31536000';

/** Headers every response carries; the CSP starts with frame-ancestors 'none' and is widened per request. */
export function baseSecurityHeaders(config: Config): RequestHandler {
  const hsts = config.mode === 'production' && config.publicUrl.startsWith('https://');
  return (_req, res, next) => {
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy([]));
    if (hsts) res.setHeader('Strict-Transport-Security', HSTS);
    next();
  };
}

/** Sets the response's frame ancestors (keeps them in res.locals so a launch can add its own origin). */
export function setFrameAncestors(res: Response, origins: string[]): void {
  res.locals.frameAncestors = origins;
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(origins));
}

/**
 * The registration page is opened by an LMS that is not registered yet (Canvas frames it from the
 * district's domain while the configuration comes from canvas.instructure.com): allow the
 * configuration's origin, its hosted family, and the page that opened it. Framing it gains an
 * attacker nothing: registering needs the platform's registration token (and, in production, an install code).
 */
function registrationAncestors(req: Request): string[] {
  const config = typeof req.query.openid_configuration === 'string' ? req.query.openid_configuration : undefined;
  const origins = [originOf(config), config ? familyOrigin(originOf(config) ?? '') : undefined, originOf(typeof req.headers.referer === 'string' ? req.headers.referer : undefined)];
  return [...new Set(origins.filter((o): o is string => !!o))];
}

/** Chooses the frame ancestors of LTI and app responses (operator pages stay 'none'). */
export function frameAncestors(deps: { frameOrigins: FrameOrigins; encryptionKey: string }): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/operator' || req.path.startsWith('/operator/')) return next();
    if (req.path === LTI_PATHS.register) {
      setFrameAncestors(res, registrationAncestors(req));
      return next();
    }
    const platform = platformOfRequest(req, deps.encryptionKey);
    const lookup = async () => {
      const own = platform ? await deps.frameOrigins.forIssuer(platform.issuer, platform.clientId) : [];
      return own.length ? own : deps.frameOrigins.all();
    };
    lookup().then((origins) => { setFrameAncestors(res, origins); next(); }, next);
  };
}

/** CORS: the public key set is readable from anywhere without credentials; nothing else is. */
export function corsPolicy(): RequestHandler {
  return (req, res, next) => {
    const keys = req.path === LTI_PATHS.keys;
    if (keys) res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method !== 'OPTIONS') return next();
    // Preflights end here: allowed for the key set (GET only), refused (no CORS headers) elsewhere.
    if (keys) res.setHeader('Access-Control-Allow-Methods', 'GET');
    res.setHeader('Vary', 'Origin');
    res.status(204).end();
  };
}

/** A limiter answering with a friendly 429 page (or JSON) and a Retry-After header. */
function limiter(opts: { windowMs: number; limit: number; title: string; message: string }): RequestHandler {
  if (opts.limit <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      const retry = Number(res.getHeader('Retry-After')) || Math.ceil(opts.windowMs / 1000);
      const message = `${opts.message} Try again in ${retry < 120 ? `${retry} seconds` : `${Math.ceil(retry / 60)} minutes`}.`;
      if (req.accepts(['html', 'json']) === 'json') {
        res.status(429).json({ error: { status: 429, title: opts.title, message, code: 'RATE_LIMITED' } });
        return;
      }
      res.status(429).render('errors/problem', { title: opts.title, heading: opts.title, message, code: 'RATE_LIMITED' });
    },
  });
}

/** Rate limit on the OIDC login initiation (per client address, per minute). */
export function loginRateLimit(config: Config): RequestHandler {
  return limiter({
    windowMs: 60_000,
    limit: config.loginRateLimitPerMinute,
    title: 'Too many launches at once',
    message: 'CoachLoop received more launch requests from your network than it accepts in a minute.',
  });
}

/** Rate limit on Dynamic Registration (per client address, per hour). */
export function registrationRateLimit(config: Config): RequestHandler {
  return limiter({
    windowMs: 60 * 60_000,
    limit: config.registrationRateLimitPerHour,
    title: 'Too many registration attempts',
    message: 'CoachLoop received more registration attempts from your network than it accepts in an hour.',
  });
}
