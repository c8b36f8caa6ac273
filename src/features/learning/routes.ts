/** Mounts the professional-learning routes: the standards taxonomy, the PD catalog and links to cycles and goals. */
import type { Express } from 'express';
import type { Sequelize } from 'sequelize';
import type { RouteTable } from '../../auth/routes';
import { catalogRoutes } from './catalogRoutes';
import { linkRoutes } from './linkRoutes';
import { standardsRoutes } from './standardsRoutes';

/** Everything the professional-learning routes need. */
export interface LearningRouteDeps {
  sequelize: Sequelize;
}

/** Mounts every professional-learning route through the route table. */
export function learningRoutes(app: Express, routes: RouteTable, deps: LearningRouteDeps): void {
  standardsRoutes(app, routes, deps);
  catalogRoutes(app, routes, deps);
  linkRoutes(app, routes, deps);
}
