/**
 * Operator sign-in and sign-out. The token is compared in constant time; wrong tokens from one
 * address lock it out for a while (loginThrottle.ts). A blank form is not counted as a guess.
 */
import type { Express, Request, Response } from 'express';
import { operatorOnly, publicRoute } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import type { LoginThrottle } from './loginThrottle';
import type { OperatorGate } from './operatorSession';

function renderLogin(res: Response, status: number, view: { error?: string; signedIn?: boolean } = {}): void {
  res.status(status).render('operator/login', { title: 'Operator sign-in — CoachLoop', ...view });
}

/** Mounts GET/POST /operator/login and POST /operator/logout. */
export function operatorSessionRoutes(app: Express, routes: RouteTable, gate: OperatorGate, throttle: LoginThrottle): void {
  routes.add(app, {
    method: 'get', path: '/operator/login', policy: publicRoute, description: 'Operator sign-in form (OPERATOR_TOKEN)',
    handler: (req: Request, res: Response) => {
      gate.assertEnabled();
      renderLogin(res, 200, { signedIn: gate.authenticate(req) !== undefined });
    },
  });

  routes.add(app, {
    method: 'post', path: '/operator/login', policy: publicRoute, description: 'Operator sign-in: checks the token, starts a signed cookie session',
    handler: (req: Request, res: Response) => {
      gate.assertEnabled();
      const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      const wait = throttle.lockedFor(address);
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        return renderLogin(res, 429, { error: `Too many wrong tokens were tried from your address. Wait ${Math.ceil(wait / 60_000)} minute(s) and try again.` });
      }
      const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
      if (!token) return renderLogin(res, 400, { error: 'Enter the operator token (the value of OPERATOR_TOKEN on the server).' });
      if (!gate.tokenMatches(token)) {
        throttle.fail(address);
        return renderLogin(res, 401, { error: 'That is not the operator token. Check the value of OPERATOR_TOKEN on the server and try again.' });
      }
      throttle.succeed(address);
      gate.startSession(res);
      res.redirect(303, '/operator');
    },
  });

  routes.add(app, {
    method: 'post', path: '/operator/logout', policy: operatorOnly, description: 'Operator sign-out (clears the session cookie)',
    handler: (_req: Request, res: Response) => {
      gate.endSession(res);
      res.redirect(303, '/operator/login');
    },
  });
}
