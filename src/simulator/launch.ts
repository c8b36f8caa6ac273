/**
 * Launch preparation (what the LMS page hands the browser) and the id_token the authorization
 * endpoint issues for it, with the claims real platforms send (shaped after Moodle 4.3 captures).
 */
import { randomBytes } from 'node:crypto';
import { AGS_SCOPES, COURSE_OFFERING, LAUNCH_HINT_TTL_MS, LTI_CLAIMS, LTI_SCOPES, REUSABLE_HINT_TTL_MS } from './constants';
import type { SimContext } from './context';
import { findLineItem, resourceLinkKey, type PendingLaunch, type ResourceLinkRecord, type SimulatorStore } from './store';
import type { LaunchOptions, PreparedLogin, ToolRegistration, UserRecord } from './types';

const DEEP_LINK_REQUEST_TTL_MS = 60 * 60 * 1000;

/** Returns the resource link `id` in a course ('' = account level), creating it on first launch. */
export function ensureResourceLink(store: SimulatorStore, courseId: string, id: string, tool: ToolRegistration): ResourceLinkRecord {
  const key = resourceLinkKey(courseId, id);
  let link = store.resourceLinks.get(key);
  if (!link) {
    link = { id, courseId, clientId: tool.clientId, title: tool.name ?? 'CoachLoop', description: '' };
    store.resourceLinks.set(key, link);
  }
  return link;
}

/** Validates launch options against the directory and remembers the pending launch under a fresh lti_message_hint. */
export function prepareLaunch(ctx: SimContext, opts: LaunchOptions): PreparedLogin {
  const { store, urls } = ctx;
  const tool = store.tools.get(opts.clientId);
  if (!tool) throw new Error(`prepareLaunch: no tool is registered with client id ${opts.clientId}`);
  if (tool.pending) throw new Error(`prepareLaunch: tool ${opts.clientId} waits for an administrator to activate it`);
  if (opts.courseId !== undefined && !store.courses.has(opts.courseId)) throw new Error(`prepareLaunch: unknown course ${opts.courseId}`);
  if (opts.userSub !== undefined && !store.users.has(opts.userSub)) throw new Error(`prepareLaunch: unknown user ${opts.userSub} (addUser first)`);
  if (opts.lineItemId !== undefined && !findLineItem(store, opts.lineItemId)) throw new Error(`prepareLaunch: unknown line item ${opts.lineItemId}`);
  const isDeepLinking = opts.messageType === 'LtiDeepLinkingRequest';
  const link = isDeepLinking ? undefined : ensureResourceLink(store, opts.courseId ?? '', opts.resourceLinkId ?? 'rl-1', tool);
  const targetLinkUri = opts.targetLinkUri
    ?? (isDeepLinking ? tool.deepLinkingUrl ?? tool.targetLinkUri : link?.url ?? tool.targetLinkUri);
  const sub = opts.userSub ?? `anon-${randomBytes(8).toString('hex')}`;
  const messageHint = randomBytes(24).toString('base64url');
  store.maybePrune();
  store.pendingLaunches.set(messageHint, {
    messageHint, loginHint: sub, sub, clientId: tool.clientId, deploymentId: opts.deploymentId,
    targetLinkUri, options: { ...opts }, expiresAt: Date.now() + (ctx.settings.reusableMessageHint ? REUSABLE_HINT_TTL_MS : LAUNCH_HINT_TTL_MS),
  });
  const storage: Record<string, string> = ctx.settings.storageTarget === undefined ? {} : { lti_storage_target: ctx.settings.storageTarget };
  return {
    method: opts.loginMethod ?? 'POST',
    url: tool.oidcLoginUrl,
    params: {
      iss: urls.issuer, login_hint: sub, target_link_uri: targetLinkUri, lti_message_hint: messageHint,
      client_id: tool.clientId, lti_deployment_id: opts.deploymentId, ...storage,
    },
  };
}

function personalClaims(user: UserRecord | undefined, tool: ToolRegistration): Record<string, unknown> {
  if (!user) return {};
  const wanted = (claim: string): boolean => tool.claims === undefined || tool.claims.includes(claim);
  const out: Record<string, unknown> = {};
  for (const claim of ['given_name', 'family_name', 'name', 'email'] as const) {
    if (user[claim] !== undefined && wanted(claim)) out[claim] = user[claim];
  }
  return out;
}

function defaultRoles(store: SimulatorStore, user: UserRecord | undefined, courseId: string | undefined): string[] {
  if (!user) return [];
  const courseRoles = courseId === undefined ? [] : store.enrollment(courseId, user.sub)?.roles ?? [];
  return [...new Set([...(user.institutionRoles ?? []), ...courseRoles])];
}

