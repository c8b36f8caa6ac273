/**
 * Deep Linking 2.0 return endpoint: verifies the tool's signed LtiDeepLinkingResponse against the
 * request it answers, then creates the resource links (and line items) it carries.
 */
import express, { type Request, type Response, type Router } from 'express';
import { CLOCK_SKEW_SEC, LTI_CLAIMS } from './constants';
import { createLineItem } from './ags';
import { PATHS, type SimContext } from './context';
import { escapeHtml, page, sendErrorPage } from './html';
import { mediaTypeOf } from './http';
import { audienceList, checkTimes, isRecord, JwtError } from './jwt';
import { resourceLinkKey, type DeepLinkRequestRecord } from './store';
import type { DeepLinkedResourceLink, ReceivedDeepLink, ToolRegistration } from './types';

const ACCEPT_TYPES = ['ltiResourceLink'];
/** A deep-linking response issued more than this long ago is refused. */
const RESPONSE_MAX_AGE_SEC = 300;

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

/** Checks one content item; returns a problem sentence or undefined. */
function itemProblem(item: unknown, index: number, hosts: Set<string>): string | undefined {
  const where = `content_items[${index}]`;
  if (!isRecord(item)) return `${where} is not an object`;
  if (typeof item.type !== 'string') return `${where}.type is missing`;
  if (!ACCEPT_TYPES.includes(item.type)) return `${where}.type "${item.type}" is not accepted (accept_types: ${ACCEPT_TYPES.join(', ')})`;
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
    if (!hosts.has(host)) return `${where}.url ${item.url} is not on the tool's domain (${[...hosts].join(', ')})`;
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
async function verifyResponse(ctx: SimContext, request: DeepLinkRequestRecord, tool: ToolRegistration, jwt: string): Promise<Record<string, unknown>> {
  const { payload } = await ctx.toolKeys.verify(jwt, tool.jwksUrl);
  if (payload.iss !== tool.clientId) throw new JwtError(`iss must be the tool's client id ${tool.clientId}`);
  if (!audienceList(payload.aud).includes(ctx.urls.issuer)) throw new JwtError(`aud must be the platform issuer ${ctx.urls.issuer}`);
  checkTimes(payload, Math.floor(Date.now() / 1000), CLOCK_SKEW_SEC, RESPONSE_MAX_AGE_SEC);
  if (typeof payload.nonce !== 'string' || payload.nonce === '') throw new JwtError('nonce is missing');
  if (payload[LTI_CLAIMS.deploymentId] !== request.deploymentId) throw new JwtError(`deployment_id must be ${request.deploymentId}`);
  if (payload[LTI_CLAIMS.messageType] !== 'LtiDeepLinkingResponse') throw new JwtError('message_type must be LtiDeepLinkingResponse');
  if (payload[LTI_CLAIMS.version] !== '1.3.0') throw new JwtError('version must be 1.3.0');
  if (payload[LTI_CLAIMS.dlData] !== request.data) throw new JwtError('data claim does not match the data sent in the deep linking request');
  const items = payload[LTI_CLAIMS.dlContentItems];
  if (items !== undefined && !Array.isArray(items)) throw new JwtError('content_items must be an array');
  const hosts = toolHosts(tool);
  (items ?? []).forEach((item: unknown, i: number) => {
    const problem = itemProblem(item, i, hosts);
    if (problem) throw new JwtError(problem);
  });
  for (const name of [LTI_CLAIMS.dlMsg, LTI_CLAIMS.dlLog, LTI_CLAIMS.dlErrorMsg, LTI_CLAIMS.dlErrorLog]) {
    if (payload[name] !== undefined && typeof payload[name] !== 'string') throw new JwtError(`${name} must be a string`);
  }
  return payload;
}

/** Creates the resource links (and line items) of accepted content items and records the response. */
function applyResponse(ctx: SimContext, request: DeepLinkRequestRecord, payload: Record<string, unknown>): ReceivedDeepLink {
  const items = (payload[LTI_CLAIMS.dlContentItems] ?? []) as Record<string, unknown>[];
  const courseId = request.courseId ?? '';
  const links: DeepLinkedResourceLink[] = items.map((item) => {
    const id = ctx.store.nextResourceLinkId();
    const link: DeepLinkedResourceLink = { id };
    if (typeof item.title === 'string') link.title = item.title;
    if (typeof item.url === 'string') link.url = item.url;
    if (isRecord(item.custom)) link.custom = item.custom as Record<string, string>;
    if (isRecord(item.lineItem) && request.courseId !== undefined) {
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
    if (mediaTypeOf(req) !== 'application/x-www-form-urlencoded') return refuse('The response must be a form post (application/x-www-form-urlencoded).');
    const jwt = isRecord(req.body) ? req.body.JWT : undefined;
    if (typeof jwt !== 'string' || jwt === '') return refuse('The form field JWT is missing.');
    const tool = ctx.store.tools.get(request.clientId);
    if (!tool) return refuse('The tool that received this request is no longer registered.');
    verifyResponse(ctx, request, tool, jwt).then((payload) => {
      if (request.used) return refuse('This deep linking request was already answered.');
      request.used = true;
      const received = applyResponse(ctx, request, payload);
      res.status(200).type('html').send(resultPage(ctx, received));
    }).catch((err: unknown) => {
      if (err instanceof JwtError) return refuse(`Invalid deep linking response: ${err.message}.`);
      refuse(`Invalid deep linking response: ${err instanceof Error ? err.message : String(err)}.`);
    });
  });
  return router;
}
