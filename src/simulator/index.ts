/**
 * CoachLoop LMS platform simulator: a strict, local LTI 1.3 / LTI Advantage platform for tests,
 * benchmarks and the demo. It refuses what real platforms refuse, with their status codes.
 *
 * Endpoints (all under the issuer, e.g. http://127.0.0.1:PORT):
 * - GET  /.well-known/jwks.json                       platform JWKS (fault route 'jwks')
 * - GET  /.well-known/openid-configuration            OpenID / LTI platform configuration
 * - GET|POST /lti/authorize                           OIDC authorization endpoint (answers an auto-posting form)
 * - POST /login/oauth2/token                          OAuth2 client_credentials + private_key_jwt (fault route 'token')
 * - GET  /api/lti/courses/:courseId/names_and_roles   NRPS 2.0 memberships, `limit`/`from`/`role` (fault route 'nrps')
 * - GET|POST /api/lti/courses/:courseId/line_items    AGS line items container (fault route 'lineitems')
 * - GET|PUT|DELETE /api/lti/courses/:courseId/line_items/:n   AGS line item (fault route 'lineitems')
 * - POST /api/lti/courses/:courseId/line_items/:n/scores      AGS scores (fault route 'scores')
 *   (with `agsQuery`, every AGS URL carries that query string, as Moodle's `?type_id=` does)
 * - GET  /api/lti/courses/:courseId/line_items/:n/results     AGS results (fault route 'results')
 * - POST /lti/deep_linking/:requestId/return          Deep Linking return (form field JWT)
 * - POST /lti/registrations                           Dynamic Registration endpoint (Bearer registration token)
 * - GET  /lti/registrations/start?url=…&registration_token=…   page framing a tool's registration URL
 * - GET  /lti/launch/:hint                            posts a prepared login initiation to the tool (iframe src)
 * - GET  /lti/storage_frame                           LTI Platform Storage frame (with `platformStorage`)
 * - GET  /lti/return                                  launch_presentation return_url
 * - GET  /, POST /session, GET /courses/:courseId, GET /courses/:courseId/tools/:clientId[?mode=deep_linking|link=…],
 *   GET /account/tools/:clientId                      demo pages
 * - GET  /admin/tools, POST /admin/tools/register, POST /admin/tools/:clientId/activate
 *                                                     site administration: Dynamic Registration from the browser
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { adminRouter } from './adminPages';
import { agsRouter } from './ags';
import { PATHS, SimUrls, type SimContext } from './context';
import { deepLinkingRouter } from './deepLinking';
import { demoRouter } from './demoPages';
import { FaultInjector } from './faults';
import { PlatformKeys } from './keys';
import { prepareLaunch } from './launch';
import { nrpsRouter } from './nrps';
import { oidcRouter } from './oidc';
import { STORAGE_FRAME_NAME, storageRouter } from './platformStorage';
import { registrationRouter } from './registration';
import { findLineItem, SimulatorStore } from './store';
import { tokenRouter } from './token';
import { ToolKeyCache } from './toolKeys';
import type {
  CourseRecord, LaunchOptions, LineItem, PreparedLogin, ReceivedDeepLink, ReceivedScore, ScoreRequestRecord, SimulatorOptions, ToolRegistration, UserRecord,
} from './types';

export * from './types';
export { LTI_CLAIMS, LTI_SCOPES, LIS_ROLES, AGS_SCOPES, SUPPORTED_SCOPES, MEDIA_TYPES } from './constants';
export { createDemoDistrict } from './seed';
export { FaultInjector } from './faults';
export { BrowserClient, parseAutoPostForm, type AutoPostForm, type BrowserResponse, type BrowserRequestOptions } from './client';

/** A local LTI 1.3 platform (LMS) that tools can be launched from and call services on. */
export class LmsSimulator {
  readonly faults = new FaultInjector();
  private readonly store = new SimulatorStore();
  private readonly toolKeys = new ToolKeyCache();
  private readonly host: string;
  private readonly requestedPort: number;
  private readonly ctx: SimContext;
  private platformKeys: PlatformKeys | undefined;
  private server: Server | undefined;
  private actualPort = 0;

