/**
 * createApp(deps) builds CoachLoop's express app: security headers, static files, views, the
 * LTI adapter (which authenticates every non-public route), the feature routes and the error
 * pages. Tests build it exactly as the server does.
 */
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { create as createHandlebars } from 'express-handlebars';
import type { Sequelize } from 'sequelize';
import { z } from 'zod';
import type { Config } from './config';
import { initModels } from './db/models';
import { LtiAdapter, LTI_PATHS, type LtiProblem } from './lti/provider';
import type { LtiLaunch } from './lti/launch';
import { ActorCache, buildActor, loadActorRecord, type Actor } from './auth/actor';
import { HttpError } from './auth/httpError';
import { publicRoute } from './auth/policy';
import { assertEveryRouteDeclared, RouteTable } from './auth/routes';
import { TenantResolver, UnknownDeploymentError, type TenantRef } from './features/launch/tenantResolver';
import { LaunchRecorder } from './features/launch/launchRecorder';
import { problemText } from './features/launch/launchProblems';
import { newWindowRoutes } from './features/launch/newWindowRoutes';
import { homeRoutes, renderHome } from './features/home/routes';
import { placementRoutes, renderPicker } from './features/placement/routes';
import { operatorRoutes } from './features/operator/routes';
import { registrationRoutes } from './features/registration/routes';
import { rosterRoutes } from './features/roster/routes';
import { coachingRoutes } from './features/coaching/routes';
import { reflectionRoutes } from './features/reflections/routes';
import { surveyRoutes } from './features/surveys/routes';
import { dashboardRoutes } from './features/dashboard/routes';
import { learningRoutes } from './features/learning/routes';
import { mentoringRoutes } from './features/mentoring/routes';
import { pdCreditRoutes } from './features/pdCredit/routes';
import { routePlacedLaunch } from './features/placement/placedLaunch';
import { registerRosterSync, syncIfStale } from './features/roster/rosterJob';
import { JobQueue } from './jobs/jobQueue';
import { registerGradeDelivery } from './features/grades/gradeWorker';
import { FrameOrigins } from './features/launch/frameOrigins';
import { baseSecurityHeaders, corsPolicy, frameAncestors, loginRateLimit, registrationRateLimit, setFrameAncestors } from './http/securityHeaders';
import { rejectNulBytes } from './http/nulBytes';
import { ensureTaxonomyOnce } from './features/learning/taxonomy';

export interface AppDeps {
  config: Config;
  sequelize: Sequelize;
}

