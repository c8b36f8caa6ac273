/**
 * Professional learning linked to a cycle: the links of one cycle (with their offering's title and
 * kind when they come from the catalog), and catalog suggestions for a cycle. Coaching content:
 * only reached through an authorized cycle (loadCycleFor), never by an admin.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { SPECIALTIES, type Specialty } from '../coaching/catalog';
import { SUGGESTION_LIMIT, type OfferingKind } from './catalog';
import type { Offering } from './offerings';

/** One link as the cycle page and "My coaching" show it. */
export interface PdLink {
  id: number;
  cycleId: number;
  /** The goal it serves, or null for the cycle as a whole. */
  goalId: number | null;
  offeringId: number | null;
  title: string;
  url: string;
  /** The offering's kind (catalog links only). */
  kind: OfferingKind | null;
  /** True when the catalog offering has been archived since. */
  archived: boolean;
  why: string;
  /** Who linked it: the teacher or the coach (for "added by you / your coach"). */
  createdBy: number | null;
}

/** The links of a cycle, oldest first. */
export async function linksOfCycle(sequelize: Sequelize, cycleId: number, transaction?: Transaction): Promise<PdLink[]> {
  const rows = await sequelize.query<{ id: number; cycle_id: number; goal_id: number | null; offering_id: number | null; url: string | null; title: string | null; why: string; created_by: number | null; o_title: string | null; o_url: string | null; o_kind: string | null; o_archived: Date | string | null }>(
    `SELECT l.id, l.cycle_id, l.goal_id, l.offering_id, l.url, l.title, l.why, l.created_by, o.title AS o_title, o.url AS o_url, o.kind AS o_kind, o.archived_at AS o_archived
       FROM pd_links l LEFT JOIN pd_offerings o ON o.id = l.offering_id WHERE l.cycle_id = ? ORDER BY l.created_at, l.id`,
    { replacements: [cycleId], type: QueryTypes.SELECT, transaction },
  );
  return rows.map((r) => ({
    id: Number(r.id), cycleId: Number(r.cycle_id), goalId: r.goal_id === null ? null : Number(r.goal_id), offeringId: r.offering_id === null ? null : Number(r.offering_id),
    title: r.o_title ?? r.title ?? r.url ?? 'Link', url: r.o_url ?? r.url ?? '', kind: (r.o_kind as OfferingKind | null) ?? null, archived: r.o_archived !== null && r.o_archived !== undefined,
    why: r.why, createdBy: r.created_by === null ? null : Number(r.created_by),
  }));
}

/** The focus areas a cycle's focus text names (by label or key words, case-insensitive). */
export function focusAreasOf(text: string): Specialty[] {
  const lower = text.toLowerCase();
  return (Object.entries(SPECIALTIES) as Array<[Specialty, string]>).filter(([key, label]) => {
    const words = [label.toLowerCase(), key.replace(/_/g, ' ')];
    return words.some((w) => lower.includes(w));
  }).map(([key]) => key);
}

/**
 * Catalog offerings for a cycle: those whose focus areas meet the cycle's focus (named in its
 * text, weighing most) or what the teacher asked for help with; offerings already linked to the
 * cycle are left out. Best first, at most SUGGESTION_LIMIT.
 */
export function suggestOfferings(catalog: Offering[], cycle: { focus: string }, needAreas: readonly string[], linked: readonly number[]): Offering[] {
  const fromFocus = new Set<string>(focusAreasOf(cycle.focus));
  const needs = new Set(needAreas);
  return catalog
    .filter((o) => !o.archived && !linked.includes(o.id))
    .map((o) => ({ o, score: o.focusAreas.reduce((s, a) => s + (fromFocus.has(a) ? 2 : 0) + (needs.has(a) ? 1 : 0), 0) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.o.title.localeCompare(b.o.title))
    .slice(0, SUGGESTION_LIMIT)
    .map((x) => x.o);
}
