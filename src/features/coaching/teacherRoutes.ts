/**
 * The teacher's own pages ("My coaching": opt in, pause, resume, leave, and their coaching record),
 * the coach's profile, and "Who can see what" for everyone in a course. Each request: policy →
 * validate → command → 303 with a notice, or the same page again (400) with the message and the
 * typed values.
 */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { HttpError } from '../../auth/httpError';
import { anyLaunch, inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { spaceCoaches, spaceSettings, teacherProfile } from './coachingQueries';
import { saveCoachProfile } from './commands/coachProfileSaver';
import { changeParticipation } from './commands/participationChanger';
import { teacherOptIn } from './commands/teacherOptIn';
import { coachProfileNotice, coachProfileValuesFrom, presentCoachProfile, type CoachProfileValues } from './coachProfilePresenter';
import { noticeFor, presentMyCoaching, profileValuesFrom, type ProfileFormValues } from './myCoachingPresenter';
import { myCoaching, recentAccess } from './myCoachingQueries';
import { presentPrivacy } from './privacyPresenter';
import type { CoachingRouteDeps } from './routes';
import { coachProfileInput, firstIssue, participationInput, teacherProfileInput } from './schema';

const teachers = inSpace('teacher');
const coaches = inSpace('coach');

/** The submitted form (an empty object when there is none). */
const bodyOf = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? req.body as Record<string, unknown> : {});

/** 303 to a page of the same launch, with a notice key. */
const redirectWith = (res: Response, actor: Actor, path: string, params: Record<string, string>) =>
  res.redirect(303, `${path}?${new URLSearchParams({ ...params, ltik: actor.ltik })}`);

/** Mounts the teacher's pages, the coach profile and the privacy page. */
export function teacherRoutes(app: Express, routes: RouteTable, deps: CoachingRouteDeps): void {
  const { sequelize } = deps;

  async function renderMyCoaching(res: Response, actor: Actor, opts: { status?: number; notice?: string; error?: string; values?: ProfileFormValues } = {}) {
    const data = await myCoaching(sequelize, actor);
    res.status(opts.status ?? 200).render('coaching/my-coaching', presentMyCoaching(actor, data, opts));
  }

  async function renderCoachProfile(res: Response, actor: Actor, opts: { status?: number; notice?: string; error?: string; values?: CoachProfileValues } = {}) {
    const me = (await spaceCoaches(sequelize, actor.space!.id)).find((c) => c.personId === actor.person.id);
    res.status(opts.status ?? 200).render('coaching/coach-profile', presentCoachProfile(actor, me, opts));
  }

  routes.add(app, {
    method: 'get', path: '/app/coaching', policy: teachers,
    description: "My coaching: opt in, or the teacher's own participation, coach, current cycle, goals, next steps and session history",
    handler: (req, res, { actor }) => renderMyCoaching(res, actor, { notice: noticeFor(req.query.notice, req.query.ended) }),
  });

  routes.add(app, {
    method: 'post', path: '/app/coaching/profile', policy: teachers,
    description: 'Opt in to coaching (voluntary, with consent) or update subjects, grade band and what the teacher wants help with',
    handler: async (req, res, { actor }) => {
      const body = bodyOf(req);
      const input = teacherProfileInput.safeParse(body);
      if (!input.success) return renderMyCoaching(res, actor, { status: 400, error: firstIssue(input.error), values: profileValuesFrom(body) });
      const before = await teacherProfile(sequelize, actor.tenant.id, actor.person.id);
      const { subjects, gradeBand, needAreas, needsNote } = input.data;
      await teacherOptIn(sequelize, { actor, subjects, gradeBand, needAreas, needsNote });
      redirectWith(res, actor, '/app/coaching', { notice: !before ? 'opted_in' : before.status === 'opted_in' ? 'saved' : 'resumed' });
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/coaching/profile/status', policy: teachers,
    description: 'Pause, resume or leave coaching (leaving ends the coach assignments; the record is kept)',
    handler: async (req, res, { actor }) => {
      const input = participationInput.safeParse(bodyOf(req));
      if (!input.success) return renderMyCoaching(res, actor, { status: 400, error: firstIssue(input.error) });
      let ended: number;
      try {
        ({ endedAssignments: ended } = await changeParticipation(sequelize, { actor, status: input.data.status }));
      } catch (err) {
        // e.g. 409 "not opted in yet": the page says so next to the opt-in form.
        if (err instanceof HttpError && err.status < 500) return renderMyCoaching(res, actor, { status: err.status, error: err.message });
        throw err;
      }
      const status = input.data.status;
      redirectWith(res, actor, '/app/coaching', status === 'left' ? { notice: 'left', ended: String(ended) } : { notice: status === 'paused' ? 'paused' : 'resumed' });
    },
  });

  routes.add(app, {
    method: 'get', path: '/app/privacy', policy: anyLaunch,
    description: 'Who can see what: the privacy wall in plain sentences; for a teacher, recent access to their coaching record',
    handler: async (_req, res, { actor }) => {
      if (!actor.space) {
        throw new HttpError(403, 'Open CoachLoop from a course', '"Who can see what" belongs to a coaching course. Open CoachLoop from the course, then choose "Who can see what" in the menu.', 'NEEDS_COURSE');
      }
      const [settings, access] = await Promise.all([
        spaceSettings(sequelize, actor.space.id),
        actor.role === 'teacher' ? recentAccess(sequelize, actor.tenant.id, actor.person.id) : Promise.resolve(undefined),
      ]);
      res.render('coaching/privacy', presentPrivacy(actor, { coachesConfirm: settings.coachesConfirm, access }));
    },
  });

  routes.add(app, {
    method: 'get', path: '/app/coach-profile', policy: coaches,
    description: "The coach's profile: specialties, grade bands, caseload capacity and current caseload",
    handler: (req, res, { actor }) => renderCoachProfile(res, actor, { notice: coachProfileNotice(req.query.notice) }),
  });

  routes.add(app, {
    method: 'post', path: '/app/coach-profile', policy: coaches,
    description: "Save the coach's specialties, grade bands and caseload capacity (used by matching)",
    handler: async (req, res, { actor }) => {
      const body = bodyOf(req);
      const input = coachProfileInput.safeParse(body);
      if (!input.success) return renderCoachProfile(res, actor, { status: 400, error: firstIssue(input.error), values: coachProfileValuesFrom(body) });
      await saveCoachProfile(sequelize, { actor, ...input.data });
      redirectWith(res, actor, '/app/coach-profile', { notice: 'saved' });
    },
  });
}
