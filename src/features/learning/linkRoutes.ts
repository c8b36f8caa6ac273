/**
 * Linking professional learning to a cycle or a goal, and unlinking it: the cycle's teacher or
 * assigned coach, from the cycle page or "My coaching". The cycle is loaded and authorized before
 * the form is read (another teacher's cycle is "not found"); a 400 shows the page again with why.
 */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { HttpError, notFound } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { presentCyclePage } from '../coaching/cyclePresenter';
import { readCycle } from '../coaching/cycleReader';
import { loadCycleFor } from '../coaching/cycleRecords';
import { presentMyCoaching } from '../coaching/myCoachingPresenter';
import { myCoaching } from '../coaching/myCoachingQueries';
import { idParam } from '../coaching/schema';
import { linkLearning, unlinkLearning } from './commands/learningLinker';
import type { LearningRouteDeps } from './routes';
import { firstIssue, linkInput } from './schema';

const cycleId = idParam('cycleId');
const linkId = idParam('linkId');
const pairOnly = inSpace('teacher', 'coach');

/** Mounts the link routes. */
export function linkRoutes(app: Express, routes: RouteTable, deps: LearningRouteDeps): void {
  const { sequelize } = deps;
  const wantsCoaching = (req: Request, actor: Actor) => actor.role === 'teacher' && (req.body as Record<string, unknown> | undefined)?.return === 'coaching';

  /** The page the form came from, again, with the message (400) — "My coaching" or the cycle page. */
  async function renderError(req: Request, res: Response, actor: Actor, id: number, message: string) {
    if (wantsCoaching(req, actor)) return res.status(400).render('coaching/my-coaching', presentMyCoaching(actor, await myCoaching(sequelize, actor), { error: message }));
    res.status(400).render('coaching/cycle', presentCyclePage(actor, await readCycle(sequelize, actor, id), { error: message }));
  }

  const back = (req: Request, actor: Actor, id: number, notice: string, anchor: string) => (wantsCoaching(req, actor)
    ? `/app/coaching?${new URLSearchParams({ notice, ltik: actor.ltik })}${anchor}`
    : `/app/cycles/${id}?${new URLSearchParams({ notice, ltik: actor.ltik })}${anchor}`);

  routes.add(app, {
    method: 'post', path: '/app/cycles/:cycleId/pd-links', policy: pairOnly,
    description: 'Link a catalog offering or an LMS page to a cycle or one of its goals, with why it matters (the teacher or their coach)',
    handler: async (req, res, { actor }) => {
      const p = cycleId.safeParse(req.params);
      if (!p.success) throw notFound('coaching cycle');
      const id = p.data.cycleId as number;
      await loadCycleFor(sequelize, actor, id, 'linkLearning');
      const input = linkInput.safeParse(req.body);
      if (!input.success) return renderError(req, res, actor, id, firstIssue(input.error));
      try {
        await linkLearning(sequelize, { actor, cycleId: id, ...input.data });
      } catch (err) {
        if (err instanceof HttpError && err.status === 400) return renderError(req, res, actor, id, err.message);
        throw err;
      }
      res.redirect(303, back(req, actor, id, 'linked', input.data.goalId ? `#goal-${input.data.goalId}-title` : '#learning-heading'));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/pd-links/:linkId/remove', policy: pairOnly,
    description: 'Unlink professional learning from a cycle or goal (the teacher or their coach)',
    handler: async (req, res, { actor }) => {
      const p = linkId.safeParse(req.params);
      if (!p.success) throw notFound('link');
      const id = await unlinkLearning(sequelize, { actor, linkId: p.data.linkId as number });
      res.redirect(303, back(req, actor, id, 'unlinked', '#learning-heading'));
    },
  });
}
