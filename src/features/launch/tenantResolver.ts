/**
 * Finds the tenant of a launch (issuer + client id + deployment id), creating it when the
 * platform was registered to accept new deployments. Tenants are cached briefly: they are
 * read on every request and change only when an admin registers or suspends a deployment.
 */
import { QueryTypes, Sequelize } from 'sequelize';
import { keyHash } from '../../lti/ltijsDatabase';
import { Tenant } from '../../db/models';

const CACHE_MS = 30_000;

/** The tenant fields requests need. */
export interface TenantRef {
  id: number;
  name: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  status: TenantStatus;
}

/** active: launches work; pending: a new deployment awaiting operator approval; suspended: paused by an operator. */
export type TenantStatus = 'active' | 'pending' | 'suspended';

/** Why a launch has no usable tenant. */
export class UnknownDeploymentError extends Error {
  constructor(readonly issuer: string, readonly deploymentId: string) {
    super(`Deployment ${deploymentId} of ${issuer} is not registered with CoachLoop`);
  }
}

/** The tenant key: SHA-256 of issuer, client id and deployment id. */
export function tenantKey(issuer: string, clientId: string, deploymentId: string): string {
  return keyHash(issuer, clientId, deploymentId);
}

/** Resolves and caches tenants. */
export class TenantResolver {
  private cache = new Map<string, { at: number; tenant: TenantRef | null }>();

  constructor(private readonly sequelize: Sequelize) {}

  /** The tenant, or null when this deployment is unknown. */
  async find(issuer: string, clientId: string, deploymentId: string): Promise<TenantRef | null> {
    const key = tenantKey(issuer, clientId, deploymentId);
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.tenant;
    const rows = await this.sequelize.query<{ id: number; name: string; issuer: string; client_id: string; deployment_id: string; status: string }>(
      'SELECT id, name, issuer, client_id, deployment_id, status FROM tenants WHERE tenant_key = ?',
      { replacements: [key], type: QueryTypes.SELECT },
    );
    const tenant = rows[0]
      ? { id: Number(rows[0].id), name: rows[0].name, issuer: rows[0].issuer, clientId: rows[0].client_id, deploymentId: rows[0].deployment_id, status: asStatus(rows[0].status) }
      : null;
    this.cache.set(key, { at: Date.now(), tenant });
    return tenant;
  }

  /**
   * The tenant for a launch: found, or created — active when the platform accepts new
   * deployments, pending (awaiting operator approval) otherwise. Throws UnknownDeploymentError
   * only when the platform itself is gone.
   */
  async forLaunch(launch: { issuer: string; clientId: string; deploymentId: string; platformKid: string; platformName?: string }): Promise<TenantRef> {
    const found = await this.find(launch.issuer, launch.clientId, launch.deploymentId);
    if (found) return found;
    const platform = await this.sequelize.query<{ accept_new_deployments: number | boolean; name: string }>(
      'SELECT accept_new_deployments, name FROM lti_platforms WHERE kid = ?',
      { replacements: [launch.platformKid], type: QueryTypes.SELECT },
    );
    if (!platform[0]) throw new UnknownDeploymentError(launch.issuer, launch.deploymentId);
    await this.create({
      platformKid: launch.platformKid, issuer: launch.issuer, clientId: launch.clientId, deploymentId: launch.deploymentId,
      name: launch.platformName || platform[0].name, status: Number(platform[0].accept_new_deployments) ? 'active' : 'pending',
    });
    const created = await this.find(launch.issuer, launch.clientId, launch.deploymentId);
    if (!created) throw new UnknownDeploymentError(launch.issuer, launch.deploymentId);
    return created;
  }

  /** Registers a deployment as a tenant (idempotent). */
  async create(t: { platformKid: string; issuer: string; clientId: string; deploymentId: string; name: string; status?: TenantStatus }): Promise<TenantRef> {
    const key = tenantKey(t.issuer, t.clientId, t.deploymentId);
    await Tenant.findOrCreate({
      where: { tenantKey: key },
      defaults: { tenantKey: key, platformKid: t.platformKid, issuer: t.issuer, clientId: t.clientId, deploymentId: t.deploymentId, name: t.name, status: t.status ?? 'active' },
    });
    this.cache.delete(key);
    const tenant = await this.find(t.issuer, t.clientId, t.deploymentId);
    if (!tenant) throw new Error('Tenant was not created');
    return tenant;
  }

  /** Approves, suspends or re-activates a tenant. */
  async setStatus(tenantId: number, status: TenantStatus): Promise<void> {
    await Tenant.update({ status }, { where: { id: tenantId } });
    this.cache.clear();
  }

  /** Forgets cached tenants (after an admin change). */
  forget(): void {
    this.cache.clear();
  }
}

function asStatus(value: string): TenantStatus {
  return value === 'suspended' || value === 'pending' ? value : 'active';
}
