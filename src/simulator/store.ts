/**
 * In-memory state of the simulated platform: directory (courses, people, enrollments), registered
 * tools, pending launches, access tokens, resource links, line items, scores and deep-linking
 * requests/responses. Expired entries are pruned lazily (no timers).
 */
import type {
  CourseRecord, EnrollmentRecord, LaunchOptions, LineItem, ReceivedDeepLink, ReceivedScore, ScoreRequestRecord, ToolRegistration, UserRecord,
} from './types';

/** A launch prepared by `prepareLaunch`, waiting for the tool's authentication request. */
export interface PendingLaunch {
  messageHint: string;
  loginHint: string;
  sub: string;
  clientId: string;
  deploymentId: string;
  targetLinkUri: string;
  options: LaunchOptions;
  expiresAt: number;
}

/** An issued OAuth2 access token. */
export interface AccessTokenRecord {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

/** A resource link placed in a course (or at account level when courseId is ''). */
export interface ResourceLinkRecord {
  id: string;
  courseId: string;
  clientId: string;
  title: string;
  description: string;
  url?: string;
  custom?: Record<string, string>;
  lineItemUrl?: string;
}

/** A line item with the bookkeeping the service needs. */
export interface StoredLineItem {
  key: string;
  courseId: string;
  clientId: string;
  item: LineItem;
}

/** A deep-linking request the platform sent, awaiting the tool's response. */
export interface DeepLinkRequestRecord {
  id: string;
  clientId: string;
  deploymentId: string;
  courseId?: string;
  data: string;
  used: boolean;
  expiresAt: number;
}

/** Key of a gradebook cell: line item URL and user id. */
export function scoreCellKey(lineItemUrl: string, userId: string): string {
  return `${lineItemUrl}\u0000${userId}`;
}

/** Key of a resource link: course id and link id. */
export function resourceLinkKey(courseId: string, id: string): string {
  return `${courseId}\u0000${id}`;
}

/** All mutable state of one simulator instance. */
export class SimulatorStore {
  readonly tools = new Map<string, ToolRegistration>();
  readonly courses = new Map<string, CourseRecord>();
  readonly users = new Map<string, UserRecord>();
  /** courseId -> sub -> enrollment, in enrollment order. */
  readonly enrollments = new Map<string, Map<string, EnrollmentRecord>>();
  readonly pendingLaunches = new Map<string, PendingLaunch>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  /** jti of accepted client assertions -> when it may be forgotten (ms). */
  readonly usedAssertionIds = new Map<string, number>();
  readonly resourceLinks = new Map<string, ResourceLinkRecord>();
  readonly lineItems = new Map<string, StoredLineItem>();
  readonly scores: ReceivedScore[] = [];
  /** The latest accepted score per line item URL and user (the gradebook cell), for O(1) timestamp checks. */
  readonly latestScores = new Map<string, ReceivedScore>();
  /** Every score request the score service handled, accepted or not. */
  readonly scoreRequests: ScoreRequestRecord[] = [];
  readonly deepLinkRequests = new Map<string, DeepLinkRequestRecord>();
  readonly deepLinkResponses: ReceivedDeepLink[] = [];
  /** One-time registration tokens not used yet. */
  readonly registrationTokens = new Set<string>();
  /** Registration tokens issued from the admin page: the tool they register waits for activation. */
  readonly activationTokens = new Set<string>();
  private lineItemCounter = 0;
  private resourceLinkCounter = 0;
  private pruneTick = 0;

  /** Next line item number (unique per simulator). */
  nextLineItemKey(): string {
    this.lineItemCounter += 1;
    return String(this.lineItemCounter);
  }

  /** Next resource link id for links created by deep linking. */
  nextResourceLinkId(): string {
    this.resourceLinkCounter += 1;
    return `dl-${this.resourceLinkCounter}`;
  }

  /** Enrollments of a course, in enrollment order. */
  courseEnrollments(courseId: string): EnrollmentRecord[] {
    return [...(this.enrollments.get(courseId)?.values() ?? [])];
  }

  /** One person's enrollment in a course, if any. */
  enrollment(courseId: string, sub: string): EnrollmentRecord | undefined {
    return this.enrollments.get(courseId)?.get(sub);
  }

  /** Drops expired pending launches, access tokens, assertion ids and deep-link requests. */
  prune(now = Date.now()): void {
    for (const [k, v] of this.pendingLaunches) if (v.expiresAt <= now) this.pendingLaunches.delete(k);
    for (const [k, v] of this.accessTokens) if (v.expiresAt <= now) this.accessTokens.delete(k);
    for (const [k, v] of this.usedAssertionIds) if (v <= now) this.usedAssertionIds.delete(k);
    for (const [k, v] of this.deepLinkRequests) if (v.expiresAt <= now) this.deepLinkRequests.delete(k);
  }

  /** Prunes now and then (every 256th call) so hot paths stay cheap. */
  maybePrune(): void {
    this.pruneTick = (this.pruneTick + 1) % 256;
    if (this.pruneTick === 0) this.prune();
  }
}

/** Finds a line item by its URL or by its number (the last path segment of its URL). */
export function findLineItem(store: SimulatorStore, ref: string): StoredLineItem | undefined {
  const byKey = store.lineItems.get(ref);
  if (byKey) return byKey;
  for (const stored of store.lineItems.values()) if (stored.item.id === ref) return stored;
  return undefined;
}
