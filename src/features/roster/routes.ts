/** The roster: members synced from the LMS, the "Sync roster" button and its live progress. */
import type { Express, Request, Response } from 'express';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../auth/httpError';
import { inSpace } from '../../auth/policy';
import { ANY_LTI_ROLE, mapRoles } from '../../auth/roles';
import type { RouteTable } from '../../auth/routes';
import type { JobQueue } from '../../jobs/jobQueue';
import { recordAudit } from '../coaching/audit';
import { loadRoleOverrides } from '../launch/launchRecorder';
import { presentRoster, presentSyncStatus } from './presenter';
import { requestRosterSync, rosterJobKey, ROSTER_SYNC_KIND } from './rosterJob';
import { rosterPage, rosterTotals } from './rosterQueries';
import { personIdParam, roleOverrideInput, rosterFilters } from './schema';

export interface RosterRouteDeps {
  sequelize: Sequelize;
  jobs: JobQueue;
  /** Called after a role override so cached launches and actors pick it up. */
  forgetRoles(): void;
}

const managers = inSpace('coach', 'admin');
const adminsHere = inSpace('admin');

async function hasRosterService(sequelize: Sequelize, spaceId: number): Promise<boolean> {
  const rows = await sequelize.query<{ nrps_url: string | null }>('SELECT nrps_url FROM spaces WHERE id = ?', { replacements: [spaceId], type: QueryTypes.SELECT });
  return Boolean(rows[0]?.nrps_url);
}

const back = (actor: Actor, extra: Record<string, string> = {}) => `/app/roster?${new URLSearchParams({ ...extra, ltik: actor.ltik })}`;

/** Mounts the roster routes. */
export function rosterRoutes(app: Express, routes: RouteTable, deps: RosterRouteDeps): void {
  const { sequelize, jobs } = deps;

  async function render(req: Request, res: Response, actor: Actor, extra: { error?: string; status?: number } = {}) {
    const spaceId = actor.space!.id;
    const parsed = rosterFilters.safeParse(req.query);
    const filters = parsed.success ? parsed.data : rosterFilters.parse({});
    const [page, totals, job, nrpsAvailable] = await Promise.all([
      rosterPage(sequelize, spaceId, filters), rosterTotals(sequelize, spaceId),
      jobs.latest(ROSTER_SYNC_KIND, rosterJobKey(spaceId)), hasRosterService(sequelize, spaceId),
    ]);
    const notice = typeof req.query.notice === 'string' ? ({ sync: 'Roster sync started.', role: 'Role updated.' } as Record<string, string>)[req.query.notice] : undefined;
    res.status(parsed.success ? extra.status ?? 200 : 400).render('roster/roster', presentRoster(actor, {
      ...page, filters, job, nrpsAvailable, totals, notice, error: parsed.success ? extra.error : parsed.error.issues[0].message,
    }));
  }

  routes.add(app, {
    method: 'get', path: '/app/roster', policy: managers,
    description: 'Roster of the course: members, mapped roles, status, last seen; filter and search',
    handler: (req, res, { actor }) => render(req, res, actor),
  });

  routes.add(app, {
    method: 'post', path: '/app/roster/sync', policy: managers,
    description: 'Start a roster sync from the LMS (Names and Role Provisioning)',
    handler: async (req, res, { actor }) => {
      if (!(await hasRosterService(sequelize, actor.space!.id))) {
        return render(req, res, actor, { status: 400, error: 'This course has no roster service from the LMS, so there is nothing to sync.' });
      }
      await requestRosterSync(jobs, actor.space!.id, 'person', actor.person.id);
      res.redirect(303, back(actor, { notice: 'sync' }));
    },
  });

  routes.add(app, {
    method: 'get', path: '/app/roster/sync/status', policy: managers,
    description: 'Live progress of the roster sync (JSON for the progress bar)',
    handler: async (_req, res, { actor }) => {
      const spaceId = actor.space!.id;
      const [job, nrps] = await Promise.all([jobs.latest(ROSTER_SYNC_KIND, rosterJobKey(spaceId)), hasRosterService(sequelize, spaceId)]);
      res.set('Cache-Control', 'no-store').json(presentSyncStatus(job, nrps));
    },
  });

  routes.add(app, {
    method: 'post', path: '/app/roster/people/:personId/role', policy: adminsHere,
    description: "Override one person's CoachLoop role in this course (admins)",
    handler: async (req, res, { actor }) => {
      const spaceId = actor.space!.id;
      const id = personIdParam.safeParse(req.params);
      if (!id.success) throw notFound('person');
      const input = roleOverrideInput.safeParse(req.body);
      if (!input.success) return render(req, res, actor, { status: 400, error: input.error.issues[0].message });
      const personId = id.data.personId;
      const member = await sequelize.query<{ lti_roles: string }>('SELECT lti_roles FROM memberships WHERE space_id = ? AND person_id = ?', { replacements: [spaceId, personId], type: QueryTypes.SELECT });
      if (!member[0]) throw notFound('person');
      await sequelize.transaction(async (transaction) => {
        await sequelize.query('DELETE FROM role_overrides WHERE space_id = ? AND person_id = ?', { replacements: [spaceId, personId], transaction });
        const now = new Date();
        if (input.data.role !== 'default') {
          await sequelize.query('INSERT INTO role_overrides (space_id, person_id, lti_role, coach_role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', {
            replacements: [spaceId, personId, ANY_LTI_ROLE, input.data.role, now, now], transaction,
          });
        }
        const overrides = await loadRoleOverrides(sequelize, spaceId).catch(() => []);
        const role = input.data.role !== 'default' ? input.data.role : mapRoles(JSON.parse(member[0].lti_roles) as string[], overrides.filter((o) => o.personId !== personId));
        await sequelize.query('UPDATE memberships SET role = ?, updated_at = ? WHERE space_id = ? AND person_id = ?', { replacements: [role, now, spaceId, personId], transaction });
        // Who holds which role decides who may see coaching records: the change is audited with it.
        await recordAudit(sequelize, transaction, { actor, action: 'role.override', subjectType: 'membership', subjectId: personId, ownerPersonId: personId, detail: `role set to ${input.data.role}` }, now);
      });
      deps.forgetRoles();
      res.redirect(303, back(actor, { notice: 'role' }));
    },
  });
}
