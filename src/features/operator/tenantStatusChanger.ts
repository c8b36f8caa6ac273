/**
 * Approves, suspends or re-activates a deployment (tenant) — CLI `deployments` and the operator
 * page. Data is never touched: a suspended tenant keeps everything and launches are refused.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { TenantResolver, TenantStatus } from '../launch/tenantResolver';
import { TENANT_ACTIONS, type TenantAction } from './schema';

/** The tenant does not exist. */
export class TenantNotFound extends Error {
  constructor(readonly tenantId: number) {
    super(`There is no deployment with tenant id ${tenantId}. List them with: npm run deployments -- list`);
  }
}

/** What the change did. */
export interface TenantStatusChange {
  tenantId: number;
  issuer: string;
  clientId: string;
  deploymentId: string;
  before: TenantStatus;
  after: TenantStatus;
}

/** Applies `action` to the tenant; throws TenantNotFound for an unknown id. */
export async function changeTenantStatus(
  deps: { sequelize: Sequelize; tenants: TenantResolver },
  props: {
    /** The tenant's id (as listed by `deployments list` and the operator page). */
    tenantId: number;
    /** approve (pending → active), activate (→ active) or suspend (→ suspended). */
    action: TenantAction;
  },
): Promise<TenantStatusChange> {
  const rows = await deps.sequelize.query<{ id: number; issuer: string; client_id: string; deployment_id: string; status: string }>(
    'SELECT id, issuer, client_id, deployment_id, status FROM tenants WHERE id = ?',
    { replacements: [props.tenantId], type: QueryTypes.SELECT },
  );
  const row = rows[0];
  if (!row) throw new TenantNotFound(props.tenantId);
  const before: TenantStatus = row.status === 'pending' || row.status === 'suspended' ? row.status : 'active';
  const after: TenantStatus = TENANT_ACTIONS[props.action];
  if (before !== after) await deps.tenants.setStatus(Number(row.id), after);
  return { tenantId: Number(row.id), issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id, before, after };
}
