/**
 * Assignment and Grade Services 2.0 for the grade outbox: find or create a course's line item
 * (gradebook column), post a score, read a result back. Every failure is an AgsError that says
 * whether to retry later (rate limits, 5xx, time-outs: honouring Retry-After), to give up with a
 * plain-language reason (the person is not a student, the column was deleted, …), or that the
 * platform already holds a score at least as new (a re-send of a score it took).
 */
import { z } from 'zod';
import {
  bodyText, isRateLimited, nextLink, platformMessage, retryAfterMs, serviceRequest, ServiceTokenError, ServiceUnreachable,
  type ServiceCallOptions, type ServicePlatform, type ServiceResponse, type ServiceTokens,
} from './serviceHttp';

/** The AGS scopes CoachLoop uses. */
export const AGS_SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
} as const;

const MEDIA = {
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
} as const;

/** Canvas's score extension; `new_submission: false` keeps re-grades from using up submission attempts. */
const CANVAS_SUBMISSION = 'https://canvas.instructure.com/lti/submission';
const MAX_PAGES = 20;

/**
 * What went wrong, for programs: `retry` kinds pass (rate-limited, server, unreachable,
 * token-unavailable), `stale` means the platform holds a newer (or this very) score, the rest are
 * permanent until someone changes something in the LMS.
 */
export type AgsFailureKind =
  | 'rate-limited' | 'server' | 'unreachable' | 'token-unavailable'
  | 'stale'
  | 'not-student' | 'course-closed' | 'attempts-used' | 'line-item-gone' | 'not-allowed' | 'unauthorized' | 'refused' | 'malformed';

const TRANSIENT: ReadonlySet<AgsFailureKind> = new Set(['rate-limited', 'server', 'unreachable', 'token-unavailable']);

/** A refused or failed AGS call, with a sentence a coach or admin can act on. */
export class AgsError extends Error {
  constructor(
    readonly kind: AgsFailureKind,
    message: string,
    readonly opts: {
      status?: number;
      /** What Retry-After asked for. */
      retryAfterMs?: number;
      /** The request may have reached the platform although no answer came back. */
      uncertain?: boolean;
      /** The platform's own words, for support. */
      detail?: string;
    } = {},
  ) {
    super(message);
    this.name = 'AgsError';
  }

  /** Worth retrying later without anyone changing anything. */
  get transient(): boolean {
    return TRANSIENT.has(this.kind);
  }

  /** A short code for the outbox's last_error_code, e.g. NOT_STUDENT. */
  get code(): string {
    return this.kind.toUpperCase().replace(/-/g, '_');
  }
}

/** A line item as CoachLoop asks for it. */
export interface LineItemSpec {
  label: string;
  scoreMaximum: number;
  /** CoachLoop's key for what is graded (e.g. "reflection-task:12"): sent as resourceId and used to find the item again. */
  resourceId: string;
  /** The placed link the column belongs to: without it the LMS shows a separate column. */
  resourceLinkId?: string;
  tag?: string;
}

/** One score, as AGS 2.0 defines it. */
export interface AgsScore {
  /** The LMS user id (the launch's `sub`). */
  userId: string;
  scoreGiven?: number;
  scoreMaximum: number;
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
  /** When the grade was given, epoch milliseconds; the platform keeps the newest per user and line item. */
  timestampMs: number;
  comment?: string;
}

/** What a result read found. */
export interface AgsResult {
  resultScore?: number;
  resultMaximum?: number;
  comment?: string;
}

/** Where an AGS call goes and how. */
export interface AgsCall extends ServiceCallOptions {
  tokens: ServiceTokens;
  platform: ServicePlatform;
}

const lineItemSchema = z.object({
  id: z.string().url(),
  label: z.string().optional().catch(undefined),
  scoreMaximum: z.number().optional().catch(undefined),
  resourceId: z.string().optional().catch(undefined),
  resourceLinkId: z.string().optional().catch(undefined),
  tag: z.string().optional().catch(undefined),
});
type FoundLineItem = z.infer<typeof lineItemSchema>;

/** A URL with query parameters set, keeping those it had (Moodle's `?type_id=`). */
export function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [name, value] of Object.entries(params)) u.searchParams.set(name, value);
  return u.toString();
}

