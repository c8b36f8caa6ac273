/** Mounts the PD-credit routes: the admin's rules and the teachers' summaries (page, CSV, gradebook). */
import type { Express, Request } from 'express';
import type { Sequelize } from 'sequelize';
import type { RouteTable } from '../../auth/routes';
import { rulesRoutes } from './rulesRoutes';
import { summaryRoutes } from './summaryRoutes';

/** Everything the PD-credit routes need. */
export interface PdCreditRouteDeps {
  sequelize: Sequelize;
}

/** The submitted form (an empty object when there is none). */
export const bodyOf = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? req.body as Record<string, unknown> : {});

/** Mounts all PD-credit routes through the route table. */
export function pdCreditRoutes(app: Express, routes: RouteTable, deps: PdCreditRouteDeps): void {
  rulesRoutes(app, routes, deps);
  summaryRoutes(app, routes, deps);
}
