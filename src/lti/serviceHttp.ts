/**
 * What every LTI Advantage service call shares (Names and Roles, Assignment and Grade Services):
 * a bearer service token for the platform, a 401 retried once with a fresh token (the cached one
 * may have been revoked), a time-out, and reading what the platform said when it refused:
 * Retry-After (seconds or an HTTP date), rate limits (429, or Canvas's 403 "Rate Limit
 * Exceeded"), paging links and the error text of its JSON or plain body.
 */
import type { LtiAdapter } from './provider';
import { serviceTransport, type ServiceResponse } from './serviceTransport';

export { ServiceUnreachable, type ServiceResponse, type UnreachableCause } from './serviceTransport';

/** The platform a service belongs to, as registered (issuer + client id). */
export interface ServicePlatform {
  issuer: string;
  clientId: string;
}

/** Where service tokens come from: the LTI adapter, or a cache in front of it. */
export type ServiceTokens = Pick<LtiAdapter, 'serviceToken' | 'forgetServiceToken'>;

/** How the platform's token endpoint refused: `refused` (400/401/403: the scope is not granted) is for good, the rest pass. */
export type TokenFailureKind = 'refused' | 'rate-limited' | 'server' | 'unreachable';

/** No service token: the platform's token endpoint refused or could not be reached. */
export class ServiceTokenError extends Error {
  constructor(readonly kind: TokenFailureKind, message: string, readonly status?: number) {
    super(message);
    this.name = 'ServiceTokenError';
  }
}

/** A request to a service; the body is sent as given (JSON text). */
export interface ServiceRequest {
  method?: 'GET' | 'POST' | 'PUT';
  url: string;
  /** Accept header. */
  accept: string;
  /** Content-Type of the body, when there is one. */
  contentType?: string;
  body?: string;
}

/** Time-out and cancellation of a service call. */
export interface ServiceCallOptions {
  /** Milliseconds before the call counts as timed out (default 20 s). */
  timeoutMs?: number;
  /** Aborts the call (e.g. the job runner stopping). */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * Sends one request with a service token for `scopes` and resolves with the platform's answer,
 * whatever its status. A 401 is retried once with a fresh token. Rejects with ServiceTokenError
 * when no token could be had, and ServiceUnreachable when no answer came.
 */
export async function serviceRequest(tokens: ServiceTokens, platform: ServicePlatform, scopes: string[], req: ServiceRequest, opts: ServiceCallOptions = {}): Promise<ServiceResponse> {
  for (let attempt = 1; ; attempt++) {
    let token: string;
    try {
      token = (await tokens.serviceToken(platform.issuer, platform.clientId, scopes)).accessToken;
    } catch (err) {
      throw tokenErrorOf(err);
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: req.accept };
    if (req.contentType) headers['content-type'] = req.contentType;
    const res = await serviceTransport.send({
      method: req.method ?? 'GET', url: req.url, headers, body: req.body, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal: opts.signal,
    });
    if (res.status !== 401 || attempt > 1) return res;
    await tokens.forgetServiceToken(platform.issuer, platform.clientId, scopes);
  }
}

/** Reads a response body as text without ever throwing (a dropped connection reads as ''). */
export async function bodyText(res: ServiceResponse): Promise<string> {
  return res.text().catch(() => '');
}

/** The platform's own error sentence from a JSON body (Canvas `errors`, OAuth `error_description`, …) or a short plain body. */
export function platformMessage(body: string): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    const found = messageIn(parsed);
    if (found) return found.slice(0, 300);
  } catch {
    // Not JSON: a plain-text body (Canvas's throttling answer, Moodle's exceptions).
  }
  return /^</.test(text) ? undefined : text.slice(0, 300);
}

function messageIn(value: unknown, depth = 0): string | undefined {
  if (depth > 3 || value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return value.map((v) => messageIn(v, depth + 1)).find(Boolean);
  if (typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ['error_description', 'message', 'errors', 'error', 'reason']) {
    const found = messageIn(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** True for a rate-limit answer: 429, or Canvas's 403 whose body says "Rate Limit Exceeded". */
export function isRateLimited(status: number, body: string): boolean {
  return status === 429 || (status === 403 && /rate limit exceeded/i.test(body));
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
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

/** Classifies a failure to get a service token from ltijs (its errors carry the HTTP response). */
export function tokenErrorOf(err: unknown): ServiceTokenError {
  if (err instanceof ServiceTokenError) return err;
  const status = (err as { response?: { statusCode?: number } } | null)?.response?.statusCode;
  if (status === 400 || status === 401 || status === 403) return new ServiceTokenError('refused', 'The LMS did not grant CoachLoop an access token for this service.', status);
  if (status === 429) return new ServiceTokenError('rate-limited', 'The LMS asked CoachLoop to slow down (rate limit on its token endpoint).', status);
  if (status !== undefined && status >= 500) return new ServiceTokenError('server', `The LMS token endpoint had a problem (HTTP ${status}).`, status);
  return new ServiceTokenError('unreachable', 'CoachLoop could not reach the LMS token endpoint.', status);
}

/**
 * Service tokens kept in memory in front of the adapter (whose cache is a database read per
 * call): a worker sending hundreds of scores asks the database once. Tokens are kept for at
 * most half their lifetime and 5 minutes; a 401 makes serviceRequest forget them in both places.
 */
export class CachedServiceTokens implements ServiceTokens {
  private readonly cache = new Map<string, { token: ReturnType<LtiAdapter['serviceToken']>; until: number }>();

  constructor(private readonly inner: ServiceTokens, private readonly now: () => number = Date.now) {}

  /** A token for the scopes, from memory while fresh; concurrent callers share one request. */
  serviceToken(issuer: string, clientId: string, scopes: string[]): ReturnType<LtiAdapter['serviceToken']> {
    const key = cacheKey(issuer, clientId, scopes);
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.token;
    const token = this.inner.serviceToken(issuer, clientId, scopes);
    const entry = { token, until: Number.POSITIVE_INFINITY };
    this.cache.set(key, entry);
    token.then(
      (value) => {
        entry.until = this.now() + Math.min(Math.max(0, value.expiresIn) * 500, 5 * 60_000);
      },
      () => {
        if (this.cache.get(key) === entry) this.cache.delete(key);
      },
    );
    return token;
  }

  /** Forgets the token here and in the adapter's cache. */
  async forgetServiceToken(issuer: string, clientId: string, scopes: string[]): Promise<void> {
    this.cache.delete(cacheKey(issuer, clientId, scopes));
    await this.inner.forgetServiceToken(issuer, clientId, scopes);
  }
}

function cacheKey(issuer: string, clientId: string, scopes: string[]): string {
  return `${issuer}\n${clientId}\n${scopes.join(' ')}`;
}
