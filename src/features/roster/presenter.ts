/** The roster page's view model: members, filters, and the sync status in plain language. */
import type { Actor } from '../../auth/actor';
import { COACH_ROLES, describeLtiRole, ROLE_LABELS } from '../../auth/roles';
import type { JobRecord } from '../../jobs/jobQueue';
import { navigationFor } from '../home/presenter';
import { PAGE_SIZE, type RosterRow } from './rosterQueries';
import type { RosterFilters } from './schema';

/** Why a sync stopped, for coaches and admins (not for engineers). */
const FAILURES: Record<string, string> = {
  FORBIDDEN: 'Your LMS does not let CoachLoop read this course\'s roster. An LMS administrator must allow the Names and Role Provisioning service for CoachLoop (Canvas: the developer key\'s scopes; Moodle: the tool\'s "IMS LTI Names and Role Provisioning" setting; Schoology: the app\'s Names and Roles option), then press "Sync roster" again.',
  UNAUTHORIZED: 'Your LMS did not accept CoachLoop\'s access to the roster. Press "Sync roster" again; if it keeps failing, the LMS administrator should check the CoachLoop registration.',
  NOT_FOUND: 'Your LMS no longer knows this course\'s roster address (the course may have been reset or copied). Open CoachLoop again from the course, then sync.',
  MALFORMED: 'Your LMS sent a roster page CoachLoop could not read, so the sync stopped. Nothing already in CoachLoop was changed or removed.',
  RATE_LIMITED: 'Your LMS asked CoachLoop to slow down.',
  SERVER: 'Your LMS had a problem of its own while sending the roster.',
  TIMEOUT: 'Your LMS did not answer in time.',
  NRPS_UNAVAILABLE: 'Your LMS does not offer the roster service for this course.',
};

const when = (d: Date | null | undefined) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : 'never');

/** The sync status block: state, a sentence, and progress figures for the live bar. */
export function presentSyncStatus(job: JobRecord | null, nrpsAvailable: boolean, accountLevel = false) {
  if (!nrpsAvailable) {
    return {
      state: 'unavailable',
      text: accountLevel
        ? 'Roster sync works inside a course: open CoachLoop from the course to see and sync its roster.'
        : 'Your LMS did not share its roster service (Names and Role Provisioning) with this launch, so CoachLoop cannot sync the roster. Members appear here as they open CoachLoop. An LMS administrator can grant the service in the CoachLoop registration.',
    };
  }
  if (!job) return { state: 'never', text: 'The roster has not been synced yet. Press "Sync roster" to bring in everyone in the course.' };
  const progress = (job.progress ?? {}) as { pagesDone?: number; membersSeen?: number; retrying?: { attempt: number; reason: string; waitMs: number } };
  const reason = job.errorCode ? FAILURES[job.errorCode] ?? job.errorMessage ?? 'The sync stopped.' : '';
  if (job.status === 'running') {
    return {
      state: 'running', running: true, pagesDone: progress.pagesDone ?? 0, membersSeen: progress.membersSeen ?? 0,
      text: progress.retrying
        ? `Syncing: ${progress.membersSeen ?? 0} members so far. ${progress.retrying.reason} Trying again in ${Math.ceil(progress.retrying.waitMs / 1000)} s (attempt ${progress.retrying.attempt + 1}).`
        : `Syncing: ${progress.pagesDone ?? 0} pages read, ${progress.membersSeen ?? 0} members so far.`,
    };
  }
  if (job.status === 'queued') {
    return {
      state: 'queued', running: true, pagesDone: 0, membersSeen: 0,
      text: job.attempts > 0 ? `Waiting to retry (attempt ${job.attempts + 1}) at ${when(job.runAfter)}: ${reason}` : 'The sync is about to start.',
    };
  }
  if (job.status === 'failed') return { state: 'failed', text: `The last sync (${when(job.finishedAt)}) stopped: ${reason} Members synced before stay as they were.` };
  const r = (job.result ?? {}) as Record<string, number>;
  return {
    state: 'done',
    text: `Synced ${when(job.finishedAt)}: ${r.members ?? 0} members in the LMS course — ${r.added ?? 0} added, ${r.updated ?? 0} updated, ${r.reactivated ?? 0} back again, ${r.deactivated ?? 0} who left marked inactive.`,
  };
}

/** The roster page view model. */
export function presentRoster(actor: Actor, args: { rows: RosterRow[]; total: number; filters: RosterFilters; job: JobRecord | null; nrpsAvailable: boolean; totals: { active: number; inactive: number }; error?: string; notice?: string }) {
  const { filters } = args;
  const pages = Math.max(1, Math.ceil(args.total / PAGE_SIZE));
  const link = (page: number) => `/app/roster?${new URLSearchParams({ role: filters.role, status: filters.status, q: filters.q, page: String(page), ltik: actor.ltik })}`;
  const isAdmin = actor.role === 'admin';
  return {
    title: 'Roster · CoachLoop',
    ltik: actor.ltik,
    nav: navigationFor(actor, '/app/roster'),
    person: { name: actor.person.name, role: actor.role, roleLabel: ROLE_LABELS[actor.role] },
    space: actor.space,
    sync: presentSyncStatus(args.job, args.nrpsAvailable),
    canSync: args.nrpsAvailable,
    canOverride: isAdmin,
    totals: args.totals,
    total: args.total,
    filters,
    error: args.error,
    notice: args.notice,
    roleOptions: [{ value: 'all', label: 'All roles' }, ...COACH_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))].map((o) => ({ ...o, selected: o.value === filters.role })),
    statusOptions: [{ value: 'active', label: 'Active' }, { value: 'inactive', label: 'Left the course' }, { value: 'all', label: 'Everyone' }].map((o) => ({ ...o, selected: o.value === filters.status })),
    overrideOptions: [{ value: 'default', label: 'As the LMS says' }, ...COACH_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))],
    members: args.rows.map((r) => ({
      personId: r.personId,
      name: r.name,
      email: r.email,
      role: r.role,
      roleLabel: ROLE_LABELS[r.role],
      ltiRoles: r.ltiRoles.map(describeLtiRole).join(', ') || 'none sent',
      active: r.status === 'active',
      lastSeen: r.lastLaunchAt ? when(r.lastLaunchAt) : 'not yet',
      overridden: r.overridden,
      overrideChoices: [{ value: 'default', label: 'As the LMS says' }, ...COACH_ROLES.map((x) => ({ value: x, label: ROLE_LABELS[x] }))].map((o) => ({ ...o, selected: r.overridden ? o.value === r.role : o.value === 'default' })),
    })),
    pager: { page: filters.page, pages, prev: filters.page > 1 ? link(filters.page - 1) : null, next: filters.page < pages ? link(filters.page + 1) : null },
  };
}
