/**
 * Assignment and Grade Services 2.0: line items container (list with filters and paging, create),
 * line item (read, update, delete), score publish and result services. Line items belong to the
 * tool that created them (others get 404), like Canvas and Moodle.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { isLearnerRole, LTI_SCOPES, MEDIA_TYPES } from './constants';
import { PATHS, type SimContext } from './context';
import { pageOf, queryString, readJsonObject, readPaging, sendJsonError } from './http';
import { timestampMicros, validateLineItem, validateScore } from './agsValidation';
import { resourceLinkKey, scoreCellKey, type StoredLineItem } from './store';
import { requireScope } from './token';
import type { LineItem } from './types';

const READ_LINE_ITEMS = [LTI_SCOPES.lineItem, LTI_SCOPES.lineItemReadonly];

/** Creates and stores a line item for a tool in a course; returns it. */
export function createLineItem(ctx: SimContext, courseId: string, clientId: string, fields: Omit<LineItem, 'id'>): LineItem {
  const key = ctx.store.nextLineItemKey();
  const item: LineItem = { id: ctx.urls.lineItem(courseId, key), ...fields };
  ctx.store.lineItems.set(key, { key, courseId, clientId, item });
  return item;
}

/** True when `userId` is an active learner of the course (the only people Canvas accepts scores for). */
function isActiveLearner(ctx: SimContext, courseId: string, userId: string): boolean {
  const enrollment = ctx.store.enrollment(courseId, userId);
  return enrollment !== undefined && enrollment.status === 'Active' && enrollment.roles.some(isLearnerRole);
}

