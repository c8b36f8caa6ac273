/**
 * HTTP helpers shared by the service routes: media-type checks, JSON bodies parsed by hand (so the
 * media type is checked first and errors are precise), paging with `Link: rel="next"`.
 */
import type { Request, Response } from 'express';

/** The media type of a request without parameters, lower-cased ('' if none). */
export function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Sends a JSON error body with a status (RFC 6749 style `{error, error_description}`). */
export function sendJsonError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
}

/**
 * Checks the request's media type and parses its text body (collected by `express.text`) as a JSON
 * object. Sends 415 or 400 and returns undefined when it cannot.
 */
export function readJsonObject(req: Request, res: Response, expectedType: string): Record<string, unknown> | undefined {
  const type = mediaTypeOf(req);
  if (type !== expectedType) {
    sendJsonError(res, 415, 'unsupported_media_type', `Content-Type must be ${expectedType} (got ${type || 'none'})`);
    return undefined;
  }
  const text = typeof req.body === 'string' ? req.body : '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    sendJsonError(res, 400, 'invalid_request', 'body is not valid JSON');
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    sendJsonError(res, 400, 'invalid_request', 'body must be a JSON object');
    return undefined;
  }
  return parsed as Record<string, unknown>;
}

/** A page window over a list. */
export interface Paging {
  from: number;
  limit: number;
}

/** First string value of a query parameter. */
export function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/**
 * Reads `limit` (default `defaultLimit`) and `from` (offset, default 0) like Moodle does. Sends 400
 * and returns undefined for values that are not non-negative integers (limit must be positive).
 */
export function readPaging(req: Request, res: Response, defaultLimit: number): Paging | undefined {
  const limitText = queryString(req, 'limit');
  const fromText = queryString(req, 'from');
  const limit = limitText === undefined ? defaultLimit : Number(limitText);
  const from = fromText === undefined ? 0 : Number(fromText);
  if (!Number.isInteger(limit) || limit <= 0) {
    sendJsonError(res, 400, 'invalid_request', 'limit must be a positive integer');
    return undefined;
  }
  if (!Number.isInteger(from) || from < 0) {
    sendJsonError(res, 400, 'invalid_request', 'from must be a non-negative integer');
    return undefined;
  }
  return { from, limit };
}

/**
 * Slices one page out of `all` and sets `Link: <…>; rel="next"` when more remain (the next URL
 * keeps the request's other query parameters).
 */
export function pageOf<T>(all: T[], paging: Paging, req: Request, res: Response, baseUrl: string): T[] {
  const slice = all.slice(paging.from, paging.from + paging.limit);
  if (paging.from + paging.limit < all.length) {
    const next = new URL(baseUrl);
    for (const [name, value] of Object.entries(req.query)) {
      if (name !== 'from' && name !== 'limit' && typeof value === 'string') next.searchParams.set(name, value);
    }
    next.searchParams.set('limit', String(paging.limit));
    next.searchParams.set('from', String(paging.from + paging.limit));
    res.set('Link', `<${next.toString()}>; rel="next"`);
  }
  return slice;
}
