/**
 * View models of the operator pages. Allowlisted fields only: platforms, deployments (tenants)
 * and install codes — never people or coaching content.
 */
import type { TenantStatus } from '../launch/tenantResolver';
import type { PlatformListing } from './platformDirectory';
import type { PlatformInput } from './schema';
import { toolSettings, registrationUrl } from './toolSettings';

/** UTC date and time to the minute, or "never". */
export function when(d: Date | null | undefined): string {
  return d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never';
}

const STATUS_LABELS: Record<TenantStatus, string> = { active: 'active', pending: 'waiting for approval', suspended: 'suspended' };
const METHOD_LABELS: Record<string, string> = { manual: 'by hand', dynamic: 'Dynamic Registration', demo: 'demo LMS' };

/** The status-changing buttons a deployment in this status offers. */
function tenantActions(status: TenantStatus): Array<{ action: string; label: string; secondary: boolean }> {
  if (status === 'pending') return [{ action: 'approve', label: 'Approve', secondary: false }, { action: 'suspend', label: 'Suspend', secondary: true }];
  if (status === 'suspended') return [{ action: 'activate', label: 'Activate', secondary: false }];
  return [{ action: 'suspend', label: 'Suspend', secondary: true }];
}

/** The platforms table. */
export function presentPlatforms(platforms: PlatformListing[]) {
  return platforms.map((p) => ({
    kid: p.kid,
    name: p.name || p.issuer,
    issuer: p.issuer,
    clientId: p.clientId,
    active: p.active,
    acceptNewDeployments: p.acceptNewDeployments,
    registeredBy: METHOD_LABELS[p.registrationMethod] ?? p.registrationMethod,
    tenants: p.tenants.map((t) => ({
      id: t.id,
      deploymentId: t.deploymentId,
      status: t.status,
      statusLabel: STATUS_LABELS[t.status],
      lastLaunch: when(t.lastLaunchAt),
      actions: tenantActions(t.status),
    })),
  }));
}

/** The install codes list (the codes themselves are never stored, so never shown again). */
export function presentInstallCodes(
  codes: Array<{ id: number; label: string; expiresAt: Date; usedAt: Date | null; usedByPlatformKid: string | null; createdAt: Date }>,
  platformNames: Map<string, string>,
  now = new Date(),
) {
  return codes.map((c) => ({
    id: c.id,
    label: c.label || '(no label)',
    created: when(c.createdAt),
    expires: when(c.expiresAt),
    state: c.usedAt
      ? `used ${when(c.usedAt)}${c.usedByPlatformKid ? ` by ${platformNames.get(c.usedByPlatformKid) ?? 'a platform since removed'}` : ''}`
      : c.expiresAt <= now ? 'expired, unused' : 'not used yet',
  }));
}

/** The manual registration form, refilled after an error. */
export function presentPlatformForm(values: Partial<Record<keyof PlatformInput, unknown>> = {}, errors: Record<string, string> = {}) {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const ids = Array.isArray(values.deploymentIds) ? values.deploymentIds.join('\n') : text(values.deploymentIds);
  const field = (name: keyof PlatformInput, label: string, hint: string, type = 'url') => ({
    name, label, hint, type, value: text(values[name]), error: errors[name], required: name !== 'name',
  });
  return {
    fields: [
      field('issuer', 'Issuer (platform ID)', 'Exactly as the LMS sends it, usually without a trailing slash. Canvas: https://canvas.instructure.com; Schoology: https://schoology.schoology.com.'),
      field('clientId', 'Client id', 'The client id (application id) the LMS gave CoachLoop.', 'text'),
      field('authUrl', 'Authorization URL', "The LMS's OIDC authorization endpoint (also called authentication request URL)."),
      field('tokenUrl', 'Access token URL', "The LMS's OAuth2 token endpoint, used for Names and Roles and grades."),
      field('jwksUrl', 'Public keyset (JWKS) URL', "The LMS's public keys, used to verify launches."),
      field('name', 'Name', 'A name you will recognise, e.g. "Riverbend Schoology".', 'text'),
    ],
    deploymentIds: { value: ids, error: errors.deploymentIds },
    acceptNewDeployments: values.acceptNewDeployments === true,
    errorCount: Object.keys(errors).length,
    errorList: Object.entries(errors).map(([name, message]) => ({ name, message })),
  };
}

/** What to paste into the LMS, and where the registration URL is. */
export function presentToolSettings(publicUrl: string) {
  return { settings: toolSettings(publicUrl), registrationUrl: registrationUrl(publicUrl) };
}
