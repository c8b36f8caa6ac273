/**
 * The program dashboard: inputs, outputs and outcomes of coaching on one page for program admins
 * (a course's admin for their course; an account-level admin for every course of the tenant or
 * one of them), filtered by course and months, with each table as CSV. Aggregates only.
 */
import type { Express, Request, Response } from 'express';
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { badRequest, HttpError } from '../../auth/httpError';
import { rolesOnly } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { pageBase } from '../coaching/pageModel';
import { csvFileName, sectionCsv } from './csv';
import { dashboardFigures } from './figures';
import { presentDashboard } from './presenter';
import { csvQuery, dashboardFilters, firstIssue } from './schema';
import { resolveScope } from './scope';
import { buildSections } from './sections';

/** Everything the dashboard routes need. */
export interface DashboardRouteDeps {
  sequelize: Sequelize;
}

const admins = rolesOnly('admin');

/** A query value as typed (a string, bounded), to show it again after an error. */
const typed = (v: unknown) => (typeof v === 'string' ? v.slice(0, 20) : '');

/** Mounts GET /app/dashboard and GET /app/dashboard.csv through the route table. */
export function dashboardRoutes(app: Express, routes: RouteTable, deps: DashboardRouteDeps): void {
  const { sequelize } = deps;

  /** The page again with the filters as typed and what is wrong with them (no figures). */
  function renderFilterError(req: Request, res: Response, actor: Actor, message: string) {
    res.status(400).render('dashboard/dashboard', {
      ...pageBase(actor, '/app/dashboard', 'Program dashboard'),
      error: message,
      filters: { accountLevel: !actor.space, spaces: [], allSelected: true, from: typed(req.query.from), to: typed(req.query.to), ranges: [{ label: 'All time', href: '/app/dashboard' }] },
    });
  }

  routes.add(app, {
    method: 'get', path: '/app/dashboard', policy: admins,
    description: 'Program dashboard: inputs, outputs and outcomes over groups of at least the minimum size, by course and months (program admins; aggregates only)',
    handler: async (req, res, { actor }) => {
      const filters = dashboardFilters.safeParse(req.query);
      if (!filters.success) return renderFilterError(req, res, actor, firstIssue(filters.error));
      let scope;
      try {
        scope = await resolveScope(sequelize, actor, filters.data);
      } catch (err) {
        if (err instanceof HttpError && err.status === 400) return renderFilterError(req, res, actor, err.message);
        throw err;
      }
      res.render('dashboard/dashboard', presentDashboard(actor, await dashboardFigures(sequelize, scope)));
    },
  });

  routes.add(app, {
    method: 'get', path: '/app/dashboard.csv', policy: admins,
    description: 'One table of the program dashboard as CSV (section=…, same filters; hidden cells say why)',
    handler: async (req, res, { actor }) => {
      const query = csvQuery.safeParse(req.query);
      if (!query.success) throw badRequest(firstIssue(query.error), 'UNKNOWN_SECTION');
      const filters = dashboardFilters.safeParse(req.query);
      if (!filters.success) throw badRequest(firstIssue(filters.error), 'BAD_FILTER');
      const scope = await resolveScope(sequelize, actor, filters.data);
      const section = buildSections(await dashboardFigures(sequelize, scope)).find((s) => s.id === query.data.section);
      if (!section) throw badRequest('That table is not on the dashboard yet (survey results appear once surveys are in use).', 'SECTION_UNAVAILABLE');
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${csvFileName(section, scope.period)}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.send(sectionCsv(section));
    },
  });
}
