/**
 * Names and Role Provisioning 2.0: one page of a course's memberships at a time, with the
 * service token the platform granted. Failures are classified so the sync can retry what is
 * worth retrying (429, 5xx, time-outs) and explain the rest (scope not granted, bad pages).
 * ltijs's own client fetches one page unless told otherwise and hides statuses; this one
 * follows `Link: rel="next"` page by page so progress can be shown.
 */
import { z } from 'zod';
import type { LtiAdapter } from './provider';

export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const MEDIA_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
const TIMEOUT_MS = 20_000;

/** One member as CoachLoop uses it. */
export interface NrpsMember {
  userId: string;
  status: 'Active' | 'Inactive' | 'Deleted';
  /** Roles exactly as sent (full URIs or Moodle's short names). */
  roles: string[];
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
}

/** One page and the URL of the next one, if any. */
export interface NrpsPage {
  members: NrpsMember[];
  next?: string;
}

export type NrpsFailure = 'unauthorized' | 'forbidden' | 'not-found' | 'rate-limited' | 'server' | 'timeout' | 'malformed';

/** A failed page: `kind` says what happened, `retryAfterMs` what the platform asked for. */
export class NrpsError extends Error {
  constructor(readonly kind: NrpsFailure, message: string, readonly status?: number, readonly retryAfterMs?: number) {
    super(message);
  }

  /** Worth retrying later: rate limits, server errors and time-outs. */
  get transient(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server' || this.kind === 'timeout';
  }
}

const text = z.string().optional().catch(undefined);
const memberSchema = z.object({
  user_id: z.union([z.string().min(1), z.number()]).transform(String),
  status: z.enum(['Active', 'Inactive', 'Deleted']).optional().catch('Active'),
  roles: z.array(z.string()).default([]),
  name: text,
  given_name: text,
  family_name: text,
  email: text,
});
const containerSchema = z.object({ members: z.array(z.unknown()) });

/** The platform a roster belongs to. */
export interface RosterSource {
  issuer: string;
  clientId: string;
  url: string;
}

/**
 * Fetches one page. `retriedToken` is internal: a 401 is retried once with a fresh token
 * (the cached one may have been revoked).
 */
export async function fetchMembershipPage(lti: LtiAdapter, source: RosterSource, url: string, signal?: AbortSignal, retriedToken = false): Promise<NrpsPage> {
  let token: string;
  try {
    token = (await lti.serviceToken(source.issuer, source.clientId, [NRPS_SCOPE])).accessToken;
  } catch (err) {
    throw classifyTokenError(err);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: MEDIA_TYPE },
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new NrpsError('timeout', `The LMS did not answer in time (${err instanceof Error ? err.name : 'network error'}).`);
  }
  if (res.status === 401 && !retriedToken) {
    await lti.forgetServiceToken(source.issuer, source.clientId, [NRPS_SCOPE]);
    return fetchMembershipPage(lti, source, url, signal, true);
  }
  if (!res.ok) {
    const body = await res.text().catch(() => '');
    throw statusError(res.status, res.headers.get('retry-after'), body);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new NrpsError('malformed', 'The LMS sent a roster page that is not JSON.');
  }
  const container = containerSchema.safeParse(body);
  if (!container.success) throw new NrpsError('malformed', 'The LMS sent a roster page without a members list.');
  const members: NrpsMember[] = [];
  for (const raw of container.data.members) {
    const m = memberSchema.safeParse(raw);
    if (!m.success) throw new NrpsError('malformed', 'The LMS sent a roster member without a user id.');
    members.push({ userId: m.data.user_id, status: m.data.status ?? 'Active', roles: m.data.roles, name: m.data.name, givenName: m.data.given_name, familyName: m.data.family_name, email: m.data.email });
  }
  return { members, next: nextLink(res.headers.get('link'), url) };
}

/** The rel="next" URL of a Link header, resolved against the page URL. */
export function nextLink(header: string | null, base: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (m && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2])) return new URL(m[1], base).toString();
  }
  return undefined;
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function statusError(status: number, retryAfter: string | null, body: string): NrpsError {
  const rateLimited = status === 429 || (status === 403 && /rate limit exceeded/i.test(body));
  if (rateLimited) return new NrpsError('rate-limited', 'The LMS asked CoachLoop to slow down (rate limit).', status, retryAfterMs(retryAfter));
  if (status === 401) return new NrpsError('unauthorized', 'The LMS did not accept CoachLoop\'s access to the roster.', status);
  if (status === 403) return new NrpsError('forbidden', 'The LMS does not allow CoachLoop to read this course\'s roster.', status);
  if (status === 404) return new NrpsError('not-found', 'The LMS no longer knows this course\'s roster address.', status);
  if (status >= 500) return new NrpsError('server', `The LMS had a problem of its own (HTTP ${status}).`, status, retryAfterMs(retryAfter));
  return new NrpsError('malformed', `The LMS refused the roster request (HTTP ${status}).`, status);
}

function classifyTokenError(err: unknown): NrpsError {
  const status = (err as { response?: { statusCode?: number } })?.response?.statusCode;
  if (status === 400 || status === 401 || status === 403) {
    return new NrpsError('forbidden', 'The LMS did not grant CoachLoop the names-and-roles service (no access token for it).', status);
  }
  if (status === 429) return new NrpsError('rate-limited', 'The LMS asked CoachLoop to slow down (rate limit on its token endpoint).', status);
  if (status !== undefined && status >= 500) return new NrpsError('server', `The LMS token endpoint had a problem (HTTP ${status}).`, status);
  return new NrpsError('timeout', 'CoachLoop could not reach the LMS token endpoint.');
}
