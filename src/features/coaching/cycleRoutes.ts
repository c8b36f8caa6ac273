/**
 * The cycle page and everything done from it: one-click stage moves, status changes, the quick
 * session log, goals and check-ins. Each route loads the cycle (or goal) and authorizes the actor
 * in one call before reading the form.
 */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { HttpError, notFound } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { changeCycleStatus } from './commands/cycleStatusChanger';
import { recordCheckin } from './commands/checkinRecorder';
import { createGoal } from './commands/goalCreator';
import { changeGoalStatus } from './commands/goalStatusChanger';
import { logSession } from './commands/sessionLogger';
import { moveStage } from './commands/stageMover';
import { presentCyclePage } from './cyclePresenter';
import { readCycle } from './cycleReader';
import { loadCycleFor } from './cycleRecords';
import { loadGoalFor } from './goalRecords';
import type { CycleAction } from './policies/cyclePolicy';
import type { CoachingRouteDeps } from './routes';
import { checkinInput, cycleStatusInput, firstIssue, goalInput, goalStatusInput, idParam, sessionInput, stageInput } from './schema';

const NOTICES: Record<string, string> = {
  started: 'Cycle started.', stage: 'Stage updated.', status: 'Status updated.', session: 'Session logged.',
  goal: 'Goal added.', checkin: 'Progress recorded.', goalStatus: 'Goal status updated.',
  linked: 'Professional learning linked.', unlinked: 'Link removed.',
};
const cycleId = idParam('cycleId');
const goalId = idParam('goalId');

