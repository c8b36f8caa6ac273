/**
 * "Open CoachLoop in a new window": the last resort when the browser keeps neither a cookie nor
 * Platform Storage for CoachLoop inside the LMS frame. The button of the fallback page points
 * here (target=_blank); this starts the same launch again at top level, with the login
 * parameters the LMS sent (kept a few minutes per state), where cookies are first-party.
 */
import type { Express } from 'express';
import { z } from 'zod';
import { publicRoute } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { LTI_PATHS, type LtiAdapter } from '../../lti/provider';

const newWindowQuery = z.object({
  state: z.string({ error: 'The link is missing its launch reference.' }).regex(/^[A-Za-z0-9%._~-]{1,256}$/, 'The link has a malformed launch reference.'),
});

/** Mounts GET /lti/new-window (before ltijs, which would refuse a request without a launch). */
export function newWindowRoutes(app: Express, routes: RouteTable, lti: LtiAdapter): void {
  routes.add(app, {
    method: 'get',
    path: LTI_PATHS.newWindow,
    policy: publicRoute,
    description: 'Starts a launch again in a new window (the LMS frame blocked cookies and storage)',
    handler: async (req, res) => {
      const query = newWindowQuery.safeParse(req.query);
      const again = 'Go back to your course in the LMS and open CoachLoop again.';
      if (!query.success) {
        res.status(400).render('errors/problem', { title: 'This link is not complete', heading: 'This link is not complete', message: `${query.error.issues[0].message} ${again}`, code: 'BAD_NEW_WINDOW_LINK' });
        return;
      }
      const loginUrl = await lti.newWindowLoginUrl(query.data.state);
      if (!loginUrl) {
        res.status(410).render('errors/problem', { title: 'This link has expired', heading: 'This link has expired', message: `The link to open CoachLoop in a new window works for a few minutes only. ${again}`, code: 'NEW_WINDOW_LINK_EXPIRED' });
        return;
      }
      res.set('Cache-Control', 'no-store').redirect(303, loginUrl);
    },
  });
}
