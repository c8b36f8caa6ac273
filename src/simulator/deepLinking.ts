/**
 * Deep Linking 2.0: what each platform's content pickers accept (the settings claim of the
 * request) and the return endpoint, which verifies the tool's signed LtiDeepLinkingResponse
 * against the request it answers and refuses what the real platform would refuse — a second item
 * when `accept_multiple` is false, a type outside `accept_types`, a presentation target the
 * placement does not offer — before it creates the resource links (and line items) it carries.
 */
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { CLOCK_SKEW_SEC, LTI_CLAIMS } from './constants';
import { createLineItem } from './ags';
import { PATHS, type SimContext } from './context';
import { escapeHtml, page, sendErrorPage } from './html';
import { mediaTypeOf, queryString } from './http';
import { audienceList, checkTimes, isRecord, JwtError } from './jwt';
import { resourceLinkKey, type DeepLinkRequestRecord } from './store';
import type { DeepLinkedResourceLink, ReceivedDeepLink, ToolRegistration } from './types';

/** Content item types the simulator knows how to place (an `ltiResourceLink` becomes a launchable link). */
const KNOWN_TYPES = ['ltiResourceLink', 'link', 'html', 'file', 'image'];
/** A deep-linking response issued more than this long ago is refused. */
const RESPONSE_MAX_AGE_SEC = 300;
const REQUEST_TTL_MS = 60 * 60 * 1000;

/** What one content picker (placement) of a platform accepts, i.e. the deep_linking_settings it sends. */
export interface DeepLinkingPlacement {
  /** The platform's name for the placement (Canvas: the placement's resource_type). */
  name: string;
  /** What the demo course navigation calls it ("Add as an assignment"). */
  label: string;
  acceptTypes: string[];
  acceptMultiple: boolean;
  /** As sent; undefined = the claim is not sent at all (Canvas), so the platform takes line items as it likes. */
  acceptLineItem?: boolean;
  autoCreate: boolean;
  documentTargets: string[];
  /** Canvas sends `accept_media_types`. */
  mediaTypes?: string;
  /** False: no `data` claim; the platform's state travels in the return URL's query (Canvas). */
  dataClaim: boolean;
  /** Schoology lower-cases the keys of custom parameters it stores. */
  lowercaseCustomKeys?: boolean;
}

/** The settings src/simulator/launch.ts sends for `sim.prepareLaunch({ messageType: 'LtiDeepLinkingRequest' })`. */
export const GENERIC_PLACEMENT: DeepLinkingPlacement = {
  name: 'deep_linking', label: 'Add {tool} content', acceptTypes: ['ltiResourceLink'], acceptMultiple: true,
  autoCreate: true, documentTargets: ['iframe', 'window'], dataClaim: true,
};

const LTI_LINK_MEDIA = 'application/vnd.ims.lti.v1.ltilink';

/**
 * The content pickers of each platform family (tool_platform.product_family_code). Canvas's are
 * its DEEP_LINKING_DETAILS (lib/lti/messages/deep_linking_request.rb): assignment_selection takes one
 * link for the assignment being edited, link_selection (modules) several; Canvas sends no
 * accept_lineitem and no data claim. Moodle 4.3's "Select content" takes line items (they turn on
 * "accept grades"); Schoology's course materials take one link and lower-case custom keys.
 */
export const PLATFORM_PLACEMENTS: Record<string, DeepLinkingPlacement[]> = {
  canvas: [
    { name: 'assignment_selection', label: 'Add {tool} as an assignment', acceptTypes: ['ltiResourceLink'], acceptMultiple: false, autoCreate: false, documentTargets: ['iframe', 'window'], mediaTypes: LTI_LINK_MEDIA, dataClaim: false },
    { name: 'link_selection', label: 'Add {tool} to a module', acceptTypes: ['ltiResourceLink'], acceptMultiple: true, autoCreate: false, documentTargets: ['iframe', 'window'], mediaTypes: LTI_LINK_MEDIA, dataClaim: false },
  ],
  moodle: [
    { name: 'select_content', label: 'Add a {tool} activity', acceptTypes: ['ltiResourceLink'], acceptMultiple: true, acceptLineItem: true, autoCreate: false, documentTargets: ['iframe', 'window'], dataClaim: true },
  ],
  schoology: [
    { name: 'course_materials', label: 'Add {tool} materials', acceptTypes: ['ltiResourceLink'], acceptMultiple: false, acceptLineItem: true, autoCreate: false, documentTargets: ['iframe', 'window'], dataClaim: true, lowercaseCustomKeys: true },
  ],
};

