/** The mentor's page (their coaches' aggregate figures and the notes with each) and writing a note. */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../auth/httpError';
import { rolesOnly } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { today } from '../coaching/cycleRecords';
import { firstIssue } from '../coaching/schema';
import { minGroupSize } from '../program/groupSize';
import { coachFigures } from './coachFigures';
import { writeMentorNote } from './commands/mentorNoteWriter';
import { mentoredCoaches, mentorNotes } from './mentoringQueries';
import { loadMentoredCoach } from './policy';
import { noticeFor, presentCoachForMentor, presentMentoring } from './presenter';
import { bodyOf, periodFromQuery, type MentoringRouteDeps } from './routes';
import { idParam, mentorNoteInput } from './schema';

const mentors = rolesOnly('mentor');

/** Mounts GET /app/mentoring and POST /app/mentoring/coaches/:coachId/notes. */
export function mentorRoutes(app: Express, routes: RouteTable, deps: MentoringRouteDeps): void {
  const { sequelize } = deps;

  async function render(req: Request, res: Response, actor: Actor, opts: { status?: number; notice?: string; error?: string; errorCoach?: number; typed?: { metOn?: string; body?: string } } = {}) {
    const { period, error: periodError } = periodFromQuery(req);
    const [coaches, min] = await Promise.all([mentoredCoaches(sequelize, actor.tenant.id, actor.person.id), minGroupSize(sequelize, actor.tenant.id)]);
    const ids = coaches.map((c) => c.personId);
    const [figures, notes] = await Promise.all([coachFigures(sequelize, ids, period), mentorNotes(sequelize, actor.tenant.id, { mentorId: actor.person.id, coachIds: ids })]);
    const cards = await Promise.all(coaches.map((c, i) => presentCoachForMentor(c, figures[i], notes, min)));
    res.status(periodError ? 400 : opts.status ?? 200).render('mentoring/mentoring', { ...presentMentoring(actor, { coaches: cards, period, min, today: today() }, opts), periodError });
  }

  routes.add(app, {
    method: 'get', path: '/app/mentoring', policy: mentors,
    description: "The mentor's coaches: caseload sizes, hours and cycle progress over groups of at least the minimum size, and the mentor's notes with each coach",
    handler: (req, res, { actor }) => render(req, res, actor, { notice: noticeFor(req.query.notice) }),
  });

  routes.add(app, {
    method: 'post', path: '/app/mentoring/coaches/:coachId/notes', policy: mentors,
    description: 'Keep a note of a check-in with a coach (their mentor; read by the two of them only)',
    handler: async (req, res, { actor }) => {
      const param = idParam('coachId').safeParse(req.params);
      if (!param.success) throw notFound('coach');
      const coachId = await loadMentoredCoach(sequelize, actor, param.data.coachId as number);
      const body = bodyOf(req);
      const input = mentorNoteInput.safeParse(body);
      if (!input.success) {
        const typed = { metOn: typeof body.metOn === 'string' ? body.metOn.slice(0, 10) : undefined, body: typeof body.body === 'string' ? body.body.slice(0, 4000) : undefined };
        return render(req, res, actor, { status: 400, error: firstIssue(input.error), errorCoach: coachId, typed });
      }
      await writeMentorNote(sequelize, { actor, coachId, ...input.data });
      res.redirect(303, `/app/mentoring?${new URLSearchParams({ notice: 'note', ltik: actor.ltik })}#coach-${coachId}`);
    },
  });
}
