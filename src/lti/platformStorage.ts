/**
 * Launches when the browser keeps no cookie for CoachLoop inside the LMS frame (Safari, Chrome
 * with third-party cookies blocked and no CHIPS): the LTI Platform Storage flow (1EdTech "LTI
 * Client Side postMessages" + "Platform Storage", `lti_storage_target`, `lti.put_data` /
 * `lti.get_data`) and, as the last resort, the "open in a new window" relaunch.
 *
 * ltijs 5.9.9 (dist/Provider/Provider.js) needs two cookies: the signed state cookie
 * `state<state>` = iss (set at login, 1 minute, checked at launch: MISSING_VALIDATION_COOKIE
 * without it) and, on every later request, the signed session cookie `<platformCode>` = sub that
 * must match the ltik's user (SESSION_NOT_FOUND without it). This file runs before ltijs:
 *
 * - login: remembers the platform's login parameters, nonce and origin per state (database,
 *   minutes); with `lti_storage_target` it answers a page whose script stores the state and nonce
 *   in the platform's frame, then goes on to the platform (after a short wait at most);
 * - launch without the state cookie: with `lti_storage_target`, a page whose script reads them
 *   back and re-posts the launch; the re-post is accepted only with `Sec-Fetch-Site: same-origin`,
 *   the stored state equal to the posted one and the stored nonce equal to the one sent and the
 *   id_token's, once; then ltijs gets its state cookie for that request only. Without
 *   `lti_storage_target` (or when storage fails) a page offers to open CoachLoop in a new window;
 * - later requests: an ltik from such a session (and only from one) gets its session cookie
 *   supplied for that request, so a browser that has cookies still needs its own.
 */
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import jwt from 'jsonwebtoken';
import { QueryTypes, type Sequelize } from 'sequelize';

/** How long the login parameters of a launch stay usable (the platform's hint is reusable this long, e.g. Canvas). */
export const LOGIN_REQUEST_TTL_MS = 5 * 60_000;
/** How long an ltik alone (no cookie) opens a session finished through Platform Storage: a school day. */
export const COOKIELESS_SESSION_TTL_MS = 8 * 60 * 60_000;
/** Frame names a platform may send as `lti_storage_target`. */
const FRAME_NAME = /^(?:_parent|[A-Za-z0-9][A-Za-z0-9_.-]{0,63})$/;
/** The form field marking the re-post made by CoachLoop's own page after `lti.get_data`. */
export const CONTINUATION_FIELD = 'platform_storage';

/** Paths this file serves or watches. */
export interface PlatformStoragePaths {
  login: string;
  launch: string;
  /** Where the new-window button points (GET, `?state=`). */
  newWindow: string;
}

/** The login parameters a platform sent, as kept per state. */
export interface LoginRequest {
  iss: string;
  clientId?: string;
  loginHint: string;
  ltiMessageHint?: string;
  targetLinkUri: string;
  ltiDeploymentId?: string;
  nonce: string;
  platformOrigin: string;
  usedAt: number | null;
}

interface LoginRow {
  iss: string; client_id: string | null; login_hint: string; lti_message_hint: string | null; target_link_uri: string;
  lti_deployment_id: string | null; nonce: string; platform_origin: string; used_at: number | string | null;
}

