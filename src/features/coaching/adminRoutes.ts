/**
 * The admin's coaching pages: assignments (teachers waiting for a coach with ranked suggestions,
 * current assignments, participation counts) and coaching settings (whether coaches may take on
 * teachers themselves, custom cycle models). Admins see participation and assignments only.
 * POST /app/assignments also serves a coach taking a teacher on, when the course allows it.
 */
import type { Express, Request, Response } from 'express';
import { UniqueConstraintError } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { badRequest, forbidden, HttpError, notFound } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { activeAssignments, assignmentsPerCoach, participationCounts } from './adminQueries';
import { noticeFor, presentAssignments, presentSettings, type AssignmentForm, type ModelForm } from './assignmentsPresenter';
import { cycleModels, spaceCoaches, spaceSettings, spaceTeacherProfiles } from './coachingQueries';
import { confirmAssignment } from './commands/assignmentConfirmer';
import { endAssignment } from './commands/assignmentEnder';
import { archiveCycleModel, createCycleModel } from './commands/cycleModelSaver';
import { saveSpaceSettings } from './commands/spaceSettingsSaver';
import type { CoachingRouteDeps } from './routes';
import { assignmentInput, coachingSettingsInput, cycleModelInput, firstIssue, idParam } from './schema';

const admins = inSpace('admin');
const adminsAndCoaches = inSpace('admin', 'coach');

/** Where a form goes back to, with a fixed notice and the session token. */
const back = (path: string, actor: Actor, notice: string) => `${path}?${new URLSearchParams({ notice, ltik: actor.ltik })}`;

/** A form field as typed (strings only, bounded), to show it again after an error. */
const typed = (body: Record<string, unknown>, name: string, max = 4000): string | undefined => (typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : undefined);
const typedId = (body: Record<string, unknown>, name: string): number | undefined => {
  const n = Number(typed(body, name, 12));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
};
const bodyOf = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

/** Two admins assigning the same teacher at the same moment: the second is told, not shown a 500. */
const ASSIGNED_MEANWHILE = new HttpError(409, 'Already has a coach', 'Someone assigned a coach to this teacher a moment ago. The page below shows the assignment as it stands now.', 'ASSIGNED_MEANWHILE');

