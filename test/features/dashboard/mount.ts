/**
 * Until src/app.ts mounts the dashboard and mentoring routes, tests mount them on the shared test
 * app themselves: declared through the route table like any route, and placed before the app's
 * 404 and error handlers. Once app.ts mounts them this does nothing. The returned function takes
 * them off again, so other test files (the authorization matrix) see the app as built.
 */
import type { Express } from 'express';
import type { Sequelize } from 'sequelize';
import type { RouteTable } from '../../../src/auth/routes';
import { dashboardRoutes } from '../../../src/features/dashboard/routes';
import { mentoringRoutes } from '../../../src/features/mentoring/routes';

interface Layer { handle: { length: number } }

/** Mounts the dashboard and mentoring routes on an app if needed; returns the undo. */
export function mountDashboard(coachloop: { app: Express; routes: RouteTable }, sequelize: Sequelize): () => void {
  const { app, routes } = coachloop;
  if (routes.routes.some((r) => r.path === '/app/dashboard')) return () => undefined;
  const stack = (app as unknown as { _router: { stack: Layer[] } })._router.stack;
  const layersBefore = stack.length;
  const specsBefore = routes.routes.length;
  if (stack[layersBefore - 1]?.handle.length !== 4) throw new Error('The app no longer ends with its error handler; update test/features/dashboard/mount.ts');
  dashboardRoutes(app, routes, { sequelize });
  mentoringRoutes(app, routes, { sequelize });
  const added = stack.splice(layersBefore);
  // Before the 404 handler and the error handler, the app's last two layers.
  stack.splice(layersBefore - 2, 0, ...added);
  const specs = routes.routes.slice(specsBefore);
  return () => {
    for (const layer of added) stack.splice(stack.indexOf(layer), 1);
    for (const spec of specs) routes.routes.splice(routes.routes.indexOf(spec), 1);
  };
}