  /** Creates a stopped simulator; call start(). */
  constructor(private readonly opts: SimulatorOptions = {}) {
    this.host = opts.host ?? '127.0.0.1';
    this.requestedPort = opts.port ?? 0;
    this.ctx = {
      store: this.store,
      keys: () => {
        if (!this.platformKeys) throw new Error('LmsSimulator: not started');
        return this.platformKeys;
      },
      toolKeys: this.toolKeys,
      faults: this.faults,
      settings: {
        nrpsPageSize: opts.nrpsPageSize ?? 50,
        shortRoleNames: opts.shortRoleNames ?? false,
        productFamilyCode: opts.productFamilyCode ?? (opts.registrationShape ? { canvas: 'canvas', moodle: 'moodle', d2l: 'desire2learn' }[opts.registrationShape] : 'coachloop-sim'),
        platformName: opts.platformName ?? 'CoachLoop Demo LMS',
        platformGuid: randomUUID(),
        platformVersion: '1.0.0',
        registrationShape: opts.registrationShape ?? 'moodle',
        storageTarget: opts.platformStorage ? STORAGE_FRAME_NAME : undefined,
        reusableMessageHint: opts.reusableMessageHint ?? false,
      },
      urls: new SimUrls(() => this.issuer, opts.agsQuery ?? ''),
      cookieSecret: randomBytes(32),
    };
  }