/** The content pickers this simulator offers (by its product family code; the generic one otherwise). */
export function deepLinkingPlacements(ctx: SimContext): DeepLinkingPlacement[] {
  return PLATFORM_PLACEMENTS[ctx.settings.productFamilyCode] ?? [GENERIC_PLACEMENT];
}

/** Settings of requests opened by openDeepLinkRequest (requests made by launch.ts use GENERIC_PLACEMENT). */
const placementOfRequest = new WeakMap<DeepLinkRequestRecord, DeepLinkingPlacement>();

/**
 * Records a deep-linking request for `placement` and returns the deep_linking_settings claim to
 * send with it (pass it as the launch's `claims` override). The return endpoint then holds the
 * tool's response to exactly these settings.
 */
export function openDeepLinkRequest(
  ctx: SimContext, request: { clientId: string; deploymentId: string; courseId?: string }, placement: DeepLinkingPlacement,
): Record<string, unknown> {
  const id = randomBytes(12).toString('base64url');
  const data = randomBytes(18).toString('base64url');
  const record: DeepLinkRequestRecord = {
    id, data, clientId: request.clientId, deploymentId: request.deploymentId, courseId: request.courseId, used: false, expiresAt: Date.now() + REQUEST_TTL_MS,
  };
  ctx.store.maybePrune();
  ctx.store.deepLinkRequests.set(id, record);
  placementOfRequest.set(record, placement);
  const returnUrl = placement.dataClaim ? ctx.urls.deepLinkReturn(id) : `${ctx.urls.deepLinkReturn(id)}?data=${encodeURIComponent(data)}`;
  return {
    deep_link_return_url: returnUrl,
    accept_types: [...placement.acceptTypes],
    accept_presentation_document_targets: [...placement.documentTargets],
    accept_multiple: placement.acceptMultiple,
    auto_create: placement.autoCreate,
    ...(placement.acceptLineItem !== undefined ? { accept_lineitem: placement.acceptLineItem } : {}),
    ...(placement.mediaTypes ? { accept_media_types: placement.mediaTypes } : {}),
    ...(placement.dataClaim ? { data } : {}),
  };
}

/** Hostnames that count as the tool's domain for content item URLs. */
function toolHosts(tool: ToolRegistration): Set<string> {
  const urls = [tool.targetLinkUri, tool.oidcLoginUrl, tool.deepLinkingUrl, ...tool.redirectUris];
  const hosts = new Set<string>();
  for (const url of urls) {
    if (url === undefined) continue;
    try {
      hosts.add(new URL(url).hostname);
    } catch {
      // a malformed URL in the registration contributes no host
    }
  }
  return hosts;
}

/** Checks one content item against the request's settings; returns a problem sentence or undefined. */
function itemProblem(item: unknown, index: number, hosts: Set<string>, placement: DeepLinkingPlacement): string | undefined {
  const where = `content_items[${index}]`;
  if (!isRecord(item)) return `${where} is not an object`;
  if (typeof item.type !== 'string') return `${where}.type is missing`;
  if (!placement.acceptTypes.includes(item.type) || !KNOWN_TYPES.includes(item.type)) {
    return `${where}.type "${item.type}" is not accepted (accept_types: ${placement.acceptTypes.join(', ')})`;
  }
  for (const name of ['title', 'text'] as const) {
    if (item[name] !== undefined && typeof item[name] !== 'string') return `${where}.${name} must be a string`;
  }
  if (item.url !== undefined) {
    if (typeof item.url !== 'string') return `${where}.url must be a string`;
    let host: string;
    try {
      host = new URL(item.url).hostname;
    } catch {
      return `${where}.url is not a valid URL`;
    }
    if (item.type === 'ltiResourceLink' && !hosts.has(host)) return `${where}.url ${item.url} is not on the tool's domain (${[...hosts].join(', ')})`;
  }
  for (const target of ['iframe', 'window', 'embed'] as const) {
    if (item[target] === undefined) continue;
    if (!isRecord(item[target])) return `${where}.${target} must be an object`;
    if (!placement.documentTargets.includes(target)) return `${where}.${target}: this request accepts the presentation targets ${placement.documentTargets.join(', ')} only`;
  }
  if (item.custom !== undefined && (!isRecord(item.custom) || Object.values(item.custom).some((v) => typeof v !== 'string'))) {
    return `${where}.custom must be an object of string values`;
  }
  if (item.lineItem !== undefined) {
    const li = item.lineItem;
    if (!isRecord(li)) return `${where}.lineItem must be an object`;
    if (typeof li.scoreMaximum !== 'number' || !(li.scoreMaximum > 0)) return `${where}.lineItem.scoreMaximum must be a number greater than 0`;
    for (const name of ['label', 'resourceId', 'tag'] as const) {
      if (li[name] !== undefined && typeof li[name] !== 'string') return `${where}.lineItem.${name} must be a string`;
    }
  }
  return undefined;
}

