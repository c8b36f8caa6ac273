/** The coach's caseload, starting a cycle and logging a group session. */
import type { Express, Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { HttpError } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import type { RouteTable } from '../../auth/routes';
import { caseload, unassignedTeacherIds } from './caseloadQueries';
import { presentCaseload } from './caseloadPresenter';
import { cycleModels, spaceCoaches, spaceSettings, spaceTeacherProfiles } from './coachingQueries';
import { startCycle } from './commands/cycleStarter';
import { logSession } from './commands/sessionLogger';
import { today } from './cycleRecords';
import { recentGroupSessions, rosterTeachers } from './groupSessionQueries';
import { listOfferings } from '../learning/offerings';
import { listTags } from '../learning/taxonomy';
import { scoreCoach } from './matching';
import type { CoachingRouteDeps } from './routes';
import { cycleInput, firstIssue, groupSessionInput } from './schema';

const coaches = inSpace('coach');
const NOTICES: Record<string, string> = {
  group: 'Group session logged. It counts once in each attendee’s coaching hours.',
  groupSaved: 'Group session saved. Each attendee’s coaching hours count it once.',
  assigned: 'The teacher is now in your caseload. Start a cycle with them when you are ready.',
};

/** Mounts the caseload routes. */
export function caseloadRoutes(app: Express, routes: RouteTable, deps: CoachingRouteDeps): void {
  const { sequelize } = deps;

  async function render(req: Request, res: Response, actor: Actor, extra: { status?: number; error?: string } = {}) {
    const spaceId = actor.space!.id;
    const day = today();
    const [entries, team, models, settings, teachers, catalog, tags, recentGroups] = await Promise.all([
      caseload(sequelize, actor.tenant.id, spaceId, actor.person.id, day), spaceCoaches(sequelize, spaceId),
      cycleModels(sequelize, spaceId), spaceSettings(sequelize, spaceId),
      rosterTeachers(sequelize, spaceId), listOfferings(sequelize, actor.tenant.id), listTags(sequelize, actor.tenant.id), recentGroupSessions(sequelize, spaceId, actor.person.id),
    ]);
    const me = team.find((c) => c.personId === actor.person.id);
    let waiting;
    if (settings.coachesConfirm && me) {
      const ids = new Set(await unassignedTeacherIds(sequelize, actor.tenant.id, spaceId));
      const profiles = (await spaceTeacherProfiles(sequelize, actor.tenant.id, spaceId)).filter((p) => ids.has(p.personId));
      waiting = profiles.map((teacher) => ({ teacher, match: scoreCoach(teacher, me) })).sort((a, b) => b.match.score - a.match.score || a.teacher.name.localeCompare(b.teacher.name));
    }
    const notice = typeof req.query.notice === 'string' && Object.hasOwn(NOTICES, req.query.notice) ? NOTICES[req.query.notice] : undefined;
    const values = extra.error ? (req.body as Record<string, string | string[]>) : undefined;
    res.status(extra.status ?? 200).render('coaching/caseload', presentCaseload(actor, { entries, me, models, waiting, today: day, group: { teachers, catalog, tags, today: day }, recentGroups }, { notice, error: extra.error, values }));
  }

  /** Runs a command; a person-facing 4xx re-renders the caseload with the message instead of an error page. */
  async function attempt(req: Request, res: Response, actor: Actor, run: () => Promise<void>) {
    try {
      await run();
    } catch (err) {
      if (err instanceof HttpError && err.status === 400) return render(req, res, actor, { status: 400, error: err.message });
      throw err;
    }
  }

  routes.add(app, {
    method: 'get', path: '/app/caseload', policy: coaches,
    description: "The coach's caseload: each teacher's cycle and stage, last contact, goals at risk",
    handler: (req, res, { actor }) => render(req, res, actor),
  });

  routes.add(app, {
    method: 'post', path: '/app/cycles', policy: coaches,
    description: 'Start a coaching cycle with an assigned teacher',
    handler: async (req, res, { actor }) => {
      const input = cycleInput.safeParse(req.body);
      if (!input.success) return render(req, res, actor, { status: 400, error: firstIssue(input.error) });
      await attempt(req, res, actor, async () => {
        const id = await startCycle(sequelize, { actor, ...input.data });
        res.redirect(303, `/app/cycles/${id}?${new URLSearchParams({ notice: 'started', ltik: actor.ltik })}`);
      });
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/sessions/group', policy: coaches,
    description: 'Log a group session (e.g. group PD) once, with several teachers attending',
    handler: async (req, res, { actor }) => {
      const input = groupSessionInput.safeParse(req.body);
      if (!input.success) return render(req, res, actor, { status: 400, error: firstIssue(input.error) });
      await attempt(req, res, actor, async () => {
        await logSession(sequelize, { actor, ...input.data });
        res.redirect(303, `/app/caseload?${new URLSearchParams({ notice: 'group', ltik: actor.ltik })}`);
      });
    },
  });
}
