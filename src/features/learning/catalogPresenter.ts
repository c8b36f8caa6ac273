/**
 * The catalog pages' view models. Everyone sees the offerings (title, kind, link, focus areas,
 * tags); admins also get the forms and usage counts — how many cycles link an offering and how
 * many sessions and attendees were recorded with it, never whose.
 */
import type { Actor } from '../../auth/actor';
import { SPECIALTIES, SPECIALTY_KEYS, type Specialty } from '../coaching/catalog';
import { pageBase } from '../coaching/pageModel';
import { OFFERING_KIND_KEYS, OFFERING_KINDS } from './catalog';
import type { Offering, OfferingUsage } from './offerings';
import { tagChoices, type StandardTag } from './taxonomy';

export const CATALOG_NOTICES: Record<string, string> = {
  added: 'Offering added to the catalog.',
  saved: 'Offering saved.',
  deleted: 'Offering deleted (nothing used it).',
  archived: 'Offering archived: it is no longer suggested or offered, and the cycles and sessions that use it keep it.',
  restored: 'Offering back in the catalog.',
};

/** The offering form as typed or saved. */
export interface OfferingFormValues { title: string; kind: string; url: string; focusAreas: string[]; tags: number[] }

const EMPTY: OfferingFormValues = { title: '', kind: 'workshop', url: '', focusAreas: [], tags: [] };

/** The add/edit form's choices, filled in. */
function offeringForm(values: OfferingFormValues, tags: StandardTag[], idPrefix: string) {
  return {
    title: values.title, url: values.url, idPrefix,
    kinds: OFFERING_KIND_KEYS.map((k) => ({ value: k, label: OFFERING_KINDS[k], selected: k === values.kind })),
    focusAreas: SPECIALTY_KEYS.map((k) => ({ value: k, label: SPECIALTIES[k], checked: values.focusAreas.includes(k) })),
    tagGroups: tagChoices(tags, values.tags, `${idPrefix}-tag`),
  };
}

/** One offering as listed. */
function listed(o: Offering, usage?: OfferingUsage) {
  return {
    id: o.id, title: o.title, url: o.url, kindLabel: OFFERING_KINDS[o.kind], archived: o.archived,
    focusLabels: o.focusAreas.map((a) => SPECIALTIES[a]).filter(Boolean), tagLabels: o.tags.map((t) => t.label),
    usage: usage ?? { cycles: 0, sessions: 0, attendees: 0 },
    removeLabel: usage && (usage.cycles > 0 || usage.sessions > 0) ? 'Archive' : 'Delete',
  };
}

/** The catalog page. */
export function presentCatalog(actor: Actor, data: { offerings: Offering[]; tags: StandardTag[]; usage?: Map<number, OfferingUsage>; focus?: Specialty }, opts: { notice?: string; error?: string; form?: OfferingFormValues } = {}) {
  const admin = actor.role === 'admin';
  const matches = (o: Offering) => !data.focus || o.focusAreas.includes(data.focus);
  const shown = data.offerings.filter(matches);
  return {
    ...pageBase(actor, '/app/pd-catalog', 'Professional learning catalog'),
    notice: opts.notice,
    error: opts.error,
    isAdmin: admin,
    filter: { focusAreas: SPECIALTY_KEYS.map((k) => ({ value: k, label: SPECIALTIES[k], selected: k === data.focus })), active: Boolean(data.focus), focusLabel: data.focus ? SPECIALTIES[data.focus] : undefined },
    offerings: shown.filter((o) => !o.archived).map((o) => listed(o, data.usage?.get(o.id))),
    archived: admin ? shown.filter((o) => o.archived).map((o) => listed(o, data.usage?.get(o.id))) : [],
    form: admin ? offeringForm(opts.form ?? EMPTY, data.tags, 'new-offering') : undefined,
  };
}

/** The edit page of one offering. */
export function presentOfferingEdit(actor: Actor, offering: Offering, tags: StandardTag[], extra: { error?: string; form?: OfferingFormValues }) {
  const values = extra.form ?? { title: offering.title, kind: offering.kind, url: offering.url, focusAreas: offering.focusAreas, tags: offering.tags.map((t) => t.id) };
  return {
    ...pageBase(actor, '/app/pd-catalog', `Edit ${offering.title}`),
    error: extra.error,
    offering: { id: offering.id, title: offering.title, archived: offering.archived },
    form: offeringForm(values, tags, 'edit-offering'),
  };
}
