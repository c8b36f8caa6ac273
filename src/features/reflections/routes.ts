/**
 * Mounts the reflection routes: the teacher's reflections, the coach's queue and reviews, grade
 * retries, tasks set from a cycle, and the admin's settings. The fixed paths (queue, settings)
 * are declared before /app/reflections/:reflectionId so they are not read as ids.
 */
import type { Express } from 'express';
import type { Sequelize } from 'sequelize';
import type { RouteTable } from '../../auth/routes';
import { listRoutes } from './listRoutes';
import { reflectionPageRoutes } from './reflectionPageRoutes';
import { settingsRoutes } from './settingsRoutes';

/** Everything the reflection routes need. */
export interface ReflectionRouteDeps {
  sequelize: Sequelize;
}

/** Mounts all reflection routes on the app through the route table. */
export function reflectionRoutes(app: Express, routes: RouteTable, deps: ReflectionRouteDeps): void {
  listRoutes(app, routes, deps);
  settingsRoutes(app, routes, deps);
  reflectionPageRoutes(app, routes, deps);
}
