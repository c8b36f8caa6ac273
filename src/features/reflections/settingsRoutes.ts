/** The admin's reflection settings: grading mode, whether admins may grade, and stuck grade counts (never reflection text). */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { stuckGradeCounts } from '../grades/gradeStatus';
import { saveReflectionSettings } from './commands/settingsSaver';
import { backTo } from './paths';
import { presentSettings } from './presenter';
import { awaitingCredit } from './reflectionQueries';
import { reflectionSettings } from './reflectionRecords';
import type { ReflectionRouteDeps } from './routes';
import { firstIssue, settingsInput } from './schema';

const NOTICES: Record<string, string> = { saved: 'Reflection settings saved.', completed: 'Reflection completed; its credit is on its way to the LMS gradebook.' };

/** Mounts the settings routes. */
export function settingsRoutes(app: Express, routes: RouteTable, deps: ReflectionRouteDeps): void {
  const { sequelize } = deps;

  async function render(req: Request, res: Response, actor: Actor, extra: { status?: number; error?: string } = {}) {
    const spaceId = actor.space!.id;
    const settings = await reflectionSettings(sequelize, spaceId);
    const stuck = await stuckGradeCounts(sequelize, spaceId);
    const awaiting = settings.adminsMayGrade ? await awaitingCredit(sequelize, spaceId) : [];
    const notice = typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined;
    res.status(extra.status ?? 200).render('reflections/settings', presentSettings(actor, settings, stuck, awaiting, { notice, error: extra.error }));
  }

  routes.add(app, {
    method: 'get', path: '/app/reflections/settings', policy: inSpace('admin'),
    description: 'How reflections are graded in the course, who may grade, and how many grades are stuck on their way to the LMS (counts only)',
    handler: (req, res, { actor }) => render(req, res, actor),
  });

  routes.add(app, {
    method: 'post', path: '/app/reflections/settings', policy: inSpace('admin'),
    description: 'Set reflection grading (completion credit or points) and whether program admins may grade',
    handler: async (req, res, { actor }) => {
      const input = settingsInput.safeParse(req.body);
      if (!input.success) return render(req, res, actor, { status: 400, error: firstIssue(input.error) });
      await saveReflectionSettings(sequelize, { actor, grading: input.data.grading, pointsMax: input.data.pointsMax, adminsMayGrade: input.data.adminsMayGrade === 'yes' });
      res.redirect(303, backTo(actor, '/app/reflections/settings', 'saved'));
    },
  });
}
