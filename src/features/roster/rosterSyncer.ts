/**
 * Roster sync: reads every Names-and-Roles page of a course and brings people and memberships
 * in line — in bulk per page, writing only what changed (a sync with no changes writes nothing),
 * matching people by LMS user id only (never by email), and marking members who left inactive
 * once every page was read (their coaching data stays; they are reactivated if they return).
 */
import { QueryTypes, Sequelize } from 'sequelize';
import { upsertRows, type RowValues } from '../../db/upsert';
import { mapRoles, normaliseRoles, type CoachRole } from '../../auth/roles';
import { fetchMembershipPage, NrpsError, type NrpsFailure, type NrpsMember, type NrpsPage } from '../../lti/namesRoles';
import type { LtiAdapter } from '../../lti/provider';
import { loadRoleOverrides } from '../launch/launchRecorder';

/** Which course to sync and through which platform. */
export interface RosterSyncTarget {
  spaceId: number;
  tenantId: number;
  issuer: string;
  clientId: string;
  nrpsUrl: string;
}

/** What a sync changed. */
export interface RosterSyncResult {
  added: number;
  updated: number;
  reactivated: number;
  deactivated: number;
  unchanged: number;
  members: number;
  pages: number;
}

/** Progress reported after every page (and while waiting to retry one). */
export interface RosterSyncProgress {
  pagesDone: number;
  membersSeen: number;
  /** Set while waiting before retrying a page the LMS refused for now. */
  retrying?: { attempt: number; reason: string; waitMs: number };
}

/** A sync that stopped: `failure` says why; transient ones are worth retrying later. */
export class RosterSyncFailed extends Error {
  constructor(readonly failure: NrpsFailure, message: string, readonly transient: boolean, readonly retryAfterMs?: number) {
    super(message);
  }
}

export interface RosterSyncDeps {
  sequelize: Sequelize;
  lti: LtiAdapter;
  /** Waits between page retries (tests pass a recorder instead of a clock). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Attempts per page before the sync gives up for now (default 4). */
  maxPageAttempts?: number;
  now?: () => Date;
}

/** Longest wait honoured inside a sync; a longer Retry-After ends the attempt and the job retries later. */
const MAX_INLINE_WAIT_MS = 60_000;

interface Existing {
  membershipId: number;
  personId: number;
  ltiRoles: string;
  role: string;
  status: string;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
}

/** Runs one complete sync. */
export async function syncRoster(
  deps: RosterSyncDeps, target: RosterSyncTarget, onProgress: (p: RosterSyncProgress) => Promise<void>, signal?: AbortSignal,
): Promise<RosterSyncResult> {
  const { sequelize } = deps;
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? defaultSleep;
  const existing = await loadExisting(sequelize, target.spaceId);
  const overrides = await loadRoleOverrides(sequelize, target.spaceId);
  const seen = new Set<string>();
  const result: RosterSyncResult = { added: 0, updated: 0, reactivated: 0, deactivated: 0, unchanged: 0, members: 0, pages: 0 };

  const visited = new Set<string>();
  const fetchPage = (url: string): Promise<NrpsPage> => {
    if (visited.has(url)) return Promise.reject(new RosterSyncFailed('malformed', 'The LMS sent roster pages that link back to each other; CoachLoop stopped to avoid an endless loop.', false));
    visited.add(url);
    return fetchWithRetries(deps, target, url, sleep, (p) => onProgress({ pagesDone: result.pages, membersSeen: seen.size, retrying: p }), signal);
  };
  // The next page is fetched while this one is written: the LMS and the database work at once.
  let pending: Promise<NrpsPage> | undefined = fetchPage(target.nrpsUrl);
  while (pending) {
    const page: NrpsPage = await pending;
    pending = page.next ? fetchPage(page.next) : undefined;
    // A write failure must not leave the prefetch's own failure unobserved.
    pending?.catch(() => undefined);
    const fresh = page.members.filter((m) => m.status !== 'Deleted' && !seen.has(m.userId));
    for (const m of fresh) seen.add(m.userId);
    await applyPage(sequelize, target, fresh, existing, overrides, result, now());
    result.pages++;
    await onProgress({ pagesDone: result.pages, membersSeen: seen.size });
  }

  const gone = [...existing.entries()].filter(([sub, e]) => !seen.has(sub) && e.status === 'active').map(([, e]) => e.membershipId);
  for (let i = 0; i < gone.length; i += 500) {
    const ids = gone.slice(i, i + 500);
    await sequelize.query(`UPDATE memberships SET status = 'inactive', updated_at = ? WHERE id IN (${ids.map(() => '?').join(', ')})`, { replacements: [now(), ...ids] });
  }
  result.deactivated = gone.length;
  result.members = seen.size;
  return result;
}

async function fetchWithRetries(
  deps: RosterSyncDeps, target: RosterSyncTarget, url: string, sleep: NonNullable<RosterSyncDeps['sleep']>,
  onRetry: (p: NonNullable<RosterSyncProgress['retrying']>) => Promise<void>, signal?: AbortSignal,
) {
  const attempts = deps.maxPageAttempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchMembershipPage(deps.lti, { issuer: target.issuer, clientId: target.clientId, url: target.nrpsUrl }, url, signal);
    } catch (err) {
      if (!(err instanceof NrpsError)) throw err;
      if (!err.transient) throw new RosterSyncFailed(err.kind, err.message, false);
      const wait = err.retryAfterMs ?? Math.min(30_000, 1000 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      if (attempt >= attempts || wait > MAX_INLINE_WAIT_MS) throw new RosterSyncFailed(err.kind, err.message, true, err.retryAfterMs);
      await onRetry({ attempt, reason: err.message, waitMs: Math.round(wait) });
      await sleep(wait, signal);
    }
  }
}