/** Verifies the response JWT; returns its payload or throws JwtError naming the problem. */
async function verifyResponse(ctx: SimContext, request: DeepLinkRequestRecord, placement: DeepLinkingPlacement, tool: ToolRegistration, jwt: string): Promise<Record<string, unknown>> {
  const { payload } = await ctx.toolKeys.verify(jwt, tool.jwksUrl);
  if (payload.iss !== tool.clientId) throw new JwtError(`iss must be the tool's client id ${tool.clientId}`);
  if (!audienceList(payload.aud).includes(ctx.urls.issuer)) throw new JwtError(`aud must be the platform issuer ${ctx.urls.issuer}`);
  checkTimes(payload, Math.floor(Date.now() / 1000), CLOCK_SKEW_SEC, RESPONSE_MAX_AGE_SEC);
  if (typeof payload.nonce !== 'string' || payload.nonce === '') throw new JwtError('nonce is missing');
  if (payload[LTI_CLAIMS.deploymentId] !== request.deploymentId) throw new JwtError(`deployment_id must be ${request.deploymentId}`);
  if (payload[LTI_CLAIMS.messageType] !== 'LtiDeepLinkingResponse') throw new JwtError('message_type must be LtiDeepLinkingResponse');
  if (payload[LTI_CLAIMS.version] !== '1.3.0') throw new JwtError('version must be 1.3.0');
  if (placement.dataClaim && payload[LTI_CLAIMS.dlData] !== request.data) throw new JwtError('data claim does not match the data sent in the deep linking request');
  if (!placement.dataClaim && payload[LTI_CLAIMS.dlData] !== undefined) throw new JwtError('data claim was not sent in the deep linking request, so the response must not carry one');
  const items = payload[LTI_CLAIMS.dlContentItems];
  if (items !== undefined && !Array.isArray(items)) throw new JwtError('content_items must be an array');
  const list: unknown[] = items ?? [];
  if (list.length > 1 && !placement.acceptMultiple) throw new JwtError(`content_items has ${list.length} items but this request accepts one (accept_multiple is false)`);
  const hosts = toolHosts(tool);
  list.forEach((item, i) => {
    const problem = itemProblem(item, i, hosts, placement);
    if (problem) throw new JwtError(problem);
  });
  for (const name of [LTI_CLAIMS.dlMsg, LTI_CLAIMS.dlLog, LTI_CLAIMS.dlErrorMsg, LTI_CLAIMS.dlErrorLog]) {
    if (payload[name] !== undefined && typeof payload[name] !== 'string') throw new JwtError(`${name} must be a string`);
  }
  return payload;
}

/** Custom parameters as the platform stores them (Schoology lower-cases the keys). */
function storedCustom(custom: Record<string, unknown>, placement: DeepLinkingPlacement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(custom)) out[placement.lowercaseCustomKeys ? k.toLowerCase() : k] = String(v);
  return out;
}

