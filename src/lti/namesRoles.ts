/**
 * Names and Role Provisioning 2.0: one page of a course's memberships at a time, with the
 * service token the platform granted. Failures are classified so the sync can retry what is
 * worth retrying (429, 5xx, time-outs) and explain the rest (scope not granted, bad pages).
 * ltijs's own client fetches one page unless told otherwise and hides statuses; this one
 * follows `Link: rel="next"` page by page so progress can be shown.
 */
import { z } from 'zod';
import { bodyText, isRateLimited, nextLink, retryAfterMs, serviceRequest, ServiceUnreachable, tokenErrorOf, type ServiceResponse, type ServiceTokens } from './serviceHttp';

export { nextLink, retryAfterMs } from './serviceHttp';

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

/** Fetches one page; a 401 is retried once with a fresh token (the cached one may have been revoked). */
export async function fetchMembershipPage(lti: ServiceTokens, source: RosterSource, url: string, signal?: AbortSignal): Promise<NrpsPage> {
  let res: ServiceResponse;
  try {
    res = await serviceRequest(lti, source, [NRPS_SCOPE], { url, accept: MEDIA_TYPE }, { timeoutMs: TIMEOUT_MS, signal });
  } catch (err) {
    if (err instanceof ServiceUnreachable) throw new NrpsError('timeout', err.message);
    throw classifyTokenError(err);
  }
  if (!res.ok) throw statusError(res.status, res.header('retry-after'), await bodyText(res));
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
  return { members, next: nextLink(res.header('link'), url) };
}

function statusError(status: number, retryAfter: string | null, body: string): NrpsError {
  if (isRateLimited(status, body)) return new NrpsError('rate-limited', 'The LMS asked CoachLoop to slow down (rate limit).', status, retryAfterMs(retryAfter));
  if (status === 401) return new NrpsError('unauthorized', 'The LMS did not accept CoachLoop\'s access to the roster.', status);
  if (status === 403) return new NrpsError('forbidden', 'The LMS does not allow CoachLoop to read this course\'s roster.', status);
  if (status === 404) return new NrpsError('not-found', 'The LMS no longer knows this course\'s roster address.', status);
  if (status >= 500) return new NrpsError('server', `The LMS had a problem of its own (HTTP ${status}).`, status, retryAfterMs(retryAfter));
  return new NrpsError('malformed', `The LMS refused the roster request (HTTP ${status}).`, status);
}

function classifyTokenError(err: unknown): NrpsError {
  const failure = tokenErrorOf(err);
  if (failure.kind === 'refused') return new NrpsError('forbidden', 'The LMS did not grant CoachLoop the names-and-roles service (no access token for it).', failure.status);
  if (failure.kind === 'rate-limited') return new NrpsError('rate-limited', failure.message, failure.status);
  if (failure.kind === 'server') return new NrpsError('server', failure.message, failure.status);
  return new NrpsError('timeout', failure.message);
}
