/**
 * The operator's sign-in: OPERATOR_TOKEN (compared in constant time) opens a session held in a
 * signed cookie — an HMAC over an expiry and a random session id, under a key derived from
 * ENCRYPTION_KEY and the operator token (so changing either ends every session). No server
 * state: any instance sharing the keys accepts it. Forms carry a CSRF token derived from the
 * session id, on top of the SameSite=Strict cookie.
 */
import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { HttpError } from '../../auth/httpError';
import type { OperatorAuth, OperatorIdentity } from '../../auth/routes';

export const OPERATOR_COOKIE = 'coachloop_operator';
export const OPERATOR_LOGIN_PATH = '/operator/login';
/** How long an operator session lasts (not extended by use). */
export const OPERATOR_SESSION_MS = 2 * 3600_000;

const mac = (key: Buffer, text: string) => crypto.createHmac('sha256', key).update(text).digest('base64url');

/** The session-signing key for this encryption key and operator token. */
export function operatorSessionKey(encryptionKey: string, operatorToken: string): Buffer {
  const tokenDigest = crypto.createHash('sha256').update(operatorToken).digest('hex');
  return crypto.createHmac('sha256', encryptionKey).update(`coachloop operator session v1|${tokenDigest}`).digest();
}

/** A signed cookie value for a session ending at `expiresAt`. */
export function signOperatorSession(key: Buffer, expiresAt: Date, sessionId = crypto.randomBytes(18).toString('base64url')): string {
  const body = `v1.${expiresAt.getTime()}.${sessionId}`;
  return `${body}.${mac(key, body)}`;
}

/** The session in a cookie value, or undefined when it is malformed, forged or expired. */
export function verifyOperatorSession(key: Buffer, value: string | undefined, now = Date.now()): { sessionId: string; expiresAt: Date } | undefined {
  if (!value) return undefined;
  const m = /^(v1\.(\d{1,15})\.([A-Za-z0-9_-]{16,64}))\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return undefined;
  const expected = Buffer.from(mac(key, m[1]));
  const given = Buffer.from(m[4]);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return undefined;
  const expiresAt = Number(m[2]);
  if (expiresAt <= now || expiresAt > now + OPERATOR_SESSION_MS) return undefined;
  return { sessionId: m[3], expiresAt: new Date(expiresAt) };
}

/** The CSRF token of a session. */
export function operatorCsrfToken(key: Buffer, sessionId: string): string {
  return mac(key, `csrf|${sessionId}`);
}

/** One cookie from the request's Cookie header. */
function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The 404 shown on every operator page while OPERATOR_TOKEN is unset. */
export function operatorPagesOff(): HttpError {
  return new HttpError(
    404,
    'Operator pages are off',
    'The CoachLoop operator pages are switched off on this server because OPERATOR_TOKEN is not set. To turn them on, set OPERATOR_TOKEN to a secret of at least 24 characters (for example the output of: openssl rand -hex 24) and restart CoachLoop; then sign in at /operator/login with that token. The command line (npm run platform, npm run deployments, npm run install-code) works without it.',
    'OPERATOR_PAGES_OFF',
  );
}

/** Operator sign-in and sessions for one app; also the route table's operator authenticator. */
export class OperatorGate implements OperatorAuth {
  readonly loginPath = OPERATOR_LOGIN_PATH;
  private readonly key: Buffer | undefined;
  private readonly tokenDigest: Buffer | undefined;

  constructor(
    private readonly opts: {
      /** OPERATOR_TOKEN; undefined switches the operator pages off. */
      operatorToken?: string;
      encryptionKey: string;
      /** Mark the cookie Secure (CoachLoop is served over https). */
      secure: boolean;
      now?: () => number;
    },
  ) {
    if (opts.operatorToken) {
      this.key = operatorSessionKey(opts.encryptionKey, opts.operatorToken);
      this.tokenDigest = crypto.createHash('sha256').update(opts.operatorToken).digest();
    }
  }

  /** Whether operator pages are on (OPERATOR_TOKEN set). */
  get enabled(): boolean {
    return this.key !== undefined;
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  /** Throws the "operator pages are off" 404 unless they are on. */
  assertEnabled(): Buffer {
    if (!this.key) throw operatorPagesOff();
    return this.key;
  }

  /** Whether `given` is the operator token (constant time: both sides hashed to equal length). */
  tokenMatches(given: string): boolean {
    if (!this.tokenDigest) return false;
    const digest = crypto.createHash('sha256').update(given).digest();
    return crypto.timingSafeEqual(digest, this.tokenDigest);
  }

  /** The operator session of a request, if it carries a valid one. */
  authenticate(req: Request): OperatorIdentity | undefined {
    const key = this.assertEnabled();
    const session = verifyOperatorSession(key, cookieValue(req, OPERATOR_COOKIE), this.now());
    if (!session) return undefined;
    return { csrfToken: operatorCsrfToken(key, session.sessionId), expiresAt: session.expiresAt };
  }

  /** Starts a session: sets the signed cookie and returns the identity. */
  startSession(res: Response): OperatorIdentity {
    const key = this.assertEnabled();
    const expiresAt = new Date(this.now() + OPERATOR_SESSION_MS);
    const sessionId = crypto.randomBytes(18).toString('base64url');
    res.cookie(OPERATOR_COOKIE, signOperatorSession(key, expiresAt, sessionId), {
      httpOnly: true, sameSite: 'strict', secure: this.opts.secure, path: '/operator', expires: expiresAt,
    });
    return { csrfToken: operatorCsrfToken(key, sessionId), expiresAt };
  }

  /** Ends the session in this browser (clears the cookie). */
  endSession(res: Response): void {
    res.clearCookie(OPERATOR_COOKIE, { httpOnly: true, sameSite: 'strict', secure: this.opts.secure, path: '/operator' });
  }
}
