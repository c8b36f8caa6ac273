/**
 * Public types of the LMS platform simulator: options, directory records, launch options and the
 * records the simulator keeps of what tools sent it (scores, deep-link responses).
 */

/** Options of {@link LmsSimulator}. */
export interface SimulatorOptions {
  /** Interface to bind; default '127.0.0.1'. */
  host?: string;
  /** Port to bind; default 0 (ephemeral). */
  port?: number;
  /** Issuer base URL; default `http://${host}:${actualPort}` (no trailing slash). */
  publicUrl?: string;
  /** Members per NRPS page; default 50 (Canvas). */
  nrpsPageSize?: number;
  /** NRPS member roles as short names ('Instructor', 'Learner') like Moodle; default false (full URIs like Canvas). */
  shortRoleNames?: boolean;
  /** `tool_platform.product_family_code`; default 'coachloop-sim'. */
  productFamilyCode?: string;
  /** Platform name shown in pages and in `tool_platform.name`; default 'CoachLoop Demo LMS'. */
  platformName?: string;
  /**
   * How Dynamic Registration behaves, like the real platforms: 'canvas' wants the registration
   * token on the configuration GET too; 'moodle' (default) serves the configuration openly and
   * wants the token on the registration POST; 'd2l' sends no registration token at all.
   */
  registrationShape?: RegistrationShape;
  /**
   * Query string the platform puts on its AGS URLs, as Moodle does (`type_id=3`: its line items
   * are `…/lineitems/7/lineitem?type_id=3`, scores `…/lineitem/scores?type_id=3`). Requests to
   * the AGS endpoints without these parameters are refused (400). Default: none (Canvas).
   */
  agsQuery?: string;
  /**
   * LTI Platform Storage (1EdTech client-side postMessages, as Canvas): the page that frames a
   * tool holds a hidden storage frame named `post_message_forwarding` answering `lti.capabilities`,
   * `lti.put_data` and `lti.get_data`, and `lti_storage_target` is sent with the login initiation
   * and the authentication response. Default false (a platform without it, like older ones).
   */
  platformStorage?: boolean;
  /**
   * Accept the same lti_message_hint again until it expires (5 minutes after the launch was
   * prepared), as Canvas does; default false: single use, as Moodle (its launch id leaves the session).
   */
  reusableMessageHint?: boolean;
}

/** Dynamic Registration behaviour of a real platform family. */
export type RegistrationShape = 'canvas' | 'moodle' | 'd2l';

/** A tool as the platform knows it (what an LMS admin configures, or what Dynamic Registration created). */
export interface ToolRegistration {
  clientId: string;
  deploymentIds: string[];
  /** Tool's OIDC login initiation URL. */
  oidcLoginUrl: string;
  /** Exact-match list of redirect URIs (trailing slash included). */
  redirectUris: string[];
  /** Default launch URL. */
  targetLinkUri: string;
  /** Tool's public JWKS (client assertions and deep-link responses are verified against it). */
  jwksUrl: string;
  /** Scopes the platform grants at its token endpoint (and advertises in launches). */
  scopes: string[];
  name?: string;
  /** Target for LtiDeepLinkingRequest (default targetLinkUri). */
  deepLinkingUrl?: string;
  /**
   * Optional (extension): the identity claims the tool asked for at registration, as Moodle uses
   * them ('name', 'given_name', 'family_name', 'email'). When set, only those personal claims are
   * shared in launches. Omitted = share everything (a manually configured "public" tool).
   */
  claims?: string[];
  /**
   * Registered by Dynamic Registration from the admin page and not activated yet: like Moodle's
   * "Pending" tools, the LMS does not offer it in courses (nor launch it) until an administrator
   * presses Activate. Omitted = active.
   */
  pending?: boolean;
}

/** A course (an LTI context of type CourseOffering). */
export interface CourseRecord {
  id: string;
  title: string;
  label: string;
}

/** A person in the platform directory. */
export interface UserRecord {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  username?: string;
  /** Institution roles as full LIS URIs (e.g. `…/institution/person#Administrator`). */
  institutionRoles?: string[];
}

/** A course membership. */
export interface EnrollmentRecord {
  courseId: string;
  sub: string;
  /** Context roles as full LIS URIs. */
  roles: string[];
  status: 'Active' | 'Inactive';
}

