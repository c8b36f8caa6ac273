/**
 * Fault injection for the service routes: rate limits (429 + Retry-After, Canvas's 403 "Rate
 * Limit Exceeded"), server errors, hangs and lost replies (the platform handled the request but
 * the answer never arrives), so tests can prove a tool retries, backs off, times out and never
 * counts a request twice.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { FaultRoute, FaultSpec } from './types';

const FAULT_ROUTES: readonly FaultRoute[] = ['token', 'nrps', 'lineitems', 'scores', 'results', 'jwks', 'openidConfiguration', 'registration'];

interface ArmedFault extends FaultSpec {
  remaining: number;
}

const STATUS_TEXT: Record<number, string> = {
  429: 'Rate Limit Exceeded',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Canvas's throttling answer: status 403, this plain-text body, no Retry-After. */
const CANVAS_THROTTLED = '403 Forbidden (Rate Limit Exceeded)';

/** Queue of faults per route plus a count of requests seen per route. */
export class FaultInjector {
  /** Uniform in [0, 1) for faults with a `chance` (tests set a seeded generator for repeatable runs). */
  random: () => number = Math.random;
  private readonly faults: ArmedFault[] = [];
  private readonly counts = new Map<FaultRoute, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Arms a fault: the next `times` (default 1) requests to `route` get it, in the order faults were added. */
  add(spec: FaultSpec): void {
    if (!FAULT_ROUTES.includes(spec.route)) throw new Error(`unknown fault route ${String(spec.route)}`);
    if (spec.status === undefined && spec.delayMs === undefined && !spec.lostReply) throw new Error('a fault needs a status, a delayMs, lostReply or a combination');
    if (spec.chance !== undefined && !(spec.chance > 0 && spec.chance <= 1)) throw new Error('a fault chance must be above 0 and at most 1');
    this.faults.push({ ...spec, remaining: spec.times ?? (spec.chance !== undefined ? Number.POSITIVE_INFINITY : 1) });
  }

  /** Removes every armed fault and resets the per-route request counts. */
  clear(): void {
    this.faults.length = 0;
    this.counts.clear();
  }

  /** Number of requests that reached `route` (faulted ones included) since start or the last clear(). */
  seen(route: FaultRoute): number {
    return this.counts.get(route) ?? 0;
  }

  /** Number of faults still armed (all routes, or one). */
  pending(route?: FaultRoute): number {
    return this.faults.filter((f) => route === undefined || f.route === route).reduce((n, f) => n + f.remaining, 0);
  }

  /** Express middleware for one route: counts the request and applies the next armed fault, if any. */
  middleware(route: FaultRoute): RequestHandler {
    return (req: Request, res: Response, next: NextFunction): void => {
      this.counts.set(route, this.seen(route) + 1);
      // Deterministic faults apply in order; a chance fault applies when its draw says so.
      const fault = this.faults.find((f) => f.route === route && (f.chance === undefined || this.random() < f.chance));
      if (!fault) return next();
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
      if (fault.lostReply) {
        this.loseReply(req, res, fault);
        return next();
      }
      const answer = (): void => {
        if (fault.status === undefined) return next();
        this.respond(res, fault);
      };
      if (!fault.delayMs) return answer();
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!req.socket.destroyed) answer();
      }, fault.delayMs);
      timer.unref();
      this.timers.add(timer);
    };
  }

  /** Cancels hanging requests' timers (called when the simulator stops). */
  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Lets the route handle the request, then drops its answer (or answers the fault's status instead), after delayMs. */
  private loseReply(req: Request, res: Response, fault: ArmedFault): void {
    const end = res.end.bind(res);
    res.end = ((..._args: unknown[]) => {
      res.end = end;
      const lose = (): void => {
        if (req.socket.destroyed) return;
        if (fault.status === undefined) {
          req.socket.destroy();
          return;
        }
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        this.respond(res, fault);
      };
      if (!fault.delayMs) lose();
      else {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          lose();
        }, fault.delayMs);
        timer.unref();
        this.timers.add(timer);
      }
      return res;
    }) as Response['end'];
  }

  private respond(res: Response, fault: ArmedFault): void {
    const status = fault.status ?? 500;
    if (fault.retryAfterSec !== undefined || status === 429) res.set('Retry-After', String(fault.retryAfterSec ?? 1));
    if (status === 403) res.set('X-Rate-Limit-Remaining', '0');
    const body = fault.body ?? (status === 403 ? CANVAS_THROTTLED : { errors: [{ message: STATUS_TEXT[status] ?? 'Error' }] });
    if (typeof body === 'string') res.status(status).type('text/plain').send(body);
    else res.status(status).json(body);
  }
}
