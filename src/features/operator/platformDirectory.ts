/**
 * What the operator sees of the installation: registered platforms and their deployments
 * (tenants) with status and last launch. Registration facts only — never people's names or any
 * coaching content (the privacy wall holds for the operator too).
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { TenantStatus } from '../launch/tenantResolver';

/** One deployment of a platform, as the operator sees it. */
export interface TenantListing {
  id: number;
  deploymentId: string;
  name: string;
  status: TenantStatus;
  /** Latest launch into any of its courses or at account level; null if none yet. */
  lastLaunchAt: Date | null;
  /** How many people have launched (a count only: whether removal would orphan data). */
  people: number;
  createdAt: Date;
}

/** One registered platform with its deployments. */
export interface PlatformListing {
  kid: string;
  name: string;
  issuer: string;
  clientId: string;
  active: boolean;
  acceptNewDeployments: boolean;
  /** manual, dynamic or demo. */
  registrationMethod: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  tenants: TenantListing[];
}

interface PlatformRow {
  kid: string;
  name: string;
  platform_url: string;
  client_id: string;
  active: number | boolean | null;
  accept_new_deployments: number | boolean;
  registration_method: string;
  auth_endpoint: string;
  accesstoken_endpoint: string;
  auth_method: string;
  auth_key: string;
}

interface TenantRow {
  id: number;
  platform_kid: string;
  deployment_id: string;
  name: string;
  status: string;
  created_at: string | Date;
  space_launch: string | Date | null;
  person_launch: string | Date | null;
  people: number | string;
}

const asDate = (v: string | Date | null): Date | null => (v === null || v === undefined ? null : new Date(v));
const asStatus = (s: string): TenantStatus => (s === 'pending' || s === 'suspended' ? s : 'active');

/** Lists platforms (by name) with their tenants; `kid` narrows it to one platform. */
export async function listPlatforms(sequelize: Sequelize, opts: { kid?: string } = {}): Promise<PlatformListing[]> {
  const where = opts.kid ? ' WHERE kid = ?' : '';
  const platforms = await sequelize.query<PlatformRow>(
    `SELECT kid, name, platform_url, client_id, active, accept_new_deployments, registration_method, auth_endpoint, accesstoken_endpoint, auth_method, auth_key
       FROM lti_platforms${where} ORDER BY name, platform_url, client_id`,
    { replacements: opts.kid ? [opts.kid] : [], type: QueryTypes.SELECT },
  );
  if (!platforms.length) return [];
  const tenantWhere = opts.kid ? ' WHERE t.platform_kid = ?' : '';
  const tenants = await sequelize.query<TenantRow>(
    `SELECT t.id, t.platform_kid, t.deployment_id, t.name, t.status, t.created_at,
            (SELECT MAX(s.last_launch_at) FROM spaces s WHERE s.tenant_id = t.id) AS space_launch,
            (SELECT MAX(p.last_launch_at) FROM people p WHERE p.tenant_id = t.id) AS person_launch,
            (SELECT COUNT(*) FROM people p WHERE p.tenant_id = t.id) AS people
       FROM tenants t${tenantWhere} ORDER BY t.id`,
    { replacements: opts.kid ? [opts.kid] : [], type: QueryTypes.SELECT },
  );
  const byPlatform = new Map<string, TenantListing[]>();
  for (const t of tenants) {
    const launches = [asDate(t.space_launch), asDate(t.person_launch)].filter((d): d is Date => d !== null);
    const list = byPlatform.get(t.platform_kid) ?? [];
    list.push({
      id: Number(t.id), deploymentId: t.deployment_id, name: t.name, status: asStatus(t.status),
      lastLaunchAt: launches.length ? new Date(Math.max(...launches.map((d) => d.getTime()))) : null,
      people: Number(t.people), createdAt: new Date(t.created_at),
    });
    byPlatform.set(t.platform_kid, list);
  }
  return platforms.map((p) => ({
    kid: p.kid,
    name: p.name,
    issuer: p.platform_url,
    clientId: p.client_id,
    // NULL = never set, which ltijs treats as active.
    active: p.active === null || Boolean(Number(p.active)),
    acceptNewDeployments: Boolean(Number(p.accept_new_deployments)),
    registrationMethod: p.registration_method,
    authUrl: p.auth_endpoint,
    tokenUrl: p.accesstoken_endpoint,
    jwksUrl: p.auth_method === 'JWK_SET' ? p.auth_key : '',
    tenants: byPlatform.get(p.kid) ?? [],
  }));
}

/** The platform registered under this issuer and client id, or undefined. */
export async function findPlatform(sequelize: Sequelize, issuer: string, clientId: string): Promise<PlatformListing | undefined> {
  const rows = await sequelize.query<{ kid: string }>('SELECT kid FROM lti_platforms WHERE platform_url = ? AND client_id = ?', {
    replacements: [issuer, clientId], type: QueryTypes.SELECT,
  });
  if (!rows[0]) return undefined;
  return (await listPlatforms(sequelize, { kid: rows[0].kid }))[0];
}