/** Mounts the cycle routes. */
export function cycleRoutes(app: Express, routes: RouteTable, deps: CoachingRouteDeps): void {
  const { sequelize } = deps;

  async function render(req: Request, res: Response, actor: Actor, id: number, extra: { status?: number; error?: string } = {}) {
    const record = await readCycle(sequelize, actor, id);
    const notice = typeof req.query.notice === 'string' && Object.hasOwn(NOTICES, req.query.notice) ? NOTICES[req.query.notice] : undefined;
    res.status(extra.status ?? 200).render('coaching/cycle', presentCyclePage(actor, record, { notice, error: extra.error, values: extra.error ? (req.body as Record<string, string>) : undefined }));
  }

  const back = (actor: Actor, id: number, notice: string, anchor = '') => `/app/cycles/${id}?${new URLSearchParams({ notice, ltik: actor.ltik })}${anchor}`;
  const backFrom = (req: Request, actor: Actor, id: number, notice: string, anchor: string) =>
    (req.body as Record<string, unknown>)?.return === 'coaching' ? `/app/coaching?${new URLSearchParams({ notice, ltik: actor.ltik })}${anchor}` : back(actor, id, notice, anchor);

  /** The cycle id of the URL after the policy check for `action` (404/403/409 otherwise). */
  async function authorizedCycle(req: Request, actor: Actor, action: CycleAction): Promise<number> {
    const p = cycleId.safeParse(req.params);
    if (!p.success) throw notFound('coaching cycle');
    const id = p.data.cycleId as number;
    await loadCycleFor(sequelize, actor, id, action);
    return id;
  }

  async function authorizedGoal(req: Request, actor: Actor): Promise<{ goalId: number; cycleId: number }> {
    const p = goalId.safeParse(req.params);
    if (!p.success) throw notFound('goal');
    const { goal } = await loadGoalFor(sequelize, actor, p.data.goalId as number, 'updateGoals');
    return { goalId: goal.id, cycleId: goal.cycleId };
  }

  /** Runs a command; a 400 from a business rule re-renders the cycle page with its message. */
  async function attempt(req: Request, res: Response, actor: Actor, id: number, run: () => Promise<void>) {
    try {
      await run();
    } catch (err) {
      if (err instanceof HttpError && err.status === 400) return render(req, res, actor, id, { status: 400, error: err.message });
      throw err;
    }
  }

  routes.add(app, {
    method: 'get', path: '/app/cycles/:cycleId', policy: inSpace('teacher', 'coach'),
    description: 'A coaching cycle: stages, goals with progress, sessions and notes (the teacher and their coach only; coach reads are audited)',
    handler: async (req, res, { actor }) => {
      const p = cycleId.safeParse(req.params);
      if (!p.success) throw notFound('coaching cycle');
      await render(req, res, actor, p.data.cycleId as number);
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/cycles/:cycleId/stage', policy: inSpace('coach'),
    description: 'Move a cycle to another stage (one click, recorded in its history)',
    handler: async (req, res, { actor }) => {
      const id = await authorizedCycle(req, actor, 'moveStage');
      const input = stageInput.safeParse(req.body);
      if (!input.success) return render(req, res, actor, id, { status: 400, error: firstIssue(input.error) });
      await attempt(req, res, actor, id, async () => {
        await moveStage(sequelize, { actor, cycleId: id, stage: input.data.stage });
        res.redirect(303, back(actor, id, 'stage'));
      });
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/cycles/:cycleId/status', policy: inSpace('coach'),
    description: "Change a cycle's status (pause, complete, stop early, reopen)",
    handler: async (req, res, { actor }) => {
      const id = await authorizedCycle(req, actor, 'changeStatus');
      const input = cycleStatusInput.safeParse(req.body);
      if (!input.success) return render(req, res, actor, id, { status: 400, error: firstIssue(input.error) });
      await changeCycleStatus(sequelize, { actor, cycleId: id, status: input.data.status });
      res.redirect(303, back(actor, id, 'status'));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/cycles/:cycleId/sessions', policy: inSpace('coach'),
    description: "Log a coaching session in the cycle (the only source of coaching hours)",
    handler: async (req, res, { actor }) => {
      const id = await authorizedCycle(req, actor, 'logSession');
      const input = sessionInput.safeParse(req.body);
      if (!input.success) return render(req, res, actor, id, { status: 400, error: firstIssue(input.error) });
      await logSession(sequelize, { actor, cycleId: id, ...input.data });
      res.redirect(303, back(actor, id, 'session', '#sessions'));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/cycles/:cycleId/goals', policy: inSpace('teacher', 'coach'),
    description: 'Add a PEERS/SMART goal to a cycle',
    handler: async (req, res, { actor }) => {
      const id = await authorizedCycle(req, actor, 'addGoal');
      const input = goalInput.safeParse(req.body);
      if (!input.success) return render(req, res, actor, id, { status: 400, error: firstIssue(input.error) });
      const goal = await createGoal(sequelize, { actor, cycleId: id, ...input.data });
      res.redirect(303, backFrom(req, actor, id, 'goal', `#goal-${goal}-title`));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/goals/:goalId/checkins', policy: inSpace('teacher', 'coach'),
    description: 'Record progress on a goal (date, value, note, evidence link)',
    handler: async (req, res, { actor }) => {
      const ids = await authorizedGoal(req, actor);
      const input = checkinInput.safeParse(req.body);
      if (!input.success) return render(req, res, actor, ids.cycleId, { status: 400, error: firstIssue(input.error) });
      await recordCheckin(sequelize, { actor, goalId: ids.goalId, ...input.data });
      res.redirect(303, backFrom(req, actor, ids.cycleId, 'checkin', `#goal-${ids.goalId}-title`));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/goals/:goalId/status', policy: inSpace('teacher', 'coach'),
    description: 'Mark a goal met, partly met, not met or in progress',
    handler: async (req, res, { actor }) => {
      const ids = await authorizedGoal(req, actor);
      const input = goalStatusInput.safeParse(req.body);
      if (!input.success) return render(req, res, actor, ids.cycleId, { status: 400, error: firstIssue(input.error) });
      await changeGoalStatus(sequelize, { actor, goalId: ids.goalId, status: input.data.status });
      res.redirect(303, backFrom(req, actor, ids.cycleId, 'goalStatus', `#goal-${ids.goalId}-title`));
    },
  });

}
