/**
 * Editing a group session: the coach who logged it opens it from the caseload page, changes the
 * attendees or anything else, and saves. Another coach's session, or a cycle session, is "not found".
 */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { HttpError, notFound } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { loadGroupSession, updateGroupSession, type GroupSession } from './commands/groupSessionEditor';
import { today } from './cycleRecords';
import { groupSessionForm } from './groupSessionPresenter';
import { rosterTeachers } from './groupSessionQueries';
import { pageBase } from './pageModel';
import type { CoachingRouteDeps } from './routes';
import { firstIssue, groupSessionInput, idParam } from './schema';
import { listOfferings } from '../learning/offerings';
import { listTags } from '../learning/taxonomy';

const sessionId = idParam('sessionId');

/** Mounts the group-session edit routes. */
export function groupSessionRoutes(app: Express, routes: RouteTable, deps: CoachingRouteDeps): void {
  const { sequelize } = deps;

  async function render(req: Request, res: Response, actor: Actor, saved: GroupSession, extra: { status?: number; error?: string } = {}) {
    const [teachers, catalog, tags] = await Promise.all([rosterTeachers(sequelize, actor.space!.id), listOfferings(sequelize, actor.tenant.id, { includeArchived: true }), listTags(sequelize, actor.tenant.id, { includeRetired: true })]);
    const values = extra.error ? (req.body as Record<string, string | string[]>) : undefined;
    res.status(extra.status ?? 200).render('coaching/group-session', {
      ...pageBase(actor, '/app/caseload', 'Group session'),
      error: extra.error,
      session: { id: saved.id, heldOn: saved.heldOn },
      groupForm: groupSessionForm({ teachers, catalog, tags, today: today() }, { action: `/app/sessions/group/${saved.id}`, submitLabel: 'Save changes', values, saved }),
    });
  }

  async function authorized(req: Request, actor: Actor): Promise<GroupSession> {
    const p = sessionId.safeParse(req.params);
    if (!p.success) throw notFound('group session');
    return loadGroupSession(sequelize, actor, p.data.sessionId as number);
  }

  routes.add(app, {
    method: 'get', path: '/app/sessions/group/:sessionId', policy: inSpace('coach'),
    description: 'A group session the coach logged, to edit: attendees, date, minutes, catalog offering, tags, notes (its coach only)',
    handler: async (req, res, { actor }) => render(req, res, actor, await authorized(req, actor)),
  });

  routes.add(app, {
    method: 'post', path: '/app/sessions/group/:sessionId', policy: inSpace('coach'),
    description: 'Save an edited group session (each attendee’s hours still count it once)',
    handler: async (req, res, { actor }) => {
      const saved = await authorized(req, actor);
      const input = groupSessionInput.safeParse(req.body);
      if (!input.success) return render(req, res, actor, saved, { status: 400, error: firstIssue(input.error) });
      try {
        await updateGroupSession(sequelize, { actor, sessionId: saved.id, ...input.data });
      } catch (err) {
        if (err instanceof HttpError && err.status === 400) return render(req, res, actor, saved, { status: 400, error: err.message });
        throw err;
      }
      res.redirect(303, `/app/caseload?${new URLSearchParams({ notice: 'groupSaved', ltik: actor.ltik })}#group-heading`);
    },
  });
}