  /** Generates the platform keys and starts listening (127.0.0.1 and an ephemeral port by default). */
  async start(): Promise<void> {
    if (this.server) throw new Error('LmsSimulator: already started');
    this.platformKeys = await PlatformKeys.generate();
    const app = this.buildApp();
    const server = app.listen(this.requestedPort, this.host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    server.keepAliveTimeout = 5000;
    this.server = server;
    this.actualPort = (server.address() as AddressInfo).port;
  }

  /** Stops listening, closes every open (keep-alive) connection and cancels hanging fault timers. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.faults.dispose();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** Platform issuer: publicUrl, or http://host:port once started. */
  get issuer(): string {
    if (this.opts.publicUrl) return this.opts.publicUrl.replace(/\/+$/, '');
    if (!this.server && this.actualPort === 0) throw new Error('LmsSimulator: not started (issuer unknown)');
    return `http://${this.host}:${this.actualPort}`;
  }
  /** Port the server listens on (0 before start). */
  get port(): number { return this.actualPort; }
  get authorizationEndpoint(): string { return this.ctx.urls.authorize; }
  get tokenEndpoint(): string { return this.ctx.urls.token; }
  get jwksUrl(): string { return this.ctx.urls.jwks; }
  get openidConfigurationUrl(): string { return this.ctx.urls.openidConfiguration; }
  get registrationEndpoint(): string { return this.ctx.urls.registration; }

  /** Registers (or replaces, by clientId) a tool. */
  registerTool(reg: ToolRegistration): void {
    this.store.tools.set(reg.clientId, { ...reg, deploymentIds: [...reg.deploymentIds], redirectUris: [...reg.redirectUris], scopes: [...reg.scopes] });
  }

  /** Registered tools, in registration order. */
  tools(): ToolRegistration[] {
    return [...this.store.tools.values()].map((t) => ({ ...t }));
  }

  /** Adds (or replaces) a course. */
  addCourse(c: CourseRecord): void {
    this.store.courses.set(c.id, { ...c });
  }

  /** Adds (or replaces) a person. */
  addUser(u: UserRecord): void {
    this.store.users.set(u.sub, { ...u });
  }

  /** Enrolls a person in a course with context roles (full LIS URIs); re-enrolling updates roles and status. */
  enroll(courseId: string, sub: string, roles: string[], status: 'Active' | 'Inactive' = 'Active'): void {
    if (!this.store.courses.has(courseId)) throw new Error(`enroll: unknown course ${courseId}`);
    if (!this.store.users.has(sub)) throw new Error(`enroll: unknown user ${sub}`);
    let course = this.store.enrollments.get(courseId);
    if (!course) {
      course = new Map();
      this.store.enrollments.set(courseId, course);
    }
    course.set(sub, { courseId, sub, roles: [...roles], status });
  }

  /** Removes a person from a course (they disappear from NRPS and can no longer be graded). */
  unenroll(courseId: string, sub: string): void {
    this.store.enrollments.get(courseId)?.delete(sub);
  }

  /** Prepares a launch; returns what a browser sends to the tool's OIDC login initiation URL. */
  prepareLaunch(opts: LaunchOptions): PreparedLogin {
    return prepareLaunch(this.ctx, opts);
  }

  /** Deep-linking responses accepted at the return endpoint, in order. */
  deepLinkResponses(): ReceivedDeepLink[] {
    return [...this.store.deepLinkResponses];
  }

  /** Line items of a course (all tools), in creation order. */
  lineItems(courseId: string): LineItem[] {
    return [...this.store.lineItems.values()].filter((s) => s.courseId === courseId).map((s) => ({ ...s.item }));
  }

  /** Accepted scores, all or those of one line item (its URL or number). */
  scores(lineItemId?: string): ReceivedScore[] {
    if (lineItemId === undefined) return [...this.store.scores];
    const url = findLineItem(this.store, lineItemId)?.item.id ?? lineItemId;
    return this.store.scores.filter((s) => s.lineItemId === url);
  }

  /**
   * Every score request the score service handled (after injected faults), accepted or refused,
   * with the status the platform decided on: all, or those of one line item (its URL or number).
   */
  scoreRequests(lineItemId?: string): ScoreRequestRecord[] {
    if (lineItemId === undefined) return [...this.store.scoreRequests];
    const url = findLineItem(this.store, lineItemId)?.item.id ?? lineItemId;
    return this.store.scoreRequests.filter((s) => s.lineItemId === url);
  }

  /** Issues a one-time bearer token accepted by the registration endpoint. */
  createRegistrationToken(): string {
    const token = randomBytes(24).toString('base64url');
    this.store.registrationTokens.add(token);
    return token;
  }

  /** URL of the page that frames a tool's registration URL with openid_configuration (and a fresh registration_token unless withToken is false). */
  registrationStartUrl(toolRegistrationUrl: string, opts: { withToken?: boolean } = {}): string {
    const url = new URL(this.ctx.urls.registrationStart);
    url.searchParams.set('url', toolRegistrationUrl);
    if (opts.withToken !== false) url.searchParams.set('registration_token', this.createRegistrationToken());
    return url.toString();
  }

  private buildApp(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.get(PATHS.jwks, this.faults.middleware('jwks'), (_req, res) => {
      res.set('Cache-Control', 'max-age=300').json(this.ctx.keys().jwks());
    });
    app.use(oidcRouter(this.ctx));
    app.use(storageRouter(this.ctx));
    app.use(tokenRouter(this.ctx));
    app.use(nrpsRouter(this.ctx));
    app.use(agsRouter(this.ctx));
    app.use(deepLinkingRouter(this.ctx));
    app.use(registrationRouter(this.ctx, (reg) => this.registerTool(reg)));
    app.use(demoRouter(this.ctx, (o) => this.prepareLaunch(o)));
    app.use(adminRouter(this.ctx));
    app.use((_req: Request, res: Response) => {
      res.status(404).json({ error: 'not_found', error_description: 'no such endpoint on this platform' });
    });
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 500;
      res.status(status).json({ error: status === 500 ? 'server_error' : 'invalid_request', error_description: err instanceof Error ? err.message : String(err) });
    });
    return app;
  }
}
