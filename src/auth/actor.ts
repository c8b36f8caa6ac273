/**
 * The actor: who is making this request, in which tenant and space, with which CoachLoop role.
 * Built from the LTI launch behind the request (never from anything the browser can edit).
 */
import { QueryTypes, Sequelize } from 'sequelize';
import type { LtiLaunch } from '../lti/launch';
import type { TenantRef } from '../features/launch/tenantResolver';
import { isCoachRole, mapRoles, type CoachRole } from './roles';

/** The person and place of a request. */
export interface Actor {
  tenant: TenantRef;
  person: { id: number; sub: string; name: string; email?: string };
  /** Absent for account-level launches (no course). */
  space?: { id: number; contextId: string; title: string; label?: string };
  /** CoachLoop role in this space (or, without a space, from institution roles). */
  role: CoachRole;
  /** Raw LTI roles of this launch (normalised URIs). */
  ltiRoles: string[];
  /** The launch session token, for links and forms. */
  ltik: string;
  launch: LtiLaunch;
}

/** What is cached per (tenant, person, context): the ids and role, not the launch. */
export interface ActorRecord {
  personId: number;
  personName: string;
  email?: string;
  spaceId?: number;
  spaceTitle?: string;
  spaceLabel?: string;
  role: CoachRole;
}

const CACHE_MS = 30_000;

/** Caches actor records so ordinary page requests cost no query. */
export class ActorCache {
  private entries = new Map<string, { at: number; record: ActorRecord }>();

  static key(tenantId: number, sub: string, contextId?: string): string {
    return `${tenantId}\u0000${sub}\u0000${contextId ?? ''}`;
  }

  get(key: string): ActorRecord | undefined {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.record;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, record: ActorRecord): void {
    if (this.entries.size > 50_000) this.entries.clear();
    this.entries.set(key, { at: Date.now(), record });
  }

  /** Forgets everything (role overrides changed, tests). */
  clear(): void {
    this.entries.clear();
  }
}

/** Loads the actor record from the database (cache miss), or undefined if the launch was never recorded. */
export async function loadActorRecord(sequelize: Sequelize, tenantId: number, launch: LtiLaunch): Promise<ActorRecord | undefined> {
  const people = await sequelize.query<{ id: number; name: string | null; given_name: string | null; family_name: string | null; email: string | null }>(
    'SELECT id, name, given_name, family_name, email FROM people WHERE tenant_id = ? AND sub = ?',
    { replacements: [tenantId, launch.sub], type: QueryTypes.SELECT },
  );
  const person = people[0];
  if (!person) return undefined;
  const personName = person.name || [person.given_name, person.family_name].filter(Boolean).join(' ') || 'Unnamed person';
  if (!launch.context) {
    return { personId: Number(person.id), personName, email: person.email ?? undefined, role: mapRoles(launch.roles) };
  }
  const rows = await sequelize.query<{ space_id: number; title: string | null; label: string | null; role: string | null; status: string | null }>(
    `SELECT s.id AS space_id, s.title, s.label, m.role, m.status
       FROM spaces s LEFT JOIN memberships m ON m.space_id = s.id AND m.person_id = ?
      WHERE s.tenant_id = ? AND s.context_id = ?`,
    { replacements: [person.id, tenantId, launch.context.id], type: QueryTypes.SELECT },
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    personId: Number(person.id),
    personName,
    email: person.email ?? undefined,
    spaceId: Number(row.space_id),
    spaceTitle: row.title || row.label || `Course ${launch.context.id}`,
    spaceLabel: row.label ?? undefined,
    role: row.status === 'active' && isCoachRole(row.role) ? row.role : 'none',
  };
}

/** Assembles the Actor from its parts. */
export function buildActor(tenant: TenantRef, launch: LtiLaunch, record: ActorRecord): Actor {
  return {
    tenant,
    person: { id: record.personId, sub: launch.sub, name: record.personName, email: record.email },
    space: record.spaceId !== undefined && launch.context
      ? { id: record.spaceId, contextId: launch.context.id, title: record.spaceTitle ?? launch.context.id, label: record.spaceLabel }
      : undefined,
    role: record.role,
    ltiRoles: launch.roles,
    ltik: launch.ltik,
    launch,
  };
}
