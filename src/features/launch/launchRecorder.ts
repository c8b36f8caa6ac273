/**
 * Records a launch: the person (tenant + sub), the space (context) and the membership with the
 * raw LTI roles and the mapped CoachLoop role. Runs on every launch, so it is lean: three
 * single-statement upserts, and none at all when the same launch data was recorded minutes ago.
 *
 * No transaction on purpose: each upsert is atomic and idempotent, so a failure half-way leaves
 * nothing inconsistent that the next launch does not complete, and on SQLite a transaction costs
 * a connection of its own.
 */
import crypto from 'node:crypto';
import { QueryTypes, Sequelize } from 'sequelize';
import { upsertReturningId } from '../../db/upsert';
import { mapRoles, isCoachRole, type RoleOverride } from '../../auth/roles';
import type { LtiLaunch } from '../../lti/launch';
import type { TenantRef } from './tenantResolver';
import { ActorCache, type ActorRecord } from '../../auth/actor';

/** A launch recorded again within this window with identical data writes nothing. */
const UNCHANGED_WINDOW_MS = 5 * 60_000;
const OVERRIDES_CACHE_MS = 30_000;

/** Records launches and keeps the actor cache warm. */
export class LaunchRecorder {
  private recent = new Map<string, { at: number; fingerprint: string; record: ActorRecord }>();
  private overrides = new Map<number, { at: number; list: RoleOverride[] }>();

  constructor(
    private readonly sequelize: Sequelize,
    private readonly actors: ActorCache,
  ) {}

  /** Upserts person, space and membership for the launch; returns the actor record. */
  async record(tenant: TenantRef, launch: LtiLaunch, now = new Date()): Promise<ActorRecord> {
    const cacheKey = ActorCache.key(tenant.id, launch.sub, launch.context?.id);
    const fingerprint = launchFingerprint(launch);
    const seen = this.recent.get(cacheKey);
    if (seen && seen.fingerprint === fingerprint && now.getTime() - seen.at < UNCHANGED_WINDOW_MS) {
      this.actors.set(cacheKey, seen.record);
      return seen.record;
    }

    const personName = launch.name || [launch.givenName, launch.familyName].filter(Boolean).join(' ') || 'Unnamed person';
    const personId = await upsertReturningId(this.sequelize, {
      table: 'people',
      values: {
        tenant_id: tenant.id, sub: launch.sub, name: launch.name ?? null, given_name: launch.givenName ?? null,
        family_name: launch.familyName ?? null, email: launch.email ?? null, last_launch_at: now, created_at: now, updated_at: now,
      },
      conflictKeys: ['tenant_id', 'sub'],
      updateColumns: ['name', 'given_name', 'family_name', 'email', 'last_launch_at', 'updated_at'],
    });

    let record: ActorRecord;
    if (!launch.context) {
      record = { personId, personName, email: launch.email, role: mapRoles(launch.roles) };
    } else {
      const ctx = launch.context;
      const spaceId = await upsertReturningId(this.sequelize, {
        table: 'spaces',
        values: {
          tenant_id: tenant.id, context_id: ctx.id, title: ctx.title ?? null, label: ctx.label ?? null,
          context_types: JSON.stringify(ctx.types), nrps_url: launch.nrpsUrl ?? null, ags_lineitems_url: launch.ags?.lineitems ?? null,
          last_launch_at: now, created_at: now, updated_at: now,
        },
        conflictKeys: ['tenant_id', 'context_id'],
        updateColumns: ['title', 'label', 'context_types', 'nrps_url', 'ags_lineitems_url', 'last_launch_at', 'updated_at'],
      });
      const role = mapRoles(launch.roles, await this.overridesFor(spaceId), personId);
      await upsertReturningId(this.sequelize, {
        table: 'memberships',
        values: {
          space_id: spaceId, person_id: personId, lti_roles: JSON.stringify(launch.roles), role, status: 'active',
          last_launch_at: now, created_at: now, updated_at: now,
        },
        conflictKeys: ['space_id', 'person_id'],
        updateColumns: ['lti_roles', 'role', 'status', 'last_launch_at', 'updated_at'],
      });
      record = { personId, personName, email: launch.email, spaceId, spaceTitle: ctx.title || ctx.label || `Course ${ctx.id}`, spaceLabel: ctx.label, role };
    }
    if (this.recent.size > 50_000) this.recent.clear();
    this.recent.set(cacheKey, { at: now.getTime(), fingerprint, record });
    this.actors.set(cacheKey, record);
    return record;
  }

  /** The role overrides of a space (cached briefly). */
  async overridesFor(spaceId: number): Promise<RoleOverride[]> {
    const hit = this.overrides.get(spaceId);
    if (hit && Date.now() - hit.at < OVERRIDES_CACHE_MS) return hit.list;
    const list = await loadRoleOverrides(this.sequelize, spaceId);
    this.overrides.set(spaceId, { at: Date.now(), list });
    return list;
  }

  /** Forgets cached launches and overrides (after an admin changes role mapping). */
  forget(): void {
    this.recent.clear();
    this.overrides.clear();
  }
}

/** The role overrides of a space: per LTI role (personId absent) and per person. */
export async function loadRoleOverrides(sequelize: Sequelize, spaceId: number): Promise<RoleOverride[]> {
  const rows = await sequelize.query<{ lti_role: string; coach_role: string; person_id: number }>(
    'SELECT lti_role, coach_role, person_id FROM role_overrides WHERE space_id = ?',
    { replacements: [spaceId], type: QueryTypes.SELECT },
  );
  return rows
    .filter((r) => isCoachRole(r.coach_role))
    .map((r) => ({ ltiRole: r.lti_role, coachRole: r.coach_role as RoleOverride['coachRole'], ...(Number(r.person_id) ? { personId: Number(r.person_id) } : {}) }));
}

/** A hash of everything a launch writes, to skip identical re-launches. */
function launchFingerprint(l: LtiLaunch): string {
  return crypto
    .createHash('sha1')
    .update(JSON.stringify([l.name, l.givenName, l.familyName, l.email, l.roles, l.context, l.nrpsUrl, l.ags?.lineitems]))
    .digest('hex');
}
