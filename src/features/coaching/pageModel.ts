/** The parts every coaching page's view model shares: title, session token, navigation, who and where. */
import type { Actor } from '../../auth/actor';
import { ROLE_LABELS } from '../../auth/roles';
import { navigationFor } from '../home/presenter';

/** Layout fields for a page at `path` (marks it current in the navigation). */
export function pageBase(actor: Actor, path: string, heading: string) {
  return {
    title: actor.space ? `${heading} · ${actor.space.title} · CoachLoop` : `${heading} · CoachLoop`,
    ltik: actor.ltik,
    nav: navigationFor(actor, path),
    person: { name: actor.person.name, role: actor.role, roleLabel: ROLE_LABELS[actor.role] },
    space: actor.space,
  };
}

/** "2026-11-22 14:05 UTC" */
export function when(d: Date | null | undefined): string {
  return d ? `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC` : 'never';
}

/** Minutes as "1 h 30 min" / "45 min". */
export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}
