/** The reflections lists: the teacher's own, the coach's queue, and setting a task from a cycle. */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { forbidden, HttpError, notFound } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { loadCycleFor } from '../coaching/cycleRecords';
import { deliveryStates } from '../grades/gradeStatus';
import { GRADE_SOURCE } from './catalog';
import { createReflectionTask } from './commands/taskCreator';
import { presentQueue, presentTeacherList } from './presenter';
import { coachOpenCycles, coachQueue, teacherReflections } from './reflectionQueries';
import { backTo } from './paths';
import type { ReflectionRouteDeps } from './routes';
import { firstIssue, idParam, taskInput } from './schema';

const NOTICES: Record<string, string> = { task: 'Reflection task set. The teacher sees it in their reflections.' };
const cycleId = idParam('cycleId');

/** Mounts the list routes. */
export function listRoutes(app: Express, routes: RouteTable, deps: ReflectionRouteDeps): void {
  const { sequelize } = deps;
  const noticeOf = (req: Request) => (typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined);

  async function renderQueue(req: Request, res: Response, actor: Actor, extra: { status?: number; error?: string; cycleId?: number; title?: string; prompts?: string } = {}) {
    const items = await coachQueue(sequelize, actor);
    const deliveries = await deliveryStates(sequelize, GRADE_SOURCE, items.filter((i) => i.status === 'complete').slice(0, 50).map((i) => i.id));
    const cycles = await coachOpenCycles(sequelize, actor);
    res.status(extra.status ?? 200).render('reflections/queue', presentQueue(actor, items, deliveries, cycles, { notice: noticeOf(req), ...extra }));
  }

  routes.add(app, {
    method: 'get', path: '/app/reflections', policy: inSpace('teacher', 'coach', 'admin'),
    description: "The teacher's reflections (coaches go to their queue, admins to the reflection settings)",
    handler: async (req, res, { actor }) => {
      if (actor.role === 'coach') return res.redirect(303, backTo(actor, '/app/reflections/queue'));
      if (actor.role === 'admin') return res.redirect(303, backTo(actor, '/app/reflections/settings'));
      res.render('reflections/list', presentTeacherList(actor, await teacherReflections(sequelize, actor), noticeOf(req)));
    },
  });

  routes.add(app, {
    method: 'get', path: '/app/reflections/queue', policy: inSpace('coach'),
    description: "The coach's reflections: submitted ones waiting for feedback, those with the teacher, completed ones with their grade's delivery state",
    handler: (req, res, { actor }) => renderQueue(req, res, actor),
  });

  routes.add(app, {
    method: 'post', path: '/app/cycles/:cycleId/reflection-tasks', policy: inSpace('coach'),
    description: "Set a reflection task (title and 1–5 questions) for the current stage of a cycle (the cycle's coach)",
    handler: async (req, res, { actor }) => {
      const p = cycleId.safeParse(req.params);
      if (!p.success) throw notFound('coaching cycle');
      const id = p.data.cycleId as number;
      const { audience } = await loadCycleFor(sequelize, actor, id);
      if (audience !== 'coach') throw forbidden('Your coach sets reflection tasks in your cycle.');
      const body = req.body as Record<string, unknown>;
      const typed = { cycleId: id, title: typeof body.title === 'string' ? body.title : '', prompts: typeof body.prompts === 'string' ? body.prompts : '' };
      const input = taskInput.safeParse(body);
      if (!input.success) return renderQueue(req, res, actor, { status: 400, error: firstIssue(input.error), ...typed });
      try {
        await createReflectionTask(sequelize, { actor, cycleId: id, title: input.data.title, prompts: input.data.prompts });
      } catch (err) {
        if (err instanceof HttpError && err.status === 400) return renderQueue(req, res, actor, { status: 400, error: err.message, ...typed });
        throw err;
      }
      res.redirect(303, input.data.return === 'cycle' ? backTo(actor, `/app/cycles/${id}`, undefined, '#reflections') : backTo(actor, '/app/reflections/queue', 'task'));
    },
  });
}
