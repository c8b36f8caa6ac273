/**
 * The route table. Every CoachLoop route is declared here with a policy; the table authenticates
 * the actor, applies the policy and catches errors, so no route can skip the check. At start-up
 * `assertEveryRouteDeclared` fails if any express route was added around the table.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Express, NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { Actor } from './actor';
import type { Policy } from './policy';
import { forbidden, HttpError } from './httpError';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler receives besides req/res. */
export interface RouteContext {
  /** The actor; always set unless the policy is public or operator-only. */
  actor: Actor;
  /** The operator's session; set only for operator-only policies. */
  operator?: OperatorIdentity;
}

/** A signed-in CoachLoop operator (not an LTI launch). */
export interface OperatorIdentity {
  /** The per-session token every operator form must carry (field `_csrf`). */
  csrfToken: string;
  expiresAt: Date;
}

/** Authenticates operator-only routes (features/operator provides it). */
export interface OperatorAuth {
  /**
   * The operator behind the request, or undefined when it carries no valid operator session.
   * Throws an HttpError when operator pages are switched off.
   */
  authenticate(req: Request): Promise<OperatorIdentity | undefined> | OperatorIdentity | undefined;
  /** Where a GET without an operator session is redirected (the sign-in page). */
  loginPath: string;
}

/** One declared route. */
export interface RouteSpec {
  method: Method;
  path: string;
  policy: Policy;
  /** What the route is for (shown in the authorization matrix). */
  description: string;
  handler(req: Request, res: Response, ctx: RouteContext): Promise<void> | void;
}

/** A route served by ltijs itself (login, launch, JWKS), listed for the authorization matrix. */
export interface ExternalRoute {
  method: Method | 'all';
  path: string;
  policy: Policy;
  description: string;
}

const DECLARED = Symbol('coachloop.declaredRoute');

/** Resolves the actor of a request (or throws an HttpError: 401 without a launch, 403 for an unknown deployment). */
export type ActorLoader = (req: Request, res: Response) => Promise<Actor>;

/** Collects routes and mounts them with their policies. */
export class RouteTable {
  readonly routes: RouteSpec[] = [];
  readonly external: ExternalRoute[] = [];
  private operatorAuth: OperatorAuth | undefined;

  constructor(private readonly loadActor: ActorLoader) {}

  /** Sets how operator-only routes authenticate; they cannot be declared before this. */
  useOperatorAuth(auth: OperatorAuth): void {
    this.operatorAuth = auth;
  }

  /** Declares and mounts a route on the router. */
  add(router: Router | Express, spec: RouteSpec): void {
    const operatorAuth = this.operatorAuth;
    if (spec.policy.operator && !operatorAuth) throw new Error(`Operator route ${spec.method.toUpperCase()} ${spec.path} declared before RouteTable.useOperatorAuth`);
    this.routes.push(spec);
    const handler: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
      try {
        let actor: Actor | undefined;
        if (spec.policy.operator && operatorAuth) {
          const operator = await operatorAuth.authenticate(req);
          if (!operator) {
            if (spec.method === 'get') return res.redirect(302, operatorAuth.loginPath);
            throw new HttpError(401, 'Sign in as the CoachLoop operator', 'This page is for the CoachLoop operator. Sign in on the operator sign-in page and try again.', 'OPERATOR_SIGN_IN');
          }
          // Forms that change something must carry the session's CSRF token (besides the SameSite=Strict cookie).
          if (spec.method !== 'get' && !csrfMatches(req, operator.csrfToken)) {
            throw new HttpError(403, 'This form has expired', 'The form did not carry this session\'s security token (it may come from an older session). Reload the page and submit it again.', 'OPERATOR_CSRF');
          }
          res.locals.operator = operator;
          await spec.handler(req, res, { actor: undefined as unknown as Actor, operator });
          return;
        }
        if (!spec.policy.public) {
          actor = await this.loadActor(req, res);
          if (!spec.policy.allows(actor)) throw forbidden();
          res.locals.actor = actor;
        }
        await spec.handler(req, res, { actor: actor as Actor });
      } catch (err) {
        next(err);
      }
    };
    (handler as unknown as Record<symbol, boolean>)[DECLARED] = true;
    (router as Router)[spec.method](spec.path, handler);
  }

  /** Lists a route that something else (ltijs) serves, with the policy it enforces. */
  addExternal(route: ExternalRoute): void {
    this.external.push(route);
  }
}

/** Constant-time comparison of the form's `_csrf` field with the session's token. */
function csrfMatches(req: Request, expected: string): boolean {
  const given = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface Layer {
  route?: { path: string; stack: Array<{ handle: unknown; method?: string }> };
  handle: unknown;
  name?: string;
}

/** Throws at start-up if any express route in the app was not declared through the table. */
export function assertEveryRouteDeclared(app: Express, skipSubApp: unknown): void {
  const undeclared: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const handlers = layer.route.stack.map((l) => l.handle as Record<symbol, boolean>);
        if (!handlers.some((h) => h[DECLARED])) undeclared.push(`${layer.route.stack.map((l) => l.method ?? '').filter(Boolean).join(',').toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle === skipSubApp) {
        continue;
      } else {
        const inner = (layer.handle as { stack?: Layer[] }).stack;
        if (Array.isArray(inner)) walk(inner);
      }
    }
  };
  const router = (app as unknown as { _router?: { stack: Layer[] } })._router;
  if (router) walk(router.stack);
  if (undeclared.length) throw new Error(`Routes without a policy (declare them through RouteTable): ${undeclared.join('; ')}`);
}

export { HttpError };
