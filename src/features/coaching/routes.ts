/** Mounts the coaching routes: the teacher's pages, the coach's caseload and cycles, the admin's assignments and settings. */
import type { Express } from 'express';
import type { Sequelize } from 'sequelize';
import type { RouteTable } from '../../auth/routes';
import { adminRoutes } from './adminRoutes';
import { caseloadRoutes } from './caseloadRoutes';
import { cycleRoutes } from './cycleRoutes';
import { groupSessionRoutes } from './groupSessionRoutes';
import { teacherRoutes } from './teacherRoutes';

/** Everything the coaching routes need. */
export interface CoachingRouteDeps {
  sequelize: Sequelize;
}

/** Mounts all coaching routes on the app through the route table. */
export function coachingRoutes(app: Express, routes: RouteTable, deps: CoachingRouteDeps): void {
  teacherRoutes(app, routes, deps);
  caseloadRoutes(app, routes, deps);
  cycleRoutes(app, routes, deps);
  groupSessionRoutes(app, routes, deps);
  adminRoutes(app, routes, deps);
}