/** Creates the resource links (and line items) of accepted LTI resource link items and records the response. */
function applyResponse(ctx: SimContext, request: DeepLinkRequestRecord, placement: DeepLinkingPlacement, payload: Record<string, unknown>): ReceivedDeepLink {
  const items = (payload[LTI_CLAIMS.dlContentItems] ?? []) as Record<string, unknown>[];
  const courseId = request.courseId ?? '';
  const links: DeepLinkedResourceLink[] = items.filter((item) => item.type === 'ltiResourceLink').map((item) => {
    const id = ctx.store.nextResourceLinkId();
    const link: DeepLinkedResourceLink = { id };
    if (typeof item.title === 'string') link.title = item.title;
    if (typeof item.url === 'string') link.url = item.url;
    if (isRecord(item.custom)) link.custom = storedCustom(item.custom, placement);
    // A placement that says accept_lineitem: false ignores line items (LTI-DL 2.0 §4.4.1).
    if (isRecord(item.lineItem) && request.courseId !== undefined && placement.acceptLineItem !== false) {
      const li = item.lineItem;
      const created = createLineItem(ctx, courseId, request.clientId, {
        label: typeof li.label === 'string' ? li.label : link.title ?? 'Untitled',
        scoreMaximum: li.scoreMaximum as number,
        ...(typeof li.resourceId === 'string' ? { resourceId: li.resourceId } : {}),
        ...(typeof li.tag === 'string' ? { tag: li.tag } : {}),
        resourceLinkId: id,
      });
      link.lineItemId = created.id;
    }
    ctx.store.resourceLinks.set(resourceLinkKey(courseId, id), {
      id, courseId, clientId: request.clientId, title: link.title ?? 'Untitled', description: typeof item.text === 'string' ? item.text : '',
      url: link.url, custom: link.custom, lineItemUrl: link.lineItemId,
    });
    return link;
  });
  const text = (name: string): string | undefined => (typeof payload[name] === 'string' ? payload[name] as string : undefined);
  const received: ReceivedDeepLink = {
    items, msg: text(LTI_CLAIMS.dlMsg), log: text(LTI_CLAIMS.dlLog), errormsg: text(LTI_CLAIMS.dlErrorMsg), errorlog: text(LTI_CLAIMS.dlErrorLog),
    receivedAt: new Date(), clientId: request.clientId, deploymentId: request.deploymentId,
    ...(request.courseId !== undefined ? { courseId: request.courseId } : {}), resourceLinks: links,
  };
  ctx.store.deepLinkResponses.push(received);
  return received;
}

function resultPage(ctx: SimContext, received: ReceivedDeepLink): string {
  const course = received.courseId === undefined ? undefined : ctx.store.courses.get(received.courseId);
  const list = received.resourceLinks.length === 0
    ? '<p>No content was added.</p>'
    : `<ul>${received.resourceLinks.map((l) => `<li>${escapeHtml(l.title ?? l.id)}${l.lineItemId ? ' (graded)' : ''}</li>`).join('')}</ul>`;
  const back = course ? `<p><a href="${escapeHtml(ctx.urls.course(course.id))}" target="_top">Back to ${escapeHtml(course.title)}</a></p>` : '';
  const msg = received.msg ? `<p>${escapeHtml(received.msg)}</p>` : '';
  const err = received.errormsg ? `<div class="error" role="alert"><p>${escapeHtml(received.errormsg)}</p></div>` : '';
  return page('Content added', `<h1>Content added${course ? ` to ${escapeHtml(course.title)}` : ''}</h1>${msg}${err}${list}${back}`);
}

/** Router of the deep-linking return endpoint. */
export function deepLinkingRouter(ctx: SimContext): Router {
  const router = express.Router();
  router.post(PATHS.deepLinkReturn, express.urlencoded({ extended: false, limit: '256kb' }), (req: Request, res: Response) => {
    const refuse = (problem: string): void => sendErrorPage(res, 400, 'Deep linking response refused', problem);
    const request = ctx.store.deepLinkRequests.get(req.params.requestId ?? '');
    if (!request || request.expiresAt <= Date.now()) return refuse('This deep linking request is unknown or has expired.');
    if (request.used) return refuse('This deep linking request was already answered.');
    const placement = placementOfRequest.get(request) ?? GENERIC_PLACEMENT;
    if (!placement.dataClaim && queryString(req, 'data') !== request.data) return refuse('The response must be posted to deep_link_return_url exactly as sent, query string included (its data parameter is missing or changed).');
    if (mediaTypeOf(req) !== 'application/x-www-form-urlencoded') return refuse('The response must be a form post (application/x-www-form-urlencoded).');
    const jwt = isRecord(req.body) ? req.body.JWT : undefined;
    if (typeof jwt !== 'string' || jwt === '') return refuse('The form field JWT is missing.');
    const tool = ctx.store.tools.get(request.clientId);
    if (!tool) return refuse('The tool that received this request is no longer registered.');
    verifyResponse(ctx, request, placement, tool, jwt).then((payload) => {
      if (request.used) return refuse('This deep linking request was already answered.');
      request.used = true;
      const received = applyResponse(ctx, request, placement, payload);
      res.status(200).type('html').send(resultPage(ctx, received));
    }).catch((err: unknown) => {
      if (err instanceof JwtError) return refuse(`Invalid deep linking response: ${err.message}.`);
      refuse(`Invalid deep linking response: ${err instanceof Error ? err.message : String(err)}.`);
    });
  });
  return router;
}
