/**
 * The demo LMS's sign-in: a signed cookie naming the person (set by the demo home page). The
 * demo pages read it, and the authorization endpoint checks it for launches that ask for it,
 * as a real LMS only authorizes a launch for the person signed in to it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { SimContext } from './context';
import type { UserRecord } from './types';

export const PERSON_COOKIE = 'sim_person';

/** The cookie value naming `sub`, signed with the simulator's secret. */
export function signPerson(secret: Buffer, sub: string): string {
  const mac = createHmac('sha256', secret).update(sub).digest('base64url');
  return `${encodeURIComponent(sub)}.${mac}`;
}

/** The person signed in to the demo LMS in this browser, or undefined. */
export function personFromCookie(ctx: SimContext, req: Request): UserRecord | undefined {
  const raw = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${PERSON_COOKIE}=`));
  if (!raw) return undefined;
  const value = raw.slice(PERSON_COOKIE.length + 1);
  const dot = value.lastIndexOf('.');
  if (dot < 0) return undefined;
  const sub = decodeURIComponent(value.slice(0, dot));
  const expected = Buffer.from(signPerson(ctx.cookieSecret, sub));
  const given = Buffer.from(value);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return ctx.store.users.get(sub);
}
