/**
 * Mounts the mentoring routes: the admin's mentor pairings, the mentor's view of their coaches
 * with mentor notes, and a coach's own figures. Aggregates for mentors; a coach's own figures in
 * full; mentor notes between a mentor and a coach only.
 */
import type { Express, Request } from 'express';
import type { Sequelize } from 'sequelize';
import type { RouteTable } from '../../auth/routes';
import { dashboardFilters, firstIssue } from '../dashboard/schema';
import { periodOf, schoolYearOf, type Period } from '../dashboard/scope';
import { assignmentRoutes } from './assignmentRoutes';
import { mentorRoutes } from './mentorRoutes';
import { myFiguresRoutes } from './myFiguresRoutes';

/** Everything the mentoring routes need. */
export interface MentoringRouteDeps {
  sequelize: Sequelize;
}

/** The months a mentoring page covers: ?from=&to= (YYYY-MM), or this school year (also when the months are not right, with the reason). */
export function periodFromQuery(req: Request, today = new Date()): { period: Period; error?: string } {
  const year = schoolYearOf(today);
  const parsed = dashboardFilters.safeParse({ from: req.query.from, to: req.query.to });
  if (!parsed.success) return { period: periodOf(year.from, year.to), error: firstIssue(parsed.error) };
  if (!parsed.data.from && !parsed.data.to) return { period: periodOf(year.from, year.to) };
  return { period: periodOf(parsed.data.from, parsed.data.to) };
}

/** A form body as a plain object (empty when there is none). */
export const bodyOf = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

/** Mounts all mentoring routes through the route table. */
export function mentoringRoutes(app: Express, routes: RouteTable, deps: MentoringRouteDeps): void {
  assignmentRoutes(app, routes, deps);
  mentorRoutes(app, routes, deps);
  myFiguresRoutes(app, routes, deps);
}