/** Mounts the admin's assignments and settings routes. */
export function adminRoutes(app: Express, routes: RouteTable, deps: CoachingRouteDeps): void {
  const { sequelize } = deps;

  async function renderAssignments(res: Response, actor: Actor, extra: { status?: number; error?: string; notice?: string; form?: AssignmentForm } = {}) {
    const space = actor.space!;
    const [teachers, coaches, assignments, counts, perCoach] = await Promise.all([
      spaceTeacherProfiles(sequelize, actor.tenant.id, space.id), spaceCoaches(sequelize, space.id), activeAssignments(sequelize, actor.tenant.id, space.id),
      participationCounts(sequelize, actor.tenant.id, space.id), assignmentsPerCoach(sequelize, space.id),
    ]);
    res.status(extra.status ?? 200).render('coaching/assignments', presentAssignments(actor, { teachers, coaches, assignments, counts, perCoach, ...extra }));
  }

  async function renderSettings(res: Response, actor: Actor, extra: { status?: number; error?: string; errorField?: 'settings' | 'model'; notice?: string; form?: ModelForm } = {}) {
    const spaceId = actor.space!.id;
    const [settings, models] = await Promise.all([spaceSettings(sequelize, spaceId), cycleModels(sequelize, spaceId, { includeArchived: true })]);
    res.status(extra.status ?? 200).render('coaching/settings', presentSettings(actor, { coachesConfirm: settings.coachesConfirm, models, ...extra }));
  }

  routes.add(app, {
    method: 'get', path: '/app/assignments', policy: admins,
    description: 'Coach assignments: teachers waiting with ranked coach suggestions, current assignments, participation counts (admins; no coaching content)',
    handler: (req, res, { actor }) => renderAssignments(res, actor, { notice: noticeFor(req.query.notice) }),
  });

  routes.add(app, {
    method: 'post', path: '/app/assignments', policy: adminsAndCoaches,
    description: 'Confirm a coach for a teacher (admins; a coach for themself when the course allows it)',
    handler: async (req, res, { actor }) => {
      const isAdmin = actor.role === 'admin';
      if (!isAdmin && !(await spaceSettings(sequelize, actor.space!.id)).coachesConfirm) {
        throw forbidden('In this course an admin confirms coach assignments. Ask your program admin to assign you.');
      }
      const body = bodyOf(req);
      const form = { teacherId: typedId(body, 'teacherId'), coachId: typedId(body, 'coachId') };
      const input = assignmentInput.safeParse(body);
      if (!input.success) {
        if (!isAdmin) throw badRequest(firstIssue(input.error));
        return renderAssignments(res, actor, { status: 400, error: firstIssue(input.error), form });
      }
      try {
        await confirmAssignment(sequelize, { actor, ...input.data });
      } catch (err) {
        const known = err instanceof UniqueConstraintError ? ASSIGNED_MEANWHILE : err;
        // The admin stays on the page with the reason; a coach gets the problem page (their caseload page is not this one).
        if (isAdmin && known instanceof HttpError && known.status !== 403) return renderAssignments(res, actor, { status: known.status, error: known.message, form });
        throw known;
      }
      res.redirect(303, back(isAdmin ? '/app/assignments' : '/app/caseload', actor, 'assigned'));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/assignments/:assignmentId/end', policy: admins,
    description: 'End a coach assignment (admins); the coach loses access to the teacher at once, the record is kept',
    handler: async (req, res, { actor }) => {
      const id = idParam('assignmentId').safeParse(req.params);
      if (!id.success) throw notFound('assignment');
      await endAssignment(sequelize, { actor, assignmentId: id.data.assignmentId as number });
      res.redirect(303, back('/app/assignments', actor, 'ended'));
    },
  });

  routes.add(app, {
    method: 'get', path: '/app/coaching-settings', policy: admins,
    description: 'Coaching settings of the course: who confirms assignments, cycle models (admins)',
    handler: (req, res, { actor }) => renderSettings(res, actor, { notice: noticeFor(req.query.notice) }),
  });

  routes.add(app, {
    method: 'post', path: '/app/coaching-settings', policy: admins,
    description: 'Save whether coaches may take on teachers themselves (admins)',
    handler: async (req, res, { actor }) => {
      const input = coachingSettingsInput.safeParse(bodyOf(req));
      if (!input.success) return renderSettings(res, actor, { status: 400, error: firstIssue(input.error), errorField: 'settings' });
      await saveSpaceSettings(sequelize, { actor, coachesConfirm: input.data.coachesConfirm === 'yes' });
      res.redirect(303, back('/app/coaching-settings', actor, 'settings'));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/cycle-models', policy: admins,
    description: 'Add a custom cycle model: a name and its stages (admins)',
    handler: async (req, res, { actor }) => {
      const body = bodyOf(req);
      const form = { name: typed(body, 'name', 200), stages: typed(body, 'stages') };
      const input = cycleModelInput.safeParse(body);
      if (!input.success) return renderSettings(res, actor, { status: 400, error: firstIssue(input.error), errorField: 'model', form });
      try {
        await createCycleModel(sequelize, { actor, name: input.data.name, stages: input.data.stages });
      } catch (err) {
        if (err instanceof HttpError && err.status === 400) return renderSettings(res, actor, { status: 400, error: err.message, errorField: 'model', form });
        throw err;
      }
      res.redirect(303, back('/app/coaching-settings', actor, 'model'));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/cycle-models/:modelId/archive', policy: admins,
    description: 'Archive a custom cycle model so new cycles cannot pick it (admins); cycles using it keep their stages',
    handler: async (req, res, { actor }) => {
      const id = idParam('modelId').safeParse(req.params);
      if (!id.success) throw notFound('cycle model');
      await archiveCycleModel(sequelize, actor, id.data.modelId as number);
      res.redirect(303, back('/app/coaching-settings', actor, 'archived'));
    },
  });
}
