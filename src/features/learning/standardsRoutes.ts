/**
 * The admin's standards page: the tenant's taxonomy (ISTE items and district tags), adding and
 * renaming district tags, removing (retiring when in use) and restoring. Tenant-wide: a course
 * admin and an account-level admin edit the same list.
 */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { HttpError, notFound } from '../../auth/httpError';
import { rolesOnly } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { idParam } from '../coaching/schema';
import { addDistrictTag, removeTag, renameTag, restoreTag } from './commands/tagSaver';
import type { LearningRouteDeps } from './routes';
import { districtTagInput, firstIssue } from './schema';
import { presentStandards, STANDARDS_NOTICES } from './standardsPresenter';
import { listTags, tagsInUse } from './taxonomy';

const admins = rolesOnly('admin');
const tagId = idParam('tagId');
const bodyOf = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
const back = (actor: Actor, notice: string) => `/app/standards?${new URLSearchParams({ notice, ltik: actor.ltik })}`;

/** Mounts the standards routes. */
export function standardsRoutes(app: Express, routes: RouteTable, deps: LearningRouteDeps): void {
  const { sequelize } = deps;

  async function render(res: Response, actor: Actor, extra: { status?: number; error?: string; notice?: string; form?: { name?: string; code?: string }; errorTag?: number } = {}) {
    const [tags, inUse] = await Promise.all([listTags(sequelize, actor.tenant.id, { includeRetired: true }), tagsInUse(sequelize, actor.tenant.id)]);
    res.status(extra.status ?? 200).render('learning/standards', presentStandards(actor, tags, inUse, extra));
  }

  const tagOf = (req: Request): number => {
    const p = tagId.safeParse(req.params);
    if (!p.success) throw notFound('tag');
    return p.data.tagId as number;
  };

  /** A 400/409 from a rule shows the page again with the message. */
  async function attempt(res: Response, actor: Actor, run: () => Promise<void>, extra: { form?: { name?: string; code?: string }; errorTag?: number } = {}) {
    try {
      await run();
    } catch (err) {
      if (err instanceof HttpError && (err.status === 400 || err.status === 409)) return render(res, actor, { status: err.status, error: err.message, ...extra });
      throw err;
    }
  }

  routes.add(app, {
    method: 'get', path: '/app/standards', policy: admins,
    description: 'Standards and curriculum tags of the district: ISTE items and district tags (program admins)',
    handler: (req, res, { actor }) => render(res, actor, { notice: typeof req.query.notice === 'string' && Object.hasOwn(STANDARDS_NOTICES, req.query.notice) ? STANDARDS_NOTICES[req.query.notice] : undefined }),
  });

  routes.add(app, {
    method: 'post', path: '/app/standards', policy: admins,
    description: 'Add a district curriculum tag (program admins)',
    handler: async (req, res, { actor }) => {
      const body = bodyOf(req);
      const form = { name: typeof body.name === 'string' ? body.name.slice(0, 200) : undefined, code: typeof body.code === 'string' ? body.code.slice(0, 40) : undefined };
      const input = districtTagInput.safeParse(body);
      if (!input.success) return render(res, actor, { status: 400, error: firstIssue(input.error), form });
      await attempt(res, actor, async () => {
        await addDistrictTag(sequelize, { actor, ...input.data });
        res.redirect(303, back(actor, 'added'));
      }, { form });
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/standards/:tagId', policy: admins,
    description: 'Rename a district tag or change its code (program admins)',
    handler: async (req, res, { actor }) => {
      const id = tagOf(req);
      const input = districtTagInput.safeParse(bodyOf(req));
      if (!input.success) return render(res, actor, { status: 400, error: firstIssue(input.error), errorTag: id });
      await attempt(res, actor, async () => {
        await renameTag(sequelize, { actor, tagId: id, ...input.data });
        res.redirect(303, back(actor, 'renamed'));
      }, { errorTag: id });
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/standards/:tagId/remove', policy: admins,
    description: 'Remove a tag: deleted when unused, retired when goals, sessions or offerings carry it (program admins)',
    handler: async (req, res, { actor }) => {
      const outcome = await removeTag(sequelize, { actor, tagId: tagOf(req) });
      res.redirect(303, back(actor, outcome));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/standards/:tagId/restore', policy: admins,
    description: 'Bring a retired tag back into the lists (program admins)',
    handler: async (req, res, { actor }) => {
      await restoreTag(sequelize, { actor, tagId: tagOf(req) });
      res.redirect(303, back(actor, 'restored'));
    },
  });
}