/** A line item's sub-resource (`/scores`, `/results`): the path grows, the query string stays. */
export function lineItemSubUrl(lineItemUrl: string, sub: 'scores' | 'results'): string {
  const u = new URL(lineItemUrl);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${sub}`;
  return u.toString();
}

/** An AGS score timestamp: ISO 8601 with milliseconds and a zone. */
export function scoreTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The line item for `spec` in the course's container: one whose resourceId is ours, else the
 * one the LMS made for the placed link (Deep Linking), else a new one tied to the link — so
 * repeated calls never add a second gradebook column.
 */
export async function findOrCreateLineItem(call: AgsCall, lineItemsUrl: string, spec: LineItemSpec): Promise<{ url: string; created: boolean }> {
  const filter: Record<string, string> = spec.resourceLinkId ? { resource_link_id: spec.resourceLinkId } : { resource_id: spec.resourceId };
  const items = await listLineItems(call, withQuery(lineItemsUrl, filter));
  const found = items.find((i) => i.resourceId === spec.resourceId)
    ?? (spec.resourceLinkId ? items.find((i) => i.resourceLinkId === spec.resourceLinkId && !i.resourceId) : undefined);
  if (found) return { url: found.id, created: false };
  const body = JSON.stringify({
    label: spec.label, scoreMaximum: spec.scoreMaximum, resourceId: spec.resourceId,
    ...(spec.resourceLinkId ? { resourceLinkId: spec.resourceLinkId } : {}), ...(spec.tag ? { tag: spec.tag } : {}),
  });
  const res = await request(call, [AGS_SCOPE.lineItem], { method: 'POST', url: lineItemsUrl, accept: MEDIA.lineItem, contentType: MEDIA.lineItem, body });
  if (!res.ok) throw failureOf(res.status, res.header('retry-after'), await bodyText(res), 'line-items');
  const created = lineItemSchema.safeParse(await res.json().catch(() => null));
  if (!created.success) throw new AgsError('malformed', 'The LMS created the gradebook column but did not say where it is (no line item id).');
  return { url: created.data.id, created: true };
}

async function listLineItems(call: AgsCall, url: string): Promise<FoundLineItem[]> {
  const items: FoundLineItem[] = [];
  let next: string | undefined = url;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const res = await request(call, [AGS_SCOPE.lineItem], { url: next, accept: MEDIA.lineItemContainer });
    if (!res.ok) throw failureOf(res.status, res.header('retry-after'), await bodyText(res), 'line-items');
    const body: unknown = await res.json().catch(() => null);
    if (!Array.isArray(body)) throw new AgsError('malformed', 'The LMS answered the list of gradebook columns with something that is not a list.');
    for (const raw of body) {
      const item = lineItemSchema.safeParse(raw);
      if (item.success) items.push(item.data);
    }
    next = nextLink(res.header('link'), next);
  }
  return items;
}

/** Posts one score to the line item. Resolves when the platform took it; rejects with AgsError. */
export async function postScore(call: AgsCall, lineItemUrl: string, score: AgsScore): Promise<void> {
  const body = JSON.stringify({
    userId: score.userId,
    ...(score.scoreGiven !== undefined ? { scoreGiven: score.scoreGiven } : {}),
    // Always with scoreGiven, or ltijs-style clients need an extra scope some platforms refuse.
    scoreMaximum: score.scoreMaximum,
    activityProgress: score.activityProgress,
    gradingProgress: score.gradingProgress,
    timestamp: scoreTimestamp(score.timestampMs),
    ...(score.comment ? { comment: score.comment } : {}),
    [CANVAS_SUBMISSION]: { new_submission: false },
  });
  const res = await request(call, [AGS_SCOPE.score], { method: 'POST', url: lineItemSubUrl(lineItemUrl, 'scores'), accept: 'application/json', contentType: MEDIA.score, body });
  if (res.ok) return;
  throw failureOf(res.status, res.header('retry-after'), await bodyText(res), 'scores');
}

/** The platform's current result for one user on a line item, or null if it has none. */
export async function readResult(call: AgsCall, lineItemUrl: string, userId: string): Promise<AgsResult | null> {
  const url = withQuery(lineItemSubUrl(lineItemUrl, 'results'), { user_id: userId });
  const res = await request(call, [AGS_SCOPE.resultReadonly], { url, accept: MEDIA.resultContainer });
  if (!res.ok) throw failureOf(res.status, res.header('retry-after'), await bodyText(res), 'results');
  const body: unknown = await res.json().catch(() => null);
  if (!Array.isArray(body)) throw new AgsError('malformed', 'The LMS answered a result read with something that is not a list.');
  const mine = body.find((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && (r as { userId?: unknown }).userId === userId);
  if (!mine) return null;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return { resultScore: num(mine.resultScore), resultMaximum: num(mine.resultMaximum), comment: typeof mine.comment === 'string' ? mine.comment : undefined };
}

async function request(call: AgsCall, scopes: string[], req: Parameters<typeof serviceRequest>[3]): Promise<ServiceResponse> {
  try {
    return await serviceRequest(call.tokens, call.platform, scopes, req, call);
  } catch (err) {
    // A POST that got no answer may still have been taken by the LMS.
    if (err instanceof ServiceUnreachable) throw new AgsError('unreachable', err.message, { uncertain: req.method === 'POST' });
    if (!(err instanceof ServiceTokenError)) throw err;
    if (err.kind === 'refused') {
      throw new AgsError('not-allowed', 'The LMS did not grant CoachLoop the grade service (no access token for it). Ask the LMS administrator to allow grades for CoachLoop, then retry.', { status: err.status });
    }
    throw new AgsError('token-unavailable', `${err.message} CoachLoop tries again later.`, { status: err.status });
  }
}

/** Sentences for permanent refusals; each says what to do next. */
const REASONS = {
  notStudent: 'The LMS does not list this person as a student in the course, so it cannot take a grade. Check their enrolment in the LMS, then retry.',
  courseClosed: 'The course has ended in the LMS, so it takes no more grades. Reopen the course in the LMS, then retry.',
  attemptsUsed: 'The LMS says this person has used all their submission attempts for this assignment. Allow another attempt in the LMS, then retry.',
  lineItemGone: 'The LMS no longer has this gradebook column (it may have been deleted). Retry to create the column again.',
  notAllowed: 'The LMS does not allow CoachLoop to send grades in this course. Ask the LMS administrator to allow grades for CoachLoop, then retry.',
  unauthorized: "The LMS did not accept CoachLoop's access to this course's gradebook (the tool may have been removed from the course or its key turned off). Ask the LMS administrator to check CoachLoop's installation, then retry.",
  stale: 'The LMS already holds a newer grade for this person on this column, so it kept that one.',
} as const;

/** Classifies a non-2xx answer; `what` names the endpoint for the sentences. */
export function failureOf(status: number, retryAfter: string | null, body: string, what: 'line-items' | 'scores' | 'results', now = Date.now()): AgsError {
  const detail = platformMessage(body);
  const opts = { status, detail };
  if (isRateLimited(status, body)) return new AgsError('rate-limited', 'The LMS asked CoachLoop to slow down (rate limit); CoachLoop tries again later.', { ...opts, retryAfterMs: retryAfterMs(retryAfter, now) });
  if (status >= 500) {
    // A gateway's 502/504 may come after the LMS itself took the request.
    const uncertain = status === 502 || status === 504;
    return new AgsError('server', `The LMS had a problem of its own (HTTP ${status}); CoachLoop tries again later.`, { ...opts, retryAfterMs: retryAfterMs(retryAfter, now), uncertain });
  }
  const said = (detail ?? '').toLowerCase();
  // Canvas: 400 "…before last updated timestamp…"; Moodle and others: 409 "…earlier timestamp…".
  if (what === 'scores' && (status === 409 || (status === 400 && /timestamp/.test(said) && /(before|earlier|older|not later)/.test(said)))) {
    return new AgsError('stale', REASONS.stale, opts);
  }
  if (status === 422 && /(not a student|user not found|must be enrolled)/.test(said)) return new AgsError('not-student', REASONS.notStudent, opts);
  if (status === 422 && /concluded/.test(said)) return new AgsError('course-closed', REASONS.courseClosed, opts);
  if (status === 422 && /attempts/.test(said)) return new AgsError('attempts-used', REASONS.attemptsUsed, opts);
  if (status === 404 || (status === 412 && /permission/.test(said))) {
    if (what === 'line-items') return new AgsError('line-item-gone', "The LMS no longer knows this course's gradebook address (the course or CoachLoop's placement may have been removed). Open CoachLoop from the course again, then retry.", opts);
    return new AgsError('line-item-gone', REASONS.lineItemGone, opts);
  }
  if (status === 401) return new AgsError('unauthorized', REASONS.unauthorized, opts);
  if (status === 403) return new AgsError('not-allowed', REASONS.notAllowed, opts);
  const quoted = detail ? ` It said: "${detail}".` : '';
  if (status === 415) return new AgsError('refused', `The LMS refused the grade's format (HTTP 415).${quoted} Tell your CoachLoop support.`, opts);
  return new AgsError('refused', `The LMS refused the grade (HTTP ${status}).${quoted} Check the assignment in the LMS, then retry.`, opts);
}
