/** The admin's mentor pairings: who mentors which coach; pair and end pairings. */
import type { Express, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { HttpError, notFound } from '../../auth/httpError';
import { rolesOnly } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { firstIssue } from '../coaching/schema';
import { assignMentor } from './commands/mentorAssigner';
import { endMentorAssignment } from './commands/mentorAssignmentEnder';
import { peopleWithRole, visibleAssignments } from './mentoringQueries';
import { noticeFor, presentAssignments } from './presenter';
import { bodyOf, type MentoringRouteDeps } from './routes';
import { idParam, mentorAssignmentInput } from './schema';

const admins = rolesOnly('admin');

/** Mounts GET/POST /app/mentoring/assignments and POST …/:mentorAssignmentId/end. */
export function assignmentRoutes(app: Express, routes: RouteTable, deps: MentoringRouteDeps): void {
  const { sequelize } = deps;

  async function render(res: Response, actor: Actor, opts: { status?: number; notice?: string; error?: string; form?: { mentorId?: number; coachId?: number } } = {}) {
    const [mentors, coaches, assignments] = await Promise.all([peopleWithRole(sequelize, actor, 'mentor'), peopleWithRole(sequelize, actor, 'coach'), visibleAssignments(sequelize, actor)]);
    res.status(opts.status ?? 200).render('mentoring/assignments', presentAssignments(actor, { mentors, coaches, assignments }, opts));
  }
  const back = (actor: Actor, notice: string) => `/app/mentoring/assignments?${new URLSearchParams({ notice, ltik: actor.ltik })}`;

  routes.add(app, {
    method: 'get', path: '/app/mentoring/assignments', policy: admins,
    description: 'Mentor pairings: which mentor supports which coach (program admins)',
    handler: (req, res, { actor }) => render(res, actor, { notice: noticeFor(req.query.notice) }),
  });

  routes.add(app, {
    method: 'post', path: '/app/mentoring/assignments', policy: admins,
    description: 'Pair a mentor with a coach (program admins; audited)',
    handler: async (req, res, { actor }) => {
      const body = bodyOf(req);
      const id = (name: string) => (Number.isSafeInteger(Number(body[name])) && Number(body[name]) > 0 ? Number(body[name]) : undefined);
      const form = { mentorId: id('mentorId'), coachId: id('coachId') };
      const input = mentorAssignmentInput.safeParse(body);
      if (!input.success) return render(res, actor, { status: 400, error: firstIssue(input.error), form });
      try {
        await assignMentor(sequelize, { actor, ...input.data });
      } catch (err) {
        if (err instanceof HttpError && err.status === 400) return render(res, actor, { status: 400, error: err.message, form });
        throw err;
      }
      res.redirect(303, back(actor, 'assigned'));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/mentoring/assignments/:mentorAssignmentId/end', policy: admins,
    description: 'End a mentor pairing (program admins; audited); the mentor no longer sees the coach, notes are kept',
    handler: async (req, res, { actor }) => {
      const param = idParam('mentorAssignmentId').safeParse(req.params);
      if (!param.success) throw notFound('mentor pairing');
      await endMentorAssignment(sequelize, { actor, assignmentId: param.data.mentorAssignmentId as number });
      res.redirect(303, back(actor, 'ended'));
    },
  });
}