/** The running application and the services tests and the server reach into. */
export interface CoachLoopApp {
  app: Express;
  lti: LtiAdapter;
  routes: RouteTable;
  tenants: TenantResolver;
  recorder: LaunchRecorder;
  actors: ActorCache;
  /** Durable background jobs (roster sync); the server starts the runner, tests drain it. */
  jobs: JobQueue;
  /** Resolves when the work requests started without waiting (queueing roster syncs) has finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '.');

const loginParams = z.object({
  iss: z.string({ error: 'the issuer (iss) is missing' }).url('the issuer (iss) must be a URL'),
  login_hint: z.string({ error: 'login_hint is missing' }).min(1, 'login_hint is empty'),
  target_link_uri: z.string({ error: 'target_link_uri is missing' }).url('target_link_uri must be a URL'),
  client_id: z.string().min(1).optional(),
  lti_message_hint: z.string().optional(),
  lti_deployment_id: z.string().optional(),
});

/** Errors from body parsing and URL decoding (malformed JSON, oversized bodies) as a person-readable 4xx. */
function clientError(err: unknown): HttpError | undefined {
  const e = err as { status?: unknown; type?: unknown; expose?: unknown };
  if (typeof e?.status !== 'number' || e.status < 400 || e.status >= 500 || !e.expose) return undefined;
  if (e.status === 413) return new HttpError(413, 'That was too much to send at once', 'The form or file sent is larger than CoachLoop accepts. Shorten it and try again.', 'PAYLOAD_TOO_LARGE');
  return new HttpError(e.status, 'Something in the request is not right', 'CoachLoop could not read what was sent (it was not well-formed). Reload the page and try again.', String(e.type ?? 'BAD_REQUEST').toUpperCase().replace(/\W+/g, '_'));
}

/** The reason code refusing launches into a tenant that is not active, or undefined. */
function tenantRefusal(tenant: TenantRef): 'DEPLOYMENT_PENDING' | 'TENANT_SUSPENDED' | undefined {
  if (tenant.status === 'active') return undefined;
  return tenant.status === 'pending' ? 'DEPLOYMENT_PENDING' : 'TENANT_SUSPENDED';
}

/** A 403 carrying the plain-language text of a refusal code. */
function refusal(code: string): HttpError {
  const text = problemText(code);
  return new HttpError(403, text.title, text.message, code);
}

/** What an LMS administrator needs to identify a deployment, shown on refusal pages. */
function deploymentDetails(launch: LtiLaunch): string[] {
  return [`Platform: ${launch.issuer}`, `Client id: ${launch.clientId}`, `Deployment id: ${launch.deploymentId}`];
}

/** Builds the app. Call close() to stop its timers; the caller owns the database. */
export async function createApp(deps: AppDeps): Promise<CoachLoopApp> {
  const { config, sequelize } = deps;
  initModels(sequelize);
  const app = express();
  app.disable('x-powered-by');
  // Believe X-Forwarded-* only from the proxies the operator names (client addresses feed the sign-in lockout).
  app.set('trust proxy', config.trustProxy);

  const hbs = createHandlebars({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(ROOT, 'views', 'layouts'),
    partialsDir: path.join(ROOT, 'views', 'partials'),
    helpers: {
      eq: (a: unknown, b: unknown) => a === b,
      /** Joins its arguments into one string: {{link (concat "/app/cycles/" id)}}. */
      concat: (...args: unknown[]) => args.slice(0, -1).map(String).join(''),
      /** A link inside CoachLoop that keeps the launch session: {{link "/app/home"}}. */
      link: (p: string, options: { data: { root: { ltik?: string } } }) => `${p}${p.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(options.data.root.ltik ?? '')}`,
    },
  });
  app.engine('.hbs', hbs.engine);
  app.set('view engine', '.hbs');
  app.set('views', path.join(ROOT, 'views'));
  // Express caches compiled views only when process.env.NODE_ENV is production; follow our mode.
  app.set('view cache', config.mode !== 'development');

  // Referrer-Policy no-referrer (the ltik travels in URLs), nosniff, HSTS in production, and a CSP
  // whose frame-ancestors start at 'none' and are widened below to the registered platforms.
  app.use(baseSecurityHeaders(config));
  app.use(corsPolicy());
  app.use('/public', express.static(path.join(ROOT, 'public'), { maxAge: config.mode === 'production' ? '1d' : 0, index: false }));

  const tenants = new TenantResolver(sequelize);
  const actors = new ActorCache();
  const recorder = new LaunchRecorder(sequelize, actors);
  const jobs = new JobQueue(sequelize);
  const frameOrigins = new FrameOrigins(sequelize);
  // Work a request starts without waiting for it (queueing a roster sync); settled() awaits it.
  const background = new Set<Promise<unknown>>();
  const inBackground = (work: Promise<unknown>) => {
    background.add(work);
    void work.finally(() => background.delete(work));
  };

  const renderProblem = (res: Response, code: string, extra: Record<string, unknown> = {}) => {
    const text = problemText(code);
    res.status(text.status).render('errors/problem', { title: text.title, heading: text.title, message: text.message, code, ...extra });
  };

  const handleLaunch = async (launch: LtiLaunch, _req: Request, res: Response) => {
    let tenant: TenantRef;
    try {
      tenant = await tenants.forLaunch({ ...launch, platformName: launch.platform.name });
    } catch (err) {
      if (err instanceof UnknownDeploymentError) return renderProblem(res, 'UNKNOWN_DEPLOYMENT', { details: deploymentDetails(launch) });
      throw err;
    }
    const refused = tenantRefusal(tenant);
    if (refused) return renderProblem(res, refused, { details: deploymentDetails(launch) });
    // A signed launch says which page of the platform frames CoachLoop (a district's own Canvas domain).
    if (await frameOrigins.recordLaunchOrigin(launch.platformKid, launch.presentation.returnUrl).catch(() => false)) {
      setFrameAncestors(res, await frameOrigins.forIssuer(launch.issuer, launch.clientId));
    }
    const record = await recorder.record(tenant, launch);
    // The tenant's standards taxonomy exists before any page reads it (pages never write).
    await ensureTaxonomyOnce(sequelize, tenant.id);
    const actor = buildActor(tenant, launch, record);
    if (actor.space && launch.nrpsUrl && (actor.role === 'coach' || actor.role === 'admin')) {
      // In the background: the launch never waits for the roster.
      inBackground(syncIfStale(jobs, actor.space.id, config.rosterSyncIntervalMinutes).catch((err) => console.error('Could not queue a roster sync', err)));
    }
    if (launch.messageType === 'LtiDeepLinkingRequest') return renderPicker(actor, res, { sequelize });
    // A link placed in the course for a task (survey, reflection, goals) opens that task, not the home page.
    const placed = await routePlacedLaunch(sequelize, actor, launch);
    if (placed) return res.redirect(303, `${placed.path}?ltik=${encodeURIComponent(launch.ltik)}${placed.hash ?? ''}`);
    await renderHome(sequelize, actor, res);
  };

  const lti = await LtiAdapter.create({
    sequelize,
    encryptionKey: config.encryptionKey,
    publicUrl: config.publicUrl,
    tokenMaxAge: config.ltiTokenMaxAge,
    publicRoutes: ['/', '/health', /^\/public\//, '/favicon.ico', /^\/operator(\/|$)/],
    onLaunch: handleLaunch,
    onProblem: (problem: LtiProblem, _req, res) => renderProblem(res, problem.code),
  });

  const loadActor = async (_req: Request, res: Response): Promise<Actor> => {
    const launch = lti.launchOf(res);
    if (!launch) throw new HttpError(401, 'Open CoachLoop from your course', 'CoachLoop opens from inside your LMS. Go back to your course and open CoachLoop again.', 'NO_LAUNCH');
    const tenant = await tenants.find(launch.issuer, launch.clientId, launch.deploymentId);
    if (!tenant) throw refusal('UNKNOWN_DEPLOYMENT');
    const refused = tenantRefusal(tenant);
    if (refused) throw refusal(refused);
    const key = ActorCache.key(tenant.id, launch.sub, launch.context?.id);
    let record = actors.get(key);
    if (!record) {
      record = await loadActorRecord(sequelize, tenant.id, launch);
      if (!record) throw new HttpError(401, 'Open CoachLoop from your course', 'CoachLoop has no record of this launch. Go back to your course and open CoachLoop again.', 'LAUNCH_NOT_RECORDED');
      actors.set(key, record);
    }
    return buildActor(tenant, launch, record);
  };

  const routes = new RouteTable(loadActor);

  routes.add(app, {
    method: 'get', path: '/health', policy: publicRoute, description: 'Liveness and database check for load balancers',
    handler: async (_req, res) => {
      await sequelize.query('SELECT 1');
      res.json({ status: 'ok' });
    },
  });
  routes.add(app, {
    method: 'get', path: '/', policy: publicRoute, description: 'What CoachLoop is and how to install it',
    handler: (_req, res) => res.render('landing', { title: 'CoachLoop', urls: lti.urls }),
  });

  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.use(rejectNulBytes);
  app.use(frameAncestors({ frameOrigins, encryptionKey: config.encryptionKey }));
  app.use(LTI_PATHS.login, loginRateLimit(config));
  app.use(LTI_PATHS.register, registrationRateLimit(config));
  // Friendly 400 for malformed login initiations (ltijs would answer with bare JSON).
  app.use(LTI_PATHS.login, (req: Request, res: Response, next: NextFunction) => {
    const parsed = loginParams.safeParse({ ...req.query, ...(typeof req.body === 'object' ? req.body : {}) });
    if (parsed.success) return next();
    res.status(400).render('errors/problem', {
      title: 'This launch request is incomplete', heading: 'This launch request is incomplete',
      message: 'Your LMS started a CoachLoop launch without the information LTI 1.3 requires. Ask your LMS administrator to check the CoachLoop configuration.',
      details: parsed.error.issues.map((i) => i.message), code: 'MISSING_LOGIN_PARAMETERS',
    });
  });

  // Before ltijs: its own /lti/register handler is disabled and would answer 403.
  registrationRoutes(app, routes, { sequelize, lti, tenants, mode: config.mode, registrationMode: config.registrationMode });

  routes.addExternal({ method: 'all', path: LTI_PATHS.login, policy: publicRoute, description: 'OIDC login initiation (validated, then ltijs redirects to the platform)' });
  routes.addExternal({ method: 'post', path: LTI_PATHS.launch, policy: publicRoute, description: 'id_token launch (signature, nonce, claims and deployment checked)' });
  routes.addExternal({ method: 'get', path: LTI_PATHS.keys, policy: publicRoute, description: "Tool's public JWKS" });

  newWindowRoutes(app, routes, lti);
  app.use(lti.partitionedCookies());
  app.use(lti.safeCookieClearing());
  app.use(lti.platformStorage());
  app.use(lti.app);
  // Again for the bodies ltijs's parsers read (JSON, text).
  app.use(rejectNulBytes);
  homeRoutes(app, routes, sequelize);
  placementRoutes(app, routes, { lti, sequelize });
  registerRosterSync(jobs, { sequelize, lti });
  registerGradeDelivery(jobs, { sequelize, lti });
  rosterRoutes(app, routes, { sequelize, jobs, forgetRoles: () => { recorder.forget(); actors.clear(); } });
  coachingRoutes(app, routes, { sequelize });
  reflectionRoutes(app, routes, { sequelize });
  surveyRoutes(app, routes, { sequelize });
  dashboardRoutes(app, routes, { sequelize });
  learningRoutes(app, routes, { sequelize });
  mentoringRoutes(app, routes, { sequelize });
  pdCreditRoutes(app, routes, { sequelize });
  operatorRoutes(app, routes, { config, sequelize, lti, tenants });

  app.use((_req, _res, next) => next(new HttpError(404, 'Page not found', 'There is no CoachLoop page at this address. Use the navigation or open CoachLoop again from your course.', 'NOT_FOUND')));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = err instanceof HttpError ? err : clientError(err);
    if (!known) console.error('Unexpected error', req.method, req.path, err);
    const status = known?.status ?? 500;
    const title = known?.title ?? 'Something went wrong on our side';
    const message = known?.message ?? 'CoachLoop hit an unexpected problem and nothing was changed. Try again; if it happens again, tell your program admin the time it happened.';
    if (req.accepts(['html', 'json']) === 'json') {
      res.status(status).json({ error: { status, title, message, code: known?.code ?? 'INTERNAL' } });
      return;
    }
    res.status(status).render('errors/problem', { title, heading: title, message, code: known?.code });
  });

  assertEveryRouteDeclared(app, lti.app);

  return {
    app,
    lti,
    routes,
    tenants,
    recorder,
    actors,
    jobs,
    settled: async () => {
      while (background.size) await Promise.allSettled([...background]);
    },
    close: async () => {
      while (background.size) await Promise.allSettled([...background]);
      await jobs.stop();
      await lti.close();
    },
  };
}
