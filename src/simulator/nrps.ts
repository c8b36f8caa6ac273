/**
 * Names and Role Provisioning Services 2.0: the context membership container of a course, paged
 * with `Link: rel="next"`, with a full-URI `role` filter (a short name matches nothing, like
 * Canvas) and roles rendered as full URIs (Canvas) or short names (Moodle).
 */
import express, { type Request, type Response, type Router } from 'express';
import { LTI_SCOPES, MEDIA_TYPES, shortRoleName } from './constants';
import { PATHS, type SimContext } from './context';
import { pageOf, queryString, readPaging, sendJsonError } from './http';
import { requireScope } from './token';

/** Router of the NRPS memberships endpoint. */
export function nrpsRouter(ctx: SimContext): Router {
  const router = express.Router();
  router.get(PATHS.memberships, ctx.faults.middleware('nrps'), requireScope(ctx, [LTI_SCOPES.nrps]), (req: Request, res: Response) => {
    const courseId = req.params.courseId ?? '';
    const course = ctx.store.courses.get(courseId);
    if (!course) return sendJsonError(res, 404, 'not_found', `no course ${courseId}`);
    const paging = readPaging(req, res, ctx.settings.nrpsPageSize);
    if (!paging) return;
    const roleFilter = queryString(req, 'role');
    const members = ctx.store.courseEnrollments(courseId)
      .filter((e) => roleFilter === undefined || e.roles.includes(roleFilter))
      .map((e) => {
        const user = ctx.store.users.get(e.sub);
        const member: Record<string, unknown> = {
          status: e.status,
          roles: ctx.settings.shortRoleNames ? e.roles.map(shortRoleName) : [...e.roles],
          user_id: e.sub,
        };
        for (const field of ['name', 'given_name', 'family_name', 'email'] as const) {
          if (user?.[field] !== undefined) member[field] = user[field];
        }
        if (user?.username !== undefined) member.ext_user_username = user.username;
        return member;
      });
    const url = ctx.urls.memberships(courseId);
    const page = pageOf(members, paging, req, res, url);
    res.status(200).type(MEDIA_TYPES.membershipContainer).send(JSON.stringify({
      id: url,
      context: { id: course.id, label: course.label, title: course.title },
      members: page,
    }));
  });
  return router;
}
