/**
 * CoachLoop's own view of an LTI launch. The adapter converts ltijs's records into this
 * shape; nothing outside src/lti/ ever sees an ltijs object or token.
 */
import type { IdToken } from 'ltijs';
import { normaliseRoles } from '../auth/roles';
import { deepLinkingSettingsOf, type DeepLinkingSettings } from './deepLinking';

/** The launch data CoachLoop uses, validated and normalised. */
export interface LtiLaunch {
  /** The signed session token (ltik) later requests must carry. */
  ltik: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  /** ltijs's platform id (our lti_platforms.kid). */
  platformKid: string;
  /** The LMS user id: with the tenant, a person's identity. */
  sub: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  /** Roles as full LIS URIs (short names and LTI 1.1 URNs normalised). */
  roles: string[];
  /** Roles exactly as the platform sent them. */
  rawRoles: string[];
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  /** Absent for account-level placements (e.g. Canvas account navigation). */
  context?: { id: string; title?: string; label?: string; types: string[] };
  resourceLink?: { id: string; title?: string };
  custom: Record<string, string>;
  /** Names and Role Provisioning memberships URL, when the platform granted the service. */
  nrpsUrl?: string;
  /** Assignment and Grade Services endpoint, when granted. */
  ags?: { lineitems?: string; lineitem?: string; scopes: string[] };
  platform: { name?: string; productFamily?: string; version?: string; guid?: string };
  presentation: { returnUrl?: string; documentTarget?: string; locale?: string };
  /** Deep linking settings (deep linking launches only). */
  deepLinking?: DeepLinkingSettings;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
/** Display text cut to what its column holds (characters, not UTF-16 units): a long name is shown shortened, not refused. */
const text = (v: unknown, max = 255): string | undefined => {
  const s = str(v);
  return s === undefined || s.length <= max ? s : Array.from(s).slice(0, max).join('');
};
/** A service URL or an email is useless cut short: longer than its column holds, it is left out. */
const bounded = (v: unknown, max: number): string | undefined => {
  const s = str(v);
  return s !== undefined && s.length <= max ? s : undefined;
};

/** Converts ltijs's session records into an LtiLaunch. */
export function launchFromLtijs(token: IdToken, ltik: string): LtiLaunch {
  const c = token.platformContext;
  const rawRoles = Array.isArray(c.roles) ? c.roles.filter((r): r is string => typeof r === 'string') : [];
  const custom: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.custom ?? {})) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') custom[k] = String(v);
  const contextId = str(c.context?.id);
  const info = token.userInfo ?? {};
  const platform = (token.platformInfo ?? {}) as Record<string, unknown>;
  const presentation = (c.launchPresentation ?? {}) as Record<string, unknown>;
  const endpoint = c.endpoint;
  return {
    ltik,
    issuer: token.iss,
    clientId: token.clientId,
    deploymentId: String(token.deploymentId),
    platformKid: token.platformId,
    sub: String(token.user),
    name: text(info.name),
    givenName: text(info.given_name),
    familyName: text(info.family_name),
    email: bounded(info.email, 320),
    roles: normaliseRoles(rawRoles),
    rawRoles,
    messageType: c.messageType === 'LtiDeepLinkingRequest' ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest',
    context: contextId
      ? { id: contextId, title: text(c.context?.title), label: text(c.context?.label), types: Array.isArray(c.context?.type) ? c.context!.type.map(String) : [] }
      : undefined,
    resourceLink: str(c.resource?.id) ? { id: String(c.resource!.id), title: text(c.resource?.title) } : undefined,
    custom,
    nrpsUrl: bounded(c.namesRoles?.context_memberships_url, 1024),
    ags: endpoint && (endpoint.lineitems || endpoint.lineitem)
      ? { lineitems: bounded(endpoint.lineitems, 1024), lineitem: bounded(endpoint.lineitem, 1024), scopes: Array.isArray(endpoint.scope) ? endpoint.scope.map(String) : [] }
      : undefined,
    platform: { name: text(platform.name), productFamily: str(platform.product_family_code), version: str(platform.version), guid: str(platform.guid) },
    presentation: { returnUrl: str(presentation.return_url), documentTarget: str(presentation.document_target), locale: str(presentation.locale) },
    deepLinking: c.messageType === 'LtiDeepLinkingRequest' ? deepLinkingSettingsOf(c.deepLinkingSettings) : undefined,
  };
}
