/**
 * Manual registration (CLI `platform add` and the operator page): registers or updates a
 * platform through the LTI adapter, active, and makes each given deployment an active tenant.
 * The input is validated (schema.ts) before this runs, so a bad value never stores anything.
 */
import type { Sequelize } from 'sequelize';
import type { PlatformRegistration } from '../../lti/provider';
import type { TenantResolver, TenantStatus } from '../launch/tenantResolver';
import { findPlatform } from './platformDirectory';
import type { PlatformInput } from './schema';

/** What the registrar needs. */
export interface PlatformRegistrarDeps {
  sequelize: Sequelize;
  /** The LTI adapter's registration (ltijs stays behind src/lti). */
  lti: { registerPlatform(reg: PlatformRegistration): Promise<string>; forgetCaches(): void };
  tenants: TenantResolver;
}

/** One deployment named in the registration and what happened to it. */
export interface RegisteredDeployment {
  tenantId: number;
  deploymentId: string;
  status: TenantStatus;
  /** created: new tenant; activated: it was pending or suspended and is now active; unchanged: already active. */
  change: 'created' | 'activated' | 'unchanged';
}

/** The outcome of a registration. */
export interface PlatformRegistrationResult {
  kid: string;
  name: string;
  /** Whether the platform was new (else its settings were updated). */
  created: boolean;
  deployments: RegisteredDeployment[];
}

/** A readable default name: the issuer's host ("canvas.instructure.com"). */
export function defaultPlatformName(issuer: string): string {
  try {
    return new URL(issuer).host || issuer;
  } catch {
    return issuer;
  }
}

/** Registers (or updates) the platform and its deployments; returns what was stored. */
export async function registerPlatformManually(deps: PlatformRegistrarDeps, input: PlatformInput): Promise<PlatformRegistrationResult> {
  // Another instance (or a launch) may have created tenants meanwhile: read them fresh.
  deps.tenants.forget();
  const before = await findPlatform(deps.sequelize, input.issuer, input.clientId);
  const name = input.name ?? before?.name ?? defaultPlatformName(input.issuer);
  const kid = await deps.lti.registerPlatform({
    issuer: input.issuer,
    clientId: input.clientId,
    name,
    authorizationEndpoint: input.authUrl,
    tokenEndpoint: input.tokenUrl,
    jwksUrl: input.jwksUrl,
    acceptNewDeployments: input.acceptNewDeployments,
    method: 'manual',
  });
  const deployments: RegisteredDeployment[] = [];
  for (const deploymentId of input.deploymentIds) {
    const existing = await deps.tenants.find(input.issuer, input.clientId, deploymentId);
    if (existing && existing.status === 'active') {
      deployments.push({ tenantId: existing.id, deploymentId, status: 'active', change: 'unchanged' });
    } else if (existing) {
      // Naming a deployment in a registration is the operator's approval of it.
      await deps.tenants.setStatus(existing.id, 'active');
      deployments.push({ tenantId: existing.id, deploymentId, status: 'active', change: 'activated' });
    } else {
      const tenant = await deps.tenants.create({ platformKid: kid, issuer: input.issuer, clientId: input.clientId, deploymentId, name, status: 'active' });
      deployments.push({ tenantId: tenant.id, deploymentId, status: tenant.status, change: 'created' });
    }
  }
  deps.lti.forgetCaches();
  deps.tenants.forget();
  return { kid, name, created: !before, deployments };
}
