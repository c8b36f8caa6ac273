/**
 * The district's professional-learning catalog: everyone in coaching browses it (filtered by
 * focus area); program admins add, edit, remove (archive when in use) and restore offerings and
 * see how much each is used — counts only, never whose cycles link it.
 */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { HttpError, notFound } from '../../auth/httpError';
import { rolesOnly } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { idParam } from '../coaching/schema';
import { presentCatalog, presentOfferingEdit, CATALOG_NOTICES, type OfferingFormValues } from './catalogPresenter';
import { createOffering, removeOffering, restoreOffering, updateOffering } from './commands/offeringSaver';
import { findOffering, listOfferings, offeringUsage } from './offerings';
import type { LearningRouteDeps } from './routes';
import { catalogFilter, firstIssue, offeringInput } from './schema';
import { listTags } from './taxonomy';

const admins = rolesOnly('admin');
const readers = rolesOnly('admin', 'coach', 'teacher');
const offeringId = idParam('offeringId');
const bodyOf = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
const back = (actor: Actor, notice: string) => `/app/pd-catalog?${new URLSearchParams({ notice, ltik: actor.ltik })}`;

/** The form as typed (strings only, bounded), to show it again after an error. */
function typedForm(body: Record<string, unknown>): OfferingFormValues {
  const str = (k: string, max: number) => (typeof body[k] === 'string' ? (body[k] as string).slice(0, max) : '');
  const list = (k: string) => (Array.isArray(body[k]) ? (body[k] as unknown[]) : body[k] === undefined ? [] : [body[k]]).filter((x): x is string => typeof x === 'string').slice(0, 50);
  return { title: str('title', 300), kind: str('kind', 20), url: str('url', 600), focusAreas: list('focusAreas'), tags: list('tags').map(Number).filter(Number.isSafeInteger) };
}

/** Mounts the catalog routes. */
export function catalogRoutes(app: Express, routes: RouteTable, deps: LearningRouteDeps): void {
  const { sequelize } = deps;

  async function render(req: Request, res: Response, actor: Actor, extra: { status?: number; error?: string; form?: OfferingFormValues } = {}) {
    const admin = actor.role === 'admin';
    const filter = catalogFilter.safeParse(req.query);
    const focus = filter.success ? filter.data.focus : undefined;
    const [offerings, tags, usage] = await Promise.all([
      listOfferings(sequelize, actor.tenant.id, { includeArchived: admin }), listTags(sequelize, actor.tenant.id), admin ? offeringUsage(sequelize, actor.tenant.id) : Promise.resolve(undefined),
    ]);
    const notice = typeof req.query.notice === 'string' && Object.hasOwn(CATALOG_NOTICES, req.query.notice) ? CATALOG_NOTICES[req.query.notice] : undefined;
    res.status(extra.status ?? (filter.success ? 200 : 400)).render('learning/catalog', presentCatalog(actor, { offerings, tags, usage, focus }, {
      notice, error: extra.error ?? (filter.success ? undefined : firstIssue(filter.error)), form: extra.form,
    }));
  }

  async function renderEdit(res: Response, actor: Actor, id: number, extra: { status?: number; error?: string; form?: OfferingFormValues } = {}) {
    const [offering, tags] = await Promise.all([findOffering(sequelize, actor.tenant.id, id), listTags(sequelize, actor.tenant.id, { includeRetired: true })]);
    if (!offering) throw notFound('offering');
    res.status(extra.status ?? 200).render('learning/offering-edit', presentOfferingEdit(actor, offering, tags, extra));
  }

  const idOf = (req: Request): number => {
    const p = offeringId.safeParse(req.params);
    if (!p.success) throw notFound('offering');
    return p.data.offeringId as number;
  };

  routes.add(app, {
    method: 'get', path: '/app/pd-catalog', policy: readers,
    description: 'The professional-learning catalog, filtered by focus area (admins also manage it and see usage counts)',
    handler: (req, res, { actor }) => render(req, res, actor),
  });

  routes.add(app, {
    method: 'post', path: '/app/pd-catalog', policy: admins,
    description: 'Add an offering to the catalog: title, kind, link, focus areas, standards tags (program admins)',
    handler: async (req, res, { actor }) => {
      const body = bodyOf(req);
      const input = offeringInput.safeParse(body);
      if (!input.success) return render(req, res, actor, { status: 400, error: firstIssue(input.error), form: typedForm(body) });
      try {
        await createOffering(sequelize, { actor, ...input.data });
      } catch (err) {
        if (err instanceof HttpError && err.status === 400) return render(req, res, actor, { status: 400, error: err.message, form: typedForm(body) });
        throw err;
      }
      res.redirect(303, back(actor, 'added'));
    },
  });

  routes.add(app, {
    method: 'get', path: '/app/pd-catalog/:offeringId/edit', policy: admins,
    description: 'Edit a catalog offering (program admins)',
    handler: (req, res, { actor }) => renderEdit(res, actor, idOf(req)),
  });

  routes.add(app, {
    method: 'post', path: '/app/pd-catalog/:offeringId', policy: admins,
    description: 'Save an edited catalog offering (program admins)',
    handler: async (req, res, { actor }) => {
      const id = idOf(req);
      if (!(await findOffering(sequelize, actor.tenant.id, id))) throw notFound('offering');
      const body = bodyOf(req);
      const input = offeringInput.safeParse(body);
      if (!input.success) return renderEdit(res, actor, id, { status: 400, error: firstIssue(input.error), form: typedForm(body) });
      try {
        await updateOffering(sequelize, { actor, offeringId: id, ...input.data });
      } catch (err) {
        if (err instanceof HttpError && err.status === 400) return renderEdit(res, actor, id, { status: 400, error: err.message, form: typedForm(body) });
        throw err;
      }
      res.redirect(303, back(actor, 'saved'));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/pd-catalog/:offeringId/remove', policy: admins,
    description: 'Remove an offering: deleted when unused, archived when cycles link it or sessions were recorded with it (program admins)',
    handler: async (req, res, { actor }) => {
      const outcome = await removeOffering(sequelize, { actor, offeringId: idOf(req) });
      res.redirect(303, back(actor, outcome));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/pd-catalog/:offeringId/restore', policy: admins,
    description: 'Put an archived offering back in the catalog (program admins)',
    handler: async (req, res, { actor }) => {
      await restoreOffering(sequelize, { actor, offeringId: idOf(req) });
      res.redirect(303, back(actor, 'restored'));
    },
  });
}
