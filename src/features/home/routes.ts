/** The home page: the first thing a person sees after launching CoachLoop. */
import type { Express, Response } from 'express';
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { anyLaunch } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { memberCountsByRole, tenantSpaces } from './homeQueries';
import { presentHome } from './presenter';

/** Renders the home page for an actor (also used directly by the launch). */
export async function renderHome(sequelize: Sequelize, actor: Actor, res: Response): Promise<void> {
  const counts = actor.space && (actor.role === 'admin' || actor.role === 'coach') ? await memberCountsByRole(sequelize, actor.space.id) : undefined;
  const spaces = !actor.space && actor.role === 'admin' ? await tenantSpaces(sequelize, actor.tenant.id) : undefined;
  res.render('home/home', presentHome(actor, { counts, spaces }));
}

/** Mounts the home routes. */
export function homeRoutes(app: Express, routes: RouteTable, sequelize: Sequelize): void {
  routes.add(app, {
    method: 'get',
    path: '/app/home',
    policy: anyLaunch,
    description: 'Home page: who you are, your role in this space, the space',
    handler: (_req, res, { actor }) => renderHome(sequelize, actor, res),
  });
}
