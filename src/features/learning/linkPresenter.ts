/**
 * View models for professional learning inside coaching pages: the links next to the goal they
 * serve (or the cycle), the "link professional learning" form and the catalog suggestions. Links
 * are coaching content: they pass the privacy wall's allowlist (teacher and their coach only).
 */
import { SPECIALTIES } from '../coaching/catalog';
import { sees, type Audience } from '../coaching/policies/privacyWall';
import { OFFERING_KINDS } from './catalog';
import type { PdLink } from './links';
import type { Offering } from './offerings';
import { tagChoices, type StandardTag } from './taxonomy';

/** Where link forms send the person back to. */
export type LinkReturn = 'cycle' | 'coaching';

/** What a goal card or the cycle's learning section needs to draw links and their form. */
export interface LearningContext {
  audience: Audience;
  actorId: number;
  cycleId: number;
  canLink: boolean;
  catalog: Offering[];
  returnTo: LinkReturn;
}

/** The links (of one goal, or of the cycle as a whole) as list items, each with its unlink action when allowed. */
export function presentLinks(links: PdLink[], ctx: LearningContext) {
  if (!sees(ctx.audience, 'learningLinks')) return [];
  return links.map((l) => ({
    id: l.id, title: l.title, url: l.url, why: l.why, archived: l.archived,
    kindLabel: l.kind ? OFFERING_KINDS[l.kind] : 'Link',
    fromCatalog: l.offeringId !== null,
    addedBy: l.createdBy === ctx.actorId ? 'you' : ctx.audience === 'teacher' ? 'your coach' : 'the teacher',
    canUnlink: ctx.canLink,
    returnTo: ctx.returnTo,
  }));
}

/** The form to link professional learning (catalog offerings as choices), or undefined when not allowed. */
export function linkForm(ctx: LearningContext, goals: Array<{ id: number; statement: string }>, fixedGoalId?: number) {
  if (!ctx.canLink || !sees(ctx.audience, 'learningLinks')) return undefined;
  return {
    action: `/app/cycles/${ctx.cycleId}/pd-links`,
    idPrefix: fixedGoalId ? `link-goal-${fixedGoalId}` : `link-cycle-${ctx.cycleId}`,
    fixedGoalId,
    goalOptions: fixedGoalId ? [] : goals.map((g) => ({ value: g.id, label: g.statement.length > 80 ? `${g.statement.slice(0, 79)}…` : g.statement })),
    catalog: ctx.catalog.filter((o) => !o.archived).map((o) => ({ value: o.id, label: `${o.title} (${OFFERING_KINDS[o.kind]})` })),
    returnTo: ctx.returnTo,
  };
}

/** Catalog suggestions for the coach, each with a one-line form to link it. */
export function presentSuggestions(offerings: Offering[], ctx: LearningContext, goals: Array<{ id: number; statement: string }>) {
  if (!ctx.canLink || ctx.audience !== 'coach') return [];
  return offerings.map((o) => ({
    id: o.id, title: o.title, url: o.url, kindLabel: OFFERING_KINDS[o.kind],
    focusLabels: o.focusAreas.map((a) => SPECIALTIES[a]).filter(Boolean),
    tagLabels: o.tags.filter((t) => !t.retired).map((t) => t.label),
    action: `/app/cycles/${ctx.cycleId}/pd-links`,
    goalOptions: goals.map((g) => ({ value: g.id, label: g.statement.length > 80 ? `${g.statement.slice(0, 79)}…` : g.statement })),
  }));
}

/** Checkbox groups of the taxonomy for a goal or session form. */
export function tagFieldset(tags: StandardTag[], chosen: readonly number[], idPrefix: string) {
  return tagChoices(tags, chosen, idPrefix);
}