/** Builds the id_token payload for a pending launch (nonce from the tool's authentication request). */
export function idTokenPayload(ctx: SimContext, pending: PendingLaunch, requestNonce: string): Record<string, unknown> {
  const { store, urls, settings } = ctx;
  const opts = pending.options;
  const tool = store.tools.get(pending.clientId);
  if (!tool) throw new Error(`tool ${pending.clientId} was removed`);
  const user = opts.userSub === undefined ? undefined : store.users.get(opts.userSub);
  const course = opts.courseId === undefined ? undefined : store.courses.get(opts.courseId);
  const isDeepLinking = opts.messageType === 'LtiDeepLinkingRequest';
  const iat = Math.floor(Date.now() / 1000) + (opts.iatOffsetSec ?? 0);
  const payload: Record<string, unknown> = {
    nonce: opts.nonce ?? requestNonce,
    iat,
    exp: iat + (opts.expInSec ?? 60),
    iss: urls.issuer,
    aud: tool.clientId,
    azp: tool.clientId,
    sub: pending.sub,
    [LTI_CLAIMS.deploymentId]: pending.deploymentId,
    [LTI_CLAIMS.messageType]: isDeepLinking ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest',
    [LTI_CLAIMS.version]: '1.3.0',
    [LTI_CLAIMS.targetLinkUri]: pending.targetLinkUri,
    [LTI_CLAIMS.roles]: opts.roles ?? defaultRoles(store, user, opts.courseId),
    ...personalClaims(user, tool),
    [LTI_CLAIMS.lis]: { person_sourcedid: '', course_section_sourcedid: '' },
  };
  if (user?.username !== undefined) payload[LTI_CLAIMS.ext] = { user_username: user.username, lms: settings.productFamilyCode };
  if (course) {
    payload[LTI_CLAIMS.context] = { id: course.id, label: course.label, title: course.title, type: [COURSE_OFFERING] };
  }
  const link = isDeepLinking ? undefined : store.resourceLinks.get(resourceLinkKey(opts.courseId ?? '', opts.resourceLinkId ?? 'rl-1'));
  if (link) payload[LTI_CLAIMS.resourceLink] = { id: link.id, title: link.title, description: link.description };
  payload[LTI_CLAIMS.toolPlatform] = {
    guid: settings.platformGuid, name: settings.platformName,
    product_family_code: settings.productFamilyCode, version: settings.platformVersion,
  };
  payload[LTI_CLAIMS.launchPresentation] = { document_target: 'iframe', locale: 'en', return_url: urls.launchReturn(opts.courseId) };
  payload[LTI_CLAIMS.custom] = { ...(link?.custom ?? {}), ...(opts.custom ?? {}) };
  if (course) addServiceClaims(ctx, payload, tool, course.id, opts, link);
  if (isDeepLinking) payload[LTI_CLAIMS.deepLinkingSettings] = deepLinkingSettings(ctx, pending);
  for (const [name, value] of Object.entries(opts.claims ?? {})) {
    if (value === undefined) delete payload[name];
    else payload[name] = value;
  }
  for (const name of opts.deleteClaims ?? []) delete payload[name];
  return payload;
}

function addServiceClaims(
  ctx: SimContext, payload: Record<string, unknown>, tool: ToolRegistration, courseId: string,
  opts: LaunchOptions, link: ResourceLinkRecord | undefined,
): void {
  const agsScopes = AGS_SCOPES.filter((s) => tool.scopes.includes(s));
  if (agsScopes.length > 0) {
    const claim: Record<string, unknown> = { scope: agsScopes, lineitems: ctx.urls.lineItems(courseId) };
    const lineItemUrl = opts.lineItemId !== undefined ? findLineItem(ctx.store, opts.lineItemId)?.item.id : link?.lineItemUrl;
    if (lineItemUrl !== undefined) claim.lineitem = lineItemUrl;
    payload[LTI_CLAIMS.ags] = claim;
  }
  if (tool.scopes.includes(LTI_SCOPES.nrps)) {
    payload[LTI_CLAIMS.nrps] = { context_memberships_url: ctx.urls.memberships(courseId), service_versions: ['2.0'] };
  }
}

function deepLinkingSettings(ctx: SimContext, pending: PendingLaunch): Record<string, unknown> {
  const id = randomBytes(12).toString('base64url');
  const data = randomBytes(18).toString('base64url');
  ctx.store.deepLinkRequests.set(id, {
    id, data, clientId: pending.clientId, deploymentId: pending.deploymentId, courseId: pending.options.courseId,
    used: false, expiresAt: Date.now() + DEEP_LINK_REQUEST_TTL_MS,
  });
  return {
    deep_link_return_url: ctx.urls.deepLinkReturn(id),
    accept_types: ['ltiResourceLink'],
    accept_presentation_document_targets: ['iframe', 'window'],
    accept_multiple: true,
    auto_create: true,
    data,
  };
}

/** Signs the id_token for a pending launch, honouring the forging options (kid, alg, rogue key). */
export function signIdToken(ctx: SimContext, pending: PendingLaunch, requestNonce: string): string {
  const opts = pending.options;
  const payload = idTokenPayload(ctx, pending, requestNonce);
  return ctx.keys().sign(payload, { kid: opts.header?.kid, alg: opts.header?.alg, signWith: opts.signWith });
}