/** sha256 hex of a state (the database keeps hashes only). */
export function stateHash(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

function str(source: unknown, name: string): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The `lti_storage_target` of a request if it is a plausible frame name. */
export function storageTarget(value: string | undefined): string | undefined {
  return value !== undefined && FRAME_NAME.test(value) ? value : undefined;
}

/** Whether the request carries a cookie called `name` (raw header: ltijs parses it later). */
function hasCookie(req: Request, name: string): boolean {
  const header = req.headers.cookie;
  if (!header) return false;
  return header.split(';').some((part) => part.trim().startsWith(`${name}=`));
}

/** Platform Storage, the new-window relaunch and cookieless sessions, in front of ltijs. */
export class PlatformStorage {
  private readonly ltikKey: KeyObject;
  private cleanupTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly encryptionKey: string,
    private readonly paths: PlatformStoragePaths,
  ) {
    this.ltikKey = createSecretKey(Buffer.from(encryptionKey));
    this.cleanupTimer = setInterval(() => void this.deleteExpired().catch(() => undefined), 10 * 60_000);
    this.cleanupTimer.unref();
  }

  /** Stops the cleanup timer. */
  stop(): void {
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
    this.cleanupTimer = undefined;
  }

  /** Middleware to mount before ltijs's app (login, launch, and every request carrying an ltik). */
  middleware(): RequestHandler {
    const router = express.Router();
    router.use(this.paths.login, this.login());
    router.use(this.paths.launch, (req, res, next) => {
      if (req.method !== 'POST' || req.path !== '/') return next();
      this.launch(req, res, next).catch(next);
    });
    router.use((req, _res, next) => {
      this.cookielessSession(req).then(() => next(), next);
    });
    return router;
  }

  /** The login initiation URL that starts the launch of `state` again (top level), or undefined if unknown or expired. */
  async newWindowLoginUrl(state: string, publicUrl: string): Promise<string | undefined> {
    const row = await this.loginRequest(state);
    if (!row) return undefined;
    // PUBLIC_URL may carry a path prefix (behind a proxy): keep it, as the adapter's URLs do.
    const url = new URL(publicUrl.replace(/\/+$/, '') + this.paths.login);
    const params: Record<string, string | undefined> = {
      iss: row.iss, login_hint: row.loginHint, target_link_uri: row.targetLinkUri,
      lti_message_hint: row.ltiMessageHint, client_id: row.clientId, lti_deployment_id: row.ltiDeploymentId,
    };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    return url.toString();
  }

  /** The unexpired login request of `state`, or undefined. */
  async loginRequest(state: string, now = Date.now()): Promise<LoginRequest | undefined> {
    const rows = await this.sequelize.query<LoginRow>(
      'SELECT iss, client_id, login_hint, lti_message_hint, target_link_uri, lti_deployment_id, nonce, platform_origin, used_at FROM lti_login_requests WHERE state_hash = ? AND expires_at > ?',
      { replacements: [stateHash(state), now], type: QueryTypes.SELECT },
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      iss: r.iss, clientId: r.client_id ?? undefined, loginHint: r.login_hint, ltiMessageHint: r.lti_message_hint ?? undefined,
      targetLinkUri: r.target_link_uri, ltiDeploymentId: r.lti_deployment_id ?? undefined, nonce: r.nonce,
      platformOrigin: r.platform_origin, usedAt: r.used_at === null ? null : Number(r.used_at),
    };
  }

  /** Deletes expired login requests and cookieless sessions. */
  async deleteExpired(now = Date.now()): Promise<void> {
    await this.sequelize.query('DELETE FROM lti_login_requests WHERE expires_at <= ?', { replacements: [now] });
    await this.sequelize.query('DELETE FROM lti_cookieless_sessions WHERE expires_at <= ?', { replacements: [now] });
  }

  /**
   * Wraps ltijs's redirect to the platform: the state and nonce it chose are recorded with the
   * login parameters, and with `lti_storage_target` the redirect becomes the storage page.
   */
  private login(): RequestHandler {
    return (req, res, next) => {
      const params = { ...(req.query as Record<string, unknown>), ...(typeof req.body === 'object' && req.body !== null ? req.body as Record<string, unknown> : {}) };
      const target = storageTarget(str(params, 'lti_storage_target'));
      const redirect = res.redirect.bind(res) as (url: string) => void;
      res.redirect = ((...args: unknown[]) => {
        res.redirect = redirect as Response['redirect'];
        const location = String(args.length > 1 ? args[1] : args[0]);
        let url: URL;
        try {
          url = new URL(location);
        } catch {
          return redirect(location);
        }
        const state = url.searchParams.get('state');
        const nonce = url.searchParams.get('nonce');
        if (!state || !nonce) return redirect(location);
        this.remember(state, nonce, url.origin, params).then(() => {
          if (!target) return redirect(location);
          res.status(200).set('Cache-Control', 'no-store').render('lti/storage-login', {
            title: 'Opening CoachLoop…',
            action: `${url.origin}${url.pathname}`,
            fields: [...url.searchParams.entries()].map(([name, value]) => ({ name, value })),
            platformOrigin: url.origin, target, stateKey: `state_${state}`, state, nonceKey: `nonce_${nonce}`, nonce,
          });
        }).catch(next);
      }) as Response['redirect'];
      next();
    };
  }

  private async remember(state: string, nonce: string, platformOrigin: string, params: Record<string, unknown>): Promise<void> {
    const cut = (name: string, max: number): string | null => {
      const v = str(params, name);
      return v === undefined || v === '' ? null : v.slice(0, max);
    };
    await this.sequelize.query(
      `INSERT INTO lti_login_requests (state_hash, iss, client_id, login_hint, lti_message_hint, target_link_uri, lti_deployment_id, nonce, platform_origin, used_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
      {
        replacements: [
          stateHash(state), cut('iss', 255) ?? '', cut('client_id', 255), cut('login_hint', 1024) ?? '', cut('lti_message_hint', 8192),
          cut('target_link_uri', 2048) ?? '', cut('lti_deployment_id', 255), nonce.slice(0, 128), platformOrigin.slice(0, 255), Date.now() + LOGIN_REQUEST_TTL_MS,
        ],
      },
    );
  }

  /** The launch post, before ltijs: passes it on when ltijs can check it, else storage page, continuation or new-window page. */
  private async launch(req: Request, res: Response, next: NextFunction): Promise<void> {
    const state = str(req.body, 'state');
    const idToken = str(req.body, 'id_token');
    if (!state || !idToken || hasCookie(req, `state${state}`)) return next();
    const login = await this.loginRequest(state);
    // A state CoachLoop never issued (or expired): ltijs refuses it as before.
    if (!login) return next();
    const newWindowUrl = `${this.paths.newWindow}?state=${encodeURIComponent(state)}`;
    if (str(req.body, CONTINUATION_FIELD) === 'continue') return this.continueLaunch(req, res, next, state, idToken, login, newWindowUrl);
    const target = storageTarget(str(req.body, 'lti_storage_target'));
    if (target && login.usedAt === null) {
      res.status(200).set('Cache-Control', 'no-store').render('lti/storage-launch', {
        title: 'Opening CoachLoop…', action: this.paths.launch, idToken, state, target, continuationField: CONTINUATION_FIELD,
        platformOrigin: login.platformOrigin, stateKey: `state_${state}`, nonceKey: `nonce_${login.nonce}`, newWindowUrl,
      });
      return;
    }
    // ltijs would refuse it for the missing state cookie: say so, and offer the new window.
    this.renderNewWindow(res, 401, newWindowUrl, 'MISSING_VALIDATION_COOKIE');
  }

  /** The re-post from CoachLoop's storage page: checked, then handed to ltijs with its state cookie. */
  private async continueLaunch(
    req: Request, res: Response, next: NextFunction, state: string, idToken: string, login: LoginRequest, newWindowUrl: string,
  ): Promise<void> {
    // Only a page of CoachLoop's own origin can send this: a cross-site page (login CSRF) cannot forge the header.
    if (req.get('sec-fetch-site') !== 'same-origin') {
      return this.renderNewWindow(res, 403, newWindowUrl, 'PLATFORM_STORAGE_NOT_SAME_ORIGIN');
    }
    const payload = jwt.decode(idToken, { json: true });
    const tokenNonce = payload && typeof payload.nonce === 'string' ? payload.nonce : undefined;
    if (str(req.body, 'stored_state') !== state || str(req.body, 'stored_nonce') !== login.nonce || tokenNonce !== login.nonce) {
      return this.renderNewWindow(res, 401, newWindowUrl, 'PLATFORM_STORAGE_MISMATCH');
    }
    if (!(await this.markUsed(state))) return this.renderNewWindow(res, 401, newWindowUrl, 'PLATFORM_STORAGE_ALREADY_USED');
    this.supplyCookie(req, `state${state}`, login.iss);
    // ltijs answers a good launch with a redirect carrying the ltik: that session has no cookie.
    const redirect = res.redirect.bind(res) as (url: string) => void;
    res.redirect = ((...args: unknown[]) => {
      res.redirect = redirect as Response['redirect'];
      const location = String(args.length > 1 ? args[1] : args[0]);
      const ltik = new URL(location, 'http://coachloop.invalid').searchParams.get('ltik');
      this.rememberCookielessSession(ltik).then(() => redirect(location), next);
    }) as Response['redirect'];
    next();
  }

  /** Marks the login request used; false if it already was (or expired meanwhile): one UPDATE, so concurrent re-posts cannot both pass. */
  private async markUsed(state: string): Promise<boolean> {
    const now = Date.now();
    const affected = await this.sequelize.query('UPDATE lti_login_requests SET used_at = ? WHERE state_hash = ? AND used_at IS NULL AND expires_at > ?', {
      replacements: [now, stateHash(state), now], type: QueryTypes.BULKUPDATE,
    });
    return affected === 1;
  }

  private async rememberCookielessSession(ltik: string | null): Promise<void> {
    const claims = ltik ? this.verifyLtik(ltik) : undefined;
    if (!claims) return;
    await this.sequelize.query('INSERT INTO lti_cookieless_sessions (state_hash, user_sub, expires_at) VALUES (?, ?, ?)', {
      replacements: [stateHash(claims.s), claims.user.slice(0, 255), Date.now() + COOKIELESS_SESSION_TTL_MS],
    });
  }

  /** For a request with an ltik of a cookieless session and no session cookie: supplies ltijs's cookie. */
  private async cookielessSession(req: Request): Promise<void> {
    const ltik = ltikOf(req);
    if (!ltik) return;
    const decoded = jwt.decode(ltik, { json: true });
    const code = decoded && typeof decoded.platformCode === 'string' ? decoded.platformCode : undefined;
    if (!code || hasCookie(req, code)) return;
    const claims = this.verifyLtik(ltik);
    if (!claims) return;
    const rows = await this.sequelize.query<{ user_sub: string }>(
      'SELECT user_sub FROM lti_cookieless_sessions WHERE state_hash = ? AND expires_at > ?',
      { replacements: [stateHash(claims.s), Date.now()], type: QueryTypes.SELECT },
    );
    if (rows[0] && rows[0].user_sub === claims.user) this.supplyCookie(req, claims.platformCode, claims.user);
  }

  private verifyLtik(ltik: string): { s: string; user: string; platformCode: string } | undefined {
    try {
      const claims = jwt.verify(ltik, this.ltikKey, { algorithms: ['HS256'] });
      if (typeof claims !== 'object' || claims === null) return undefined;
      const { s, user, platformCode } = claims as Record<string, unknown>;
      if (typeof s !== 'string' || typeof platformCode !== 'string' || (typeof user !== 'string' && typeof user !== 'number')) return undefined;
      return { s, user: String(user), platformCode };
    } catch {
      return undefined;
    }
  }

  /** Adds a cookie signed as ltijs's cookie-parser expects to this request only (nothing is sent to the browser). */
  private supplyCookie(req: Request, name: string, value: string): void {
    const mac = createHmac('sha256', this.encryptionKey).update(value).digest('base64').replace(/=+$/, '');
    const cookie = `${name}=${encodeURIComponent(`s:${value}.${mac}`)}`;
    req.headers.cookie = req.headers.cookie ? `${req.headers.cookie}; ${cookie}` : cookie;
  }

  private renderNewWindow(res: Response, status: number, newWindowUrl: string, code?: string): void {
    res.status(status).set('Cache-Control', 'no-store').render('lti/new-window', { title: 'Open CoachLoop in a new window', newWindowUrl, code });
  }
}

/** The ltik of a request where ltijs looks for it: query, form body, or a Bearer header. */
function ltikOf(req: Request): string | undefined {
  const fromQuery = str(req.query, 'ltik');
  if (fromQuery) return fromQuery;
  const fromBody = str(req.body, 'ltik');
  if (fromBody) return fromBody;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  const ltijsScheme = auth?.split('LTIK-AUTH-V1 Token=')[1];
  return ltijsScheme ? ltijsScheme.split(',')[0] : undefined;
}
