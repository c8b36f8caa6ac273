/**
 * Refuses requests whose query or body carries a NUL byte (U+0000). No form field has a use for
 * one, and SQLite ends an SQL statement at a NUL, so a value holding one would fail as a 500 deep
 * inside a query instead of as a clear 400 here. Runs after the body parsers (see app.ts).
 */
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../auth/httpError';

/** True when a parsed query or body (strings, arrays, objects, any depth) holds a NUL byte in a key or value. */
export function holdsNulByte(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) {
      stack.push(...v);
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, inner] of Object.entries(v)) {
        if (k.includes('\u0000')) return true;
        stack.push(inner);
      }
    }
  }
  return false;
}

/** Middleware: 400 with a plain explanation when the query or the parsed body holds a NUL byte. */
export function rejectNulBytes(req: Request, _res: Response, next: NextFunction): void {
  if (holdsNulByte(req.query) || holdsNulByte(req.body)) {
    next(new HttpError(400, 'Something in the form cannot be stored',
      'What was sent contains an invisible control character (a NUL byte) that CoachLoop cannot store. Retype the text instead of pasting it, and try again.', 'NUL_BYTE'));
    return;
  }
  next();
}
