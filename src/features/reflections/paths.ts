/** Where reflection routes send people back to. */
import type { Actor } from '../../auth/actor';

/** A CoachLoop path with the session token and, optionally, a notice to show. */
export function backTo(actor: Actor, path: string, notice?: string, anchor = ''): string {
  return `${path}?${new URLSearchParams({ ...(notice ? { notice } : {}), ltik: actor.ltik })}${anchor}`;
}
