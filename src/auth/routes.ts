/**
 * The route table. Every CoachLoop route is declared here with a policy; the table authenticates
 * the actor, applies the policy and catches errors, so no route can skip the check. At start-up
 * `assertEveryRouteDeclared` fails if any express route was added around the table.
 */
import type { Express, NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { Actor } from './actor';
import type { Policy } from './policy';
import { forbidden, HttpError } from './httpError';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler receives besides req/res. */
export interface RouteContext {
  /** The actor; always set unless the policy is public. */
  actor: Actor;
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

  constructor(private readonly loadActor: ActorLoader) {}

  /** Declares and mounts a route on the router. */
  add(router: Router | Express, spec: RouteSpec): void {
    this.routes.push(spec);
    const handler: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
      try {
        let actor: Actor | undefined;
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