/** Options of {@link LmsSimulator.prepareLaunch}: who launches what, plus knobs to forge bad launches. */
export interface LaunchOptions {
  clientId: string;
  deploymentId: string;
  /** Omitted => anonymous launch: a random opaque `sub`, no personal claims, no roles. */
  userSub?: string;
  /** Omitted => no context claim (account-level placement); then no NRPS and no AGS claims. */
  courseId?: string;
  /** Default 'LtiResourceLinkRequest'. */
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  /** Default 'rl-1'. A link created by deep linking brings its title, url, custom and line item. */
  resourceLinkId?: string;
  /** Default: the resource link's url, else the tool's targetLinkUri (deepLinkingUrl for deep linking). */
  targetLinkUri?: string;
  /** Default: the user's enrollment roles in the course + institution roles (institution roles only without a course). */
  roles?: string[];
  custom?: Record<string, string>;
  /** Line item id (its URL, or the number at its end): adds `lineitem` to the AGS claim. */
  lineItemId?: string;
  /** Merged last over the payload; a key set to `undefined` is removed (null stays null). */
  claims?: Record<string, unknown>;
  /** Claim names removed from the payload (after `claims` is merged). */
  deleteClaims?: string[];
  /** `kid: null` => no kid header; a string => that kid. `alg` => header alg and the matching signature (HS* use the public key PEM as secret, 'none' has no signature). */
  header?: { kid?: string | null; alg?: string };
  /** 'rogue' = signed by a key the JWKS does not publish (header kid still the platform's). */
  signWith?: 'platform' | 'rogue';
  /** Shift iat (and exp) by this many seconds (negative = in the past). */
  iatOffsetSec?: number;
  /** exp = iat + this; default 60 (like Moodle). */
  expInSec?: number;
  /** Force this nonce instead of echoing the one from the authentication request. */
  nonce?: string;
  /** How the login initiation is sent; default 'POST' (form post, like Moodle). */
  loginMethod?: 'GET' | 'POST';
  /**
   * The authorization endpoint requires the person's LMS session (the demo pages' sign-in
   * cookie) to be this launch's user, as a real LMS does; the demo pages set it.
   */
  requirePlatformSession?: boolean;
}

/** What a browser sends to the tool's OIDC login initiation URL. */
export interface PreparedLogin {
  method: 'GET' | 'POST';
  url: string;
  /** iss, login_hint, target_link_uri, lti_message_hint, client_id, lti_deployment_id */
  params: Record<string, string>;
}

/** An AGS line item exactly as the service returns it (`id` is its URL). */
export interface LineItem {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  tag?: string;
  resourceLinkId?: string;
  startDateTime?: string;
  endDateTime?: string;
  gradesReleased?: boolean;
}

/** A score the platform accepted. */
export interface ReceivedScore {
  /** URL of the line item it was posted to. */
  lineItemId: string;
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
  comment?: string;
  clientId: string;
  receivedAt: Date;
  /** The JSON body as received (extensions such as Canvas' submission claim included). */
  raw: Record<string, unknown>;
}

/** A score request that reached the score service (after any injected fault), with the platform's answer. */
export interface ScoreRequestRecord {
  /** URL of the line item it was posted to. */
  lineItemId: string;
  /** As sent (undefined when the body had none). */
  userId?: string;
  timestamp?: string;
  scoreGiven?: number;
  /** The status the platform decided on (an injected `lostReply` fault may keep it from the tool). */
  status: number;
  clientId: string;
  receivedAt: Date;
}

/** A resource link the platform created from a deep-linking content item. */
export interface DeepLinkedResourceLink {
  id: string;
  title?: string;
  url?: string;
  custom?: Record<string, string>;
  /** URL of the line item created from the item's `lineItem`, if any. */
  lineItemId?: string;
}

/** A deep-linking response the platform accepted at its return endpoint. */
export interface ReceivedDeepLink {
  items: Record<string, unknown>[];
  msg?: string;
  log?: string;
  errormsg?: string;
  errorlog?: string;
  receivedAt: Date;
  clientId: string;
  deploymentId: string;
  /** Extension: the course the request came from (absent for account-level requests). */
  courseId?: string;
  /** Extension: the resource links created from `items` (launch them with `resourceLinkId`). */
  resourceLinks: DeepLinkedResourceLink[];
}

/** Service routes faults can be injected into. */
export type FaultRoute = 'token' | 'nrps' | 'lineitems' | 'scores' | 'results' | 'jwks' | 'openidConfiguration' | 'registration';

/** One injected fault: answer with `status` (after `delayMs`), `times` times. */
export interface FaultSpec {
  route: FaultRoute;
  /** 403 answers like Canvas's throttling ("403 Forbidden (Rate Limit Exceeded)", no Retry-After). */
  status?: 403 | 429 | 500 | 502 | 503 | 504;
  retryAfterSec?: number;
  /**
   * Hang this long before answering (simulates a time-out); without `status` the request then
   * proceeds normally. With `lostReply`: the wait after the platform handled the request.
   */
  delayMs?: number;
  /**
   * The platform handles the request (a score is stored), then its answer is lost: the
   * connection drops (no `status`), or a gateway answers `status` instead (e.g. 504) — what a
   * tool sees when a load balancer times out after the LMS committed. The tool cannot tell
   * whether its request took effect.
   */
  lostReply?: boolean;
  /** Default 1 (unlimited with `chance`). */
  times?: number;
  /**
   * Each request gets this fault with this probability (0–1) instead of deterministically, so a
   * few armed faults make a steady mix (e.g. 10% 503s). Draws come from FaultInjector.random.
   */
  chance?: number;
  /** Response body (JSON unless a string); default `{errors:[{message}]}` like Canvas. */
  body?: unknown;
}

/** Ids of the people and course seeded by `createDemoDistrict`. */
export interface DemoDistrict {
  districtName: string;
  courseId: string;
  coach: string;
  teachers: string[];
  principal: string;
  mentor: string;
}