async function loadExisting(sequelize: Sequelize, spaceId: number): Promise<Map<string, Existing>> {
  const rows = await sequelize.query<{ membership_id: number; person_id: number; lti_roles: string; role: string; status: string; sub: string; name: string | null; given_name: string | null; family_name: string | null; email: string | null }>(
    `SELECT m.id AS membership_id, m.person_id, m.lti_roles, m.role, m.status, p.sub, p.name, p.given_name, p.family_name, p.email
       FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.space_id = ?`,
    { replacements: [spaceId], type: QueryTypes.SELECT },
  );
  return new Map(rows.map((r) => [r.sub, {
    membershipId: Number(r.membership_id), personId: Number(r.person_id), ltiRoles: r.lti_roles, role: r.role, status: r.status,
    name: r.name, givenName: r.given_name, familyName: r.family_name, email: r.email,
  }]));
}

/** Writes one page's changes: people first (bulk), then memberships (bulk). */
async function applyPage(
  sequelize: Sequelize, target: RosterSyncTarget, members: NrpsMember[], existing: Map<string, Existing>,
  overrides: Awaited<ReturnType<typeof loadRoleOverrides>>, result: RosterSyncResult, at: Date,
): Promise<void> {
  if (!members.length) return;
  // People of this tenant who are not (yet) members of this space: found by sub, never by email.
  const unknownSubs = members.filter((m) => !existing.has(m.userId)).map((m) => m.userId);
  // Members of this space come from `existing`; others are looked up for this page only.
  const others = new Map<string, { id: number; name: string | null; givenName: string | null; familyName: string | null; email: string | null }>();
  if (unknownSubs.length) for (const p of await peopleBySub(sequelize, target.tenantId, unknownSubs)) others.set(p.sub, p);
  const personOf = (sub: string) => {
    const e = existing.get(sub);
    return e ? { id: e.personId, name: e.name, givenName: e.givenName, familyName: e.familyName, email: e.email } : others.get(sub);
  };

  const personRows: RowValues[] = [];
  for (const m of members) {
    const known = personOf(m.userId);
    // An LMS that stops sharing names or emails does not erase what CoachLoop already has.
    const want = { name: m.name ?? known?.name ?? null, givenName: m.givenName ?? known?.givenName ?? null, familyName: m.familyName ?? known?.familyName ?? null, email: m.email ?? known?.email ?? null };
    if (!known || known.name !== want.name || known.givenName !== want.givenName || known.familyName !== want.familyName || known.email !== want.email) {
      personRows.push({ tenant_id: target.tenantId, sub: m.userId, name: want.name, given_name: want.givenName, family_name: want.familyName, email: want.email, created_at: at, updated_at: at });
    }
  }
  const changedPeople = new Set(personRows.map((r) => String(r.sub)));
  if (personRows.length) {
    await upsertRows(sequelize, { table: 'people', rows: personRows, conflictKeys: ['tenant_id', 'sub'], updateColumns: ['name', 'given_name', 'family_name', 'email', 'updated_at'] });
    const created = personRows.filter((r) => !personOf(String(r.sub))).map((r) => String(r.sub));
    if (created.length) for (const p of await peopleBySub(sequelize, target.tenantId, created)) others.set(p.sub, p);
  }

  const membershipRows: RowValues[] = [];
  for (const m of members) {
    const person = personOf(m.userId);
    if (!person) continue;
    const roles = normaliseRoles(m.roles);
    const ltiRoles = JSON.stringify(roles);
    const role: CoachRole = mapRoles(roles, overrides, person.id);
    const status = m.status === 'Inactive' ? 'inactive' : 'active';
    const before = existing.get(m.userId);
    if (!before) result.added++;
    else if (before.status !== 'active' && status === 'active') result.reactivated++;
    else if (before.ltiRoles !== ltiRoles || before.role !== role || before.status !== status || changedPeople.has(m.userId)) result.updated++;
    else {
      result.unchanged++;
      continue;
    }
    if (before && before.ltiRoles === ltiRoles && before.role === role && before.status === status) continue;
    membershipRows.push({ space_id: target.spaceId, person_id: person.id, lti_roles: ltiRoles, role, status, created_at: at, updated_at: at });
    existing.set(m.userId, { membershipId: before?.membershipId ?? 0, personId: person.id, ltiRoles, role, status, ...pick(person) });
  }
  if (membershipRows.length) {
    await upsertRows(sequelize, { table: 'memberships', rows: membershipRows, conflictKeys: ['space_id', 'person_id'], updateColumns: ['lti_roles', 'role', 'status', 'updated_at'] });
  }
}

function pick(p: { name: string | null; givenName: string | null; familyName: string | null; email: string | null }) {
  return { name: p.name, givenName: p.givenName, familyName: p.familyName, email: p.email };
}

async function peopleBySub(sequelize: Sequelize, tenantId: number, subs: string[]) {
  const out: Array<{ id: number; sub: string; name: string | null; givenName: string | null; familyName: string | null; email: string | null }> = [];
  for (let i = 0; i < subs.length; i += 500) {
    const chunk = subs.slice(i, i + 500);
    const rows = await sequelize.query<{ id: number; sub: string; name: string | null; given_name: string | null; family_name: string | null; email: string | null }>(
      `SELECT id, sub, name, given_name, family_name, email FROM people WHERE tenant_id = ? AND sub IN (${chunk.map(() => '?').join(', ')})`,
      { replacements: [tenantId, ...chunk], type: QueryTypes.SELECT },
    );
    out.push(...rows.map((r) => ({ id: Number(r.id), sub: r.sub, name: r.name, givenName: r.given_name, familyName: r.family_name, email: r.email })));
  }
  return out;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    }, { once: true });
  });
}