/** Router of the AGS endpoints. */
export function agsRouter(ctx: SimContext): Router {
  const router = express.Router();
  const text = express.text({ type: () => true, limit: '256kb' });
  const clientOf = (res: Response): string => String(res.locals.clientId);

  const courseExists = (req: Request, res: Response, next: NextFunction): void => {
    if (!ctx.store.courses.has(req.params.courseId ?? '')) return sendJsonError(res, 404, 'not_found', `no course ${req.params.courseId ?? ''}`);
    next();
  };
  const loadLineItem = (req: Request, res: Response): StoredLineItem | undefined => {
    const stored = ctx.store.lineItems.get(req.params.lineItemKey ?? '');
    if (!stored || stored.courseId !== req.params.courseId || stored.clientId !== clientOf(res)) {
      sendJsonError(res, 404, 'not_found', 'no such line item for this tool in this course');
      return undefined;
    }
    return stored;
  };
  const checkResourceLink = (courseId: string, resourceLinkId: string | undefined, res: Response): boolean => {
    if (resourceLinkId === undefined || ctx.store.resourceLinks.has(resourceLinkKey(courseId, resourceLinkId))) return true;
    sendJsonError(res, 400, 'invalid_request', `resourceLinkId ${resourceLinkId} is not a resource link of course ${courseId}`);
    return false;
  };
  /** With `agsQuery` (Moodle's `type_id`), every AGS request must carry its parameters. */
  const requireAgsQuery = (req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of new URLSearchParams(ctx.urls.agsQuery)) {
      if (queryString(req, name) !== value) return sendJsonError(res, 400, 'invalid_request', `${name}=${value} is required on this platform's AGS URLs (got ${JSON.stringify(queryString(req, name) ?? null)})`);
    }
    next();
  };
  const sendLineItem = (res: Response, status: number, item: LineItem): void => {
    res.status(status).type(MEDIA_TYPES.lineItem).send(JSON.stringify(item));
  };

  router.get(PATHS.lineItems, ctx.faults.middleware('lineitems'), requireAgsQuery, requireScope(ctx, READ_LINE_ITEMS), courseExists, (req, res) => {
    const courseId = req.params.courseId ?? '';
    const paging = readPaging(req, res, 100);
    if (!paging) return;
    const filters: [keyof LineItem, string | undefined][] = [
      ['resourceLinkId', queryString(req, 'resource_link_id')], ['resourceId', queryString(req, 'resource_id')], ['tag', queryString(req, 'tag')],
    ];
    const items = [...ctx.store.lineItems.values()]
      .filter((s) => s.courseId === courseId && s.clientId === clientOf(res))
      .map((s) => s.item)
      .filter((item) => filters.every(([field, wanted]) => wanted === undefined || item[field] === wanted));
    const page = pageOf(items, paging, req, res, ctx.urls.lineItems(courseId));
    res.status(200).type(MEDIA_TYPES.lineItemContainer).send(JSON.stringify(page));
  });

  router.post(PATHS.lineItems, ctx.faults.middleware('lineitems'), requireAgsQuery, requireScope(ctx, [LTI_SCOPES.lineItem]), courseExists, text, (req, res) => {
    const courseId = req.params.courseId ?? '';
    const body = readJsonObject(req, res, MEDIA_TYPES.lineItem);
    if (!body) return;
    const fields = validateLineItem(body);
    if ('problem' in fields) return sendJsonError(res, 400, 'invalid_request', fields.problem);
    if (!checkResourceLink(courseId, fields.resourceLinkId, res)) return;
    const item = createLineItem(ctx, courseId, clientOf(res), fields);
    res.set('Location', item.id);
    sendLineItem(res, 201, item);
  });

  router.get(PATHS.lineItem, ctx.faults.middleware('lineitems'), requireAgsQuery, requireScope(ctx, READ_LINE_ITEMS), (req, res) => {
    const stored = loadLineItem(req, res);
    if (stored) sendLineItem(res, 200, stored.item);
  });

  router.put(PATHS.lineItem, ctx.faults.middleware('lineitems'), requireAgsQuery, requireScope(ctx, [LTI_SCOPES.lineItem]), text, (req, res) => {
    const stored = loadLineItem(req, res);
    if (!stored) return;
    const body = readJsonObject(req, res, MEDIA_TYPES.lineItem);
    if (!body) return;
    if (body.id !== undefined && body.id !== stored.item.id) return sendJsonError(res, 400, 'invalid_request', 'id in the body does not match the line item URL');
    const fields = validateLineItem(body);
    if ('problem' in fields) return sendJsonError(res, 400, 'invalid_request', fields.problem);
    if (fields.resourceLinkId !== undefined && fields.resourceLinkId !== stored.item.resourceLinkId) {
      return sendJsonError(res, 400, 'invalid_request', 'resourceLinkId of a line item cannot be changed');
    }
    stored.item = { id: stored.item.id, ...fields, ...(stored.item.resourceLinkId !== undefined ? { resourceLinkId: stored.item.resourceLinkId } : {}) };
    sendLineItem(res, 200, stored.item);
  });

  router.delete(PATHS.lineItem, ctx.faults.middleware('lineitems'), requireAgsQuery, requireScope(ctx, [LTI_SCOPES.lineItem]), (req, res) => {
    const stored = loadLineItem(req, res);
    if (!stored) return;
    ctx.store.lineItems.delete(stored.key);
    for (let i = ctx.store.scores.length - 1; i >= 0; i -= 1) {
      if (ctx.store.scores[i]?.lineItemId === stored.item.id) ctx.store.scores.splice(i, 1);
    }
    for (const [key, score] of ctx.store.latestScores) if (score.lineItemId === stored.item.id) ctx.store.latestScores.delete(key);
    res.status(204).end();
  });

  router.post(PATHS.scores, ctx.faults.middleware('scores'), requireAgsQuery, requireScope(ctx, [LTI_SCOPES.score]), text, (req, res) => {
    const stored = loadLineItem(req, res);
    if (!stored) return;
    const body = readJsonObject(req, res, MEDIA_TYPES.score);
    if (!body) return;
    const record = (status: number): void => {
      ctx.store.scoreRequests.push({
        lineItemId: stored.item.id, userId: typeof body.userId === 'string' ? body.userId : undefined,
        timestamp: typeof body.timestamp === 'string' ? body.timestamp : undefined,
        scoreGiven: typeof body.scoreGiven === 'number' ? body.scoreGiven : undefined, status, clientId: clientOf(res), receivedAt: new Date(),
      });
    };
    const score = validateScore(body);
    if ('problem' in score) {
      record(400);
      return sendJsonError(res, 400, 'invalid_request', score.problem);
    }
    if (!isActiveLearner(ctx, stored.courseId, score.userId)) {
      record(422);
      res.status(422).json({ errors: { type: 'unprocessable_entity', message: 'User not found in course or is not a student' } });
      return;
    }
    // Like Moodle: a timestamp not later than the last accepted one (the same score sent again
    // included) is refused with 409, and the gradebook keeps what it has.
    const cell = scoreCellKey(stored.item.id, score.userId);
    const previous = ctx.store.latestScores.get(cell);
    if (previous && score.timestampMicros <= timestampMicros(previous.timestamp)) {
      record(409);
      return sendJsonError(res, 409, 'conflict',
        `timestamp ${score.timestamp} is not later than the previous score's timestamp ${previous.timestamp} for this user and line item`);
    }
    const { timestampMicros: _ignored, ...fields } = score;
    const accepted = { lineItemId: stored.item.id, ...fields, clientId: clientOf(res), receivedAt: new Date(), raw: body };
    ctx.store.scores.push(accepted);
    ctx.store.latestScores.set(cell, accepted);
    record(200);
    res.status(200).json({ resultUrl: ctx.urls.lineItemSub(stored.item.id, 'results', { user_id: score.userId }) });
  });

  router.get(PATHS.results, ctx.faults.middleware('results'), requireAgsQuery, requireScope(ctx, [LTI_SCOPES.resultReadonly]), (req, res) => {
    const stored = loadLineItem(req, res);
    if (!stored) return;
    const paging = readPaging(req, res, 100);
    if (!paging) return;
    const userFilter = queryString(req, 'user_id');
    const latest = new Map<string, (typeof ctx.store.scores)[number]>();
    for (const s of ctx.store.scores) {
      if (s.lineItemId === stored.item.id && (userFilter === undefined || s.userId === userFilter)) latest.set(s.userId, s);
    }
    const lineItemUrl = stored.item.id;
    const results = [...latest.values()].map((s) => ({
      id: ctx.urls.lineItemSub(lineItemUrl, 'results', { user_id: s.userId }),
      scoreOf: lineItemUrl,
      userId: s.userId,
      ...(s.scoreGiven !== undefined && s.scoreMaximum !== undefined
        ? { resultScore: Math.round((s.scoreGiven * stored.item.scoreMaximum / s.scoreMaximum) * 1e6) / 1e6 } : {}),
      resultMaximum: stored.item.scoreMaximum,
      ...(s.comment !== undefined ? { comment: s.comment } : {}),
      timestamp: s.timestamp,
    }));
    const page = pageOf(results, paging, req, res, ctx.urls.lineItemSub(lineItemUrl, 'results'));
    res.status(200).type(MEDIA_TYPES.resultContainer).send(JSON.stringify(page));
  });
  return router;
}
