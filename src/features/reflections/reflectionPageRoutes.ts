/**
 * One reflection: the teacher writes and submits it, the coach reads it (audited), gives
 * feedback, returns or completes it and retries a grade that did not reach the LMS. Each route
 * validates the id, loads and authorizes the reflection, then reads the form, then runs the command.
 */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { badRequest, HttpError, notFound } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { retryReflectionGrade } from './commands/gradeRetrier';
import { reviewReflection } from './commands/reflectionReviewer';
import { writeReflection } from './commands/reflectionWriter';
import { backTo } from './paths';
import { presentReflectionPage } from './presenter';
import { readReflection } from './reflectionReader';
import { loadReflectionFor } from './reflectionRecords';
import type { ReflectionRouteDeps } from './routes';
import { firstIssue, idParam, reviewInput, writeInput } from './schema';

const NOTICES: Record<string, string> = {
  saved: 'Draft saved.', submitted: 'Submitted. Your coach will read it and reply.', returned: 'Returned to the teacher for revision.',
  completed: 'Reflection completed; its credit is on its way to the LMS gradebook.', retry: 'The grade is queued to be sent again.',
};
const reflectionId = idParam('reflectionId');

type Typed = { answers?: string[]; feedback?: string; points?: string };

/** Mounts the routes of one reflection. */
export function reflectionPageRoutes(app: Express, routes: RouteTable, deps: ReflectionRouteDeps): void {
  const { sequelize } = deps;

  async function render(req: Request, res: Response, actor: Actor, id: number, extra: Typed & { status?: number; error?: string } = {}) {
    const record = await readReflection(sequelize, actor, id);
    const notice = typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined;
    res.status(extra.status ?? 200).render('reflections/reflection', presentReflectionPage(actor, record, { notice, ...extra }));
  }

  const idOf = (req: Request): number => {
    const p = reflectionId.safeParse(req.params);
    if (!p.success) throw notFound('reflection');
    return p.data.reflectionId as number;
  };
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const typedAnswers = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : undefined);

  routes.add(app, {
    method: 'get', path: '/app/reflections/:reflectionId', policy: inSpace('teacher', 'coach'),
    description: "A reflection: the teacher's answers and the coach's feedback (the teacher and their assigned coach only; coach reads are audited)",
    handler: (req, res, { actor }) => render(req, res, actor, idOf(req)),
  });

  routes.add(app, {
    method: 'post', path: '/app/reflections/:reflectionId', policy: inSpace('teacher'),
    description: 'Save a draft of a reflection (also autosave, answered with JSON) or submit it to the coach (the teacher)',
    handler: async (req, res, { actor }) => {
      const id = idOf(req);
      await loadReflectionFor(sequelize, actor, id, 'write');
      const body = req.body as Record<string, unknown>;
      const autosave = body?.action === 'autosave';
      const typed = { answers: typedAnswers(body?.answers) };
      const input = writeInput.safeParse(body);
      if (!input.success) {
        if (autosave) throw badRequest(firstIssue(input.error));
        return render(req, res, actor, id, { status: 400, error: firstIssue(input.error), ...typed });
      }
      const action = input.data.action === 'submit' ? 'submit' : 'save';
      try {
        const result = await writeReflection(sequelize, { actor, reflectionId: id, action, answers: input.data.answers });
        if (autosave) return void res.json({ status: result.status, changed: result.changed, savedAt: new Date().toISOString() });
      } catch (err) {
        if (!autosave && err instanceof HttpError && err.status === 400) return render(req, res, actor, id, { status: 400, error: err.message, ...typed });
        throw err;
      }
      res.redirect(303, backTo(actor, `/app/reflections/${id}`, action === 'submit' ? 'submitted' : 'saved'));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/reflections/:reflectionId/review', policy: inSpace('coach', 'admin'),
    description: "Give feedback and return a submitted reflection for revision, or complete it and send its grade (the teacher's coach; admins only where the course allows, without feedback)",
    handler: async (req, res, { actor }) => {
      const id = idOf(req);
      await loadReflectionFor(sequelize, actor, id, actor.role === 'admin' ? 'grade' : 'review');
      const body = req.body as Record<string, unknown>;
      const typed = { feedback: text(body?.feedback), points: text(body?.points) };
      const fail = (message: string) => {
        if (actor.role === 'admin') throw badRequest(message);
        return render(req, res, actor, id, { status: 400, error: message, ...typed });
      };
      const input = reviewInput.safeParse(body);
      if (!input.success) return fail(firstIssue(input.error));
      try {
        await reviewReflection(sequelize, { actor, reflectionId: id, ...input.data });
      } catch (err) {
        if (err instanceof HttpError && err.status === 400) return fail(err.message);
        throw err;
      }
      const notice = input.data.decision === 'return' ? 'returned' : 'completed';
      res.redirect(303, actor.role === 'admin' ? backTo(actor, '/app/reflections/settings', notice) : backTo(actor, `/app/reflections/${id}`, notice));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/reflections/:reflectionId/retry-grade', policy: inSpace('coach'),
    description: "Send a reflection's grade to the LMS again after its delivery failed (the teacher's coach)",
    handler: async (req, res, { actor }) => {
      const id = idOf(req);
      await retryReflectionGrade(sequelize, { actor, reflectionId: id });
      res.redirect(303, backTo(actor, `/app/reflections/${id}`, 'retry', '#grade'));
    },
  });
}
