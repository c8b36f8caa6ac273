/**
 * The one adapter around ltijs. It sets ltijs up on our database plugin, mounts its express app
 * in ours, hands launches to CoachLoop as LtiLaunch objects and registers platforms.
 * Nothing outside src/lti/ imports ltijs or reads its tokens.
 */
import type { CookieOptions, Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { Provider as ltijsSingleton, type IdToken, type LtiProvider } from 'ltijs';
import type { Sequelize } from 'sequelize';
import { LtijsDatabase, keyHash } from './ltijsDatabase';
import { applyLtijsPatches, jwksCache } from './ltijsPatches';
import { launchFromLtijs, type LtiLaunch } from './launch';
import { signDeepLinkingResponse, type PlacedLink } from './deepLinking';
import { ToolKeys } from './toolKeys';
import { PlatformStorage } from './platformStorage';

/** Paths of the LTI endpoints, relative to the tool's origin. */
export const LTI_PATHS = {
  login: '/lti/login',
  launch: '/lti/launch',
  keys: '/lti/keys',
  register: '/lti/register',
  /** Starts a launch again top-level when the LMS frame cannot keep CoachLoop's sign-in (platformStorage.ts). */
  newWindow: '/lti/new-window',
} as const;

/** Why ltijs refused a request; `code` is ltijs's or our reason code. */
export interface LtiProblem {
  kind: 'invalid-launch' | 'session-ended' | 'unregistered-platform' | 'inactive-platform';
  code: string;
}

/** What the adapter needs from the application. */
export interface LtiAdapterOptions {
  sequelize: Sequelize;
  encryptionKey: string;
  publicUrl: string;
  /** Accepted id_token age in seconds; nonces are kept at least this long. */
  tokenMaxAge: number;
  /** Paths (or patterns) served without a launch: health, static files, public pages. */
  publicRoutes: Array<string | RegExp>;
  /** Called for every successful resource-link or deep-linking launch. */
  onLaunch(launch: LtiLaunch, req: Request, res: Response, next: NextFunction): Promise<void> | void;
  /** Renders a refusal (bad token, ended session, unknown platform). */
  onProblem(problem: LtiProblem, req: Request, res: Response): void;
}

/** Settings for registering a platform by hand (manual registration, the demo, tests). */
export interface PlatformRegistration {
  issuer: string;
  clientId: string;
  name: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
  /** Create tenants for deployment ids seen for the first time (else: refuse them). */
  acceptNewDeployments?: boolean;
  method?: 'manual' | 'dynamic' | 'demo';
}

/** ltijs behind CoachLoop's interface. */
export class LtiAdapter {
  private constructor(
    private readonly provider: LtiProvider,
    private readonly database: LtijsDatabase,
    private readonly sequelize: Sequelize,
    readonly publicUrl: string,
    /** The tool-wide signing keys: published at /lti/keys, sign client assertions and Deep Linking responses. */
    readonly toolKeys: ToolKeys,
    private readonly storage: PlatformStorage,
  ) {}

  /** The express app (ltijs's) to mount at the root of ours: it authenticates every non-public route. */
  get app(): Express {
    return this.provider.app;
  }

  /** Absolute URLs a platform is configured with. */
  get urls(): { login: string; launch: string; keys: string; register: string } {
    return {
      login: this.publicUrl + LTI_PATHS.login,
      launch: this.publicUrl + LTI_PATHS.launch,
      keys: this.publicUrl + LTI_PATHS.keys,
      register: this.publicUrl + LTI_PATHS.register,
    };
  }

  /** Sets up ltijs (patched) on our database and wires the callbacks. */
  static async create(opts: LtiAdapterOptions): Promise<LtiAdapter> {
    applyLtijsPatches(opts.encryptionKey);
    const database = new LtijsDatabase(opts.sequelize, Math.max(opts.tokenMaxAge * 2, 600));
    // One key set for the tool instead of ltijs's key pair per platform (see toolKeys.ts).
    const toolKeys = new ToolKeys(opts.sequelize, opts.encryptionKey);
    database.useToolKeys(toolKeys);
    // ltijs exports a singleton; its class gives one provider per app (tests run several).
    const provider = new ltijsSingleton.constructor();
    const secureCookies = opts.publicUrl.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(opts.publicUrl);
    provider.setup(opts.encryptionKey, { plugin: database }, {
      appRoute: LTI_PATHS.launch,
      loginRoute: LTI_PATHS.login,
      keysetRoute: LTI_PATHS.keys,
      dynRegRoute: LTI_PATHS.register,
      // ltijs's CORS reflects any origin with credentials; CoachLoop needs none.
      cors: false,
      devMode: false,
      tokenMaxAge: opts.tokenMaxAge,
      // The launch runs in a cross-site LMS iframe: cookies must be SameSite=None; Secure.
      cookies: secureCookies ? { secure: true, sameSite: 'None' } : { secure: false, sameSite: 'Lax' },
    });
    provider.whitelist(...opts.publicRoutes);
    const storage = new PlatformStorage(opts.sequelize, opts.encryptionKey, { login: LTI_PATHS.login, launch: LTI_PATHS.launch, newWindow: LTI_PATHS.newWindow });
    const adapter = new LtiAdapter(provider, database, opts.sequelize, opts.publicUrl, toolKeys, storage);

    const launchHandler = async (token: IdToken, req: Request, res: Response, next: NextFunction) => {
      try {
        await opts.onLaunch(launchFromLtijs(token, String(res.locals.ltik)), req, res, next);
      } catch (err) {
        next(err);
      }
    };
    provider.onConnect(launchHandler);
    provider.onDeepLinking(launchHandler);
    const reason = (res: Response) => {
      const details = (res.locals.err as { details?: { message?: unknown } } | undefined)?.details;
      return typeof details?.message === 'string' ? details.message : 'UNKNOWN';
    };
    provider.onInvalidToken((req, res) => opts.onProblem({ kind: 'invalid-launch', code: reason(res) }, req, res));
    provider.onSessionTimeout((req, res) => opts.onProblem({ kind: 'session-ended', code: 'SESSION_NOT_FOUND' }, req, res));
    provider.onUnregisteredPlatform((req, res) => opts.onProblem({ kind: 'unregistered-platform', code: 'UNREGISTERED_PLATFORM' }, req, res));
    provider.onInactivePlatform((req, res) => opts.onProblem({ kind: 'inactive-platform', code: 'PLATFORM_NOT_ACTIVATED' }, req, res));
    // ltijs's deploy adds a SIGINT handler that exits the process; CoachLoop shuts down itself.
    const sigintBefore = new Set(process.listeners('SIGINT'));
    await provider.deploy({ serverless: true, silent: true });
    for (const listener of process.listeners('SIGINT')) if (!sigintBefore.has(listener)) process.removeListener('SIGINT', listener);
    await toolKeys.ensureActiveKey();
    toolKeys.startRetiring();
    return adapter;
  }

  /**
   * Middleware to run before `app`: marks ltijs's SameSite=None cookies `Partitioned` (CHIPS).
   * Browsers that block third-party cookies (Chrome with the setting on, Chromium headless)
   * drop unpartitioned cookies set inside the LMS iframe, and the launch fails with
   * MISSING_VALIDATION_COOKIE; a partitioned cookie is kept for that LMS site only.
   */
  partitionedCookies(): RequestHandler {
    return (_req, res, next) => {
      const setCookie = res.cookie.bind(res) as (name: string, value: string, options?: CookieOptions) => Response;
      res.cookie = ((name: string, value: string, options?: CookieOptions) =>
        setCookie(name, value, options && String(options.sameSite).toLowerCase() === 'none' ? { ...options, partitioned: true } : options)) as Response['cookie'];
      next();
    };
  }

  /**
   * Middleware to run before `app` (after `partitionedCookies`): LTI Platform Storage at login
   * and launch, the new-window fallback page, and cookieless sessions (see platformStorage.ts).
   */
  platformStorage(): RequestHandler {
    return this.storage.middleware();
  }

  /** The login initiation that starts the launch of `state` again in a new window, or undefined if unknown or expired. */
  newWindowLoginUrl(state: string): Promise<string | undefined> {
    return this.storage.newWindowLoginUrl(state, this.publicUrl);
  }

  /**
   * Middleware to run before `app`: clearing a cookie whose name no cookie can have does nothing.
   * ltijs clears the cookie `'state' + req.body.state` for any request it refuses, whatever the
   * state holds; a name a cookie cannot have (a newline, an emoji) made express throw, thrown again
   * inside ltijs's own catch, and the request never got an answer. No cookie can carry such a
   * name, so there is nothing to clear.
   */
  safeCookieClearing(): RequestHandler {
    return (_req, res, next) => {
      const clearCookie = res.clearCookie.bind(res) as (name: string, options?: CookieOptions) => Response;
      res.clearCookie = ((name: string, options?: CookieOptions) => {
        if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return res;
        return clearCookie(name, options);
      }) as Response['clearCookie'];
      next();
    };
  }

  /** The launch behind this request, or undefined for public routes and refused requests. */
  launchOf(res: Response): LtiLaunch | undefined {
    const token = res.locals.token as IdToken | undefined;
    if (!token || !token.platformContext || typeof res.locals.ltik !== 'string') return undefined;
    return launchFromLtijs(token, res.locals.ltik);
  }

  /**
   * Registers (or updates) a platform and returns its id. Sets it active and records
   * CoachLoop's own settings (accept new deployments, how it was registered).
   */
  async registerPlatform(reg: PlatformRegistration): Promise<string> {
    const platform = await this.provider.registerPlatform({
      url: reg.issuer,
      name: reg.name,
      clientId: reg.clientId,
      authenticationEndpoint: reg.authorizationEndpoint,
      accesstokenEndpoint: reg.tokenEndpoint,
      authConfig: { method: 'JWK_SET', key: reg.jwksUrl },
    });
    const kid = await platform.platformKid();
    await platform.platformActive(true);
    await this.sequelize.query('UPDATE lti_platforms SET accept_new_deployments = ?, registration_method = ? WHERE kid = ?', {
      replacements: [reg.acceptNewDeployments ? 1 : 0, reg.method ?? 'manual', kid],
    });
    this.database.forgetPlatforms();
    return kid;
  }

  /** The signed Deep Linking response placing `links` (none = cancelled) for a deep-linking launch. */
  async deepLinkingResponse(launch: LtiLaunch, links: PlacedLink[], message?: { msg?: string; errormsg?: string }): Promise<{ returnUrl: string; jwt: string }> {
    if (!launch.deepLinking) throw new Error('Not a deep linking launch');
    return { returnUrl: launch.deepLinking.returnUrl, jwt: await signDeepLinkingResponse(this.provider, this.toolKeys, launch, launch.deepLinking, links, message) };
  }

  /**
   * A service access token (client_credentials, signed with the tool's active key) for the
   * platform registered as (issuer, clientId), from the token cache while it is valid.
   */
  async serviceToken(issuer: string, clientId: string, scopes: string[]): Promise<{ accessToken: string; tokenType: string; expiresIn: number; scope?: string }> {
    const platform = await this.provider.getPlatform(issuer, clientId);
    if (!platform) throw new Error(`No platform registered for ${issuer} with client id ${clientId}`);
    const token = await platform.platformAccessToken(scopes.join(' '));
    return { accessToken: token.access_token, tokenType: token.token_type, expiresIn: token.expires_in, scope: token.scope };
  }

  /** Drops a cached service token (the platform refused it: revoked or expired early). */
  async forgetServiceToken(issuer: string, clientId: string, scopes: string[]): Promise<void> {
    await this.sequelize.query('DELETE FROM lti_access_tokens WHERE key_hash = ?', { replacements: [keyHash(issuer, clientId, scopes.join(' '))] });
  }

  /** Activates or deactivates a platform: launches from an inactive one are refused. */
  async setPlatformActive(kid: string, active: boolean): Promise<void> {
    const platform = await this.provider.getPlatformById(kid);
    if (!platform) throw new Error(`No platform with id ${kid}`);
    await platform.platformActive(active);
  }

  /** Forgets cached platform rows, key sets and the active tool key (after a change made elsewhere). */
  forgetCaches(): void {
    this.database.forgetPlatforms();
    jwksCache.clear();
    this.toolKeys.forget();
  }

  /** Deletes expired nonces, states and sessions now (also runs every 10 minutes). */
  async deleteExpired(now?: number): Promise<void> {
    await this.database.deleteExpired(now);
    await this.storage.deleteExpired(now);
  }

  /** Stops ltijs's timers. The database is closed by its owner. */
  async close(): Promise<void> {
    this.toolKeys.stop();
    this.storage.stop();
    await this.database.Close();
  }
}
