/**
 * Reads of the tenant's professional-learning catalog: the offerings with their focus areas and
 * tags, one offering by id (tenant-bound), and how much each is used — counts only (cycles that
 * link it, sessions and attendees recorded with it), never who.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Specialty } from '../coaching/catalog';
import type { OfferingKind } from './catalog';
import { tagsOf, type StandardTag } from './taxonomy';

export interface Offering {
  id: number;
  title: string;
  kind: OfferingKind;
  url: string;
  focusAreas: Specialty[];
  archived: boolean;
  tags: StandardTag[];
}

interface OfferingDbRow { id: number; title: string; kind: string; url: string; focus_areas: string; archived_at: Date | string | null }

const parseList = (s: string): string[] => { try { const v: unknown = JSON.parse(s); return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []; } catch { return []; } };

async function withTags(sequelize: Sequelize, rows: OfferingDbRow[], transaction?: Transaction): Promise<Offering[]> {
  const tags = await tagsOf(sequelize, 'offering', rows.map((r) => Number(r.id)), transaction);
  return rows.map((r) => ({
    id: Number(r.id), title: r.title, kind: r.kind as OfferingKind, url: r.url, focusAreas: parseList(r.focus_areas) as Specialty[],
    archived: r.archived_at !== null, tags: tags.get(Number(r.id)) ?? [],
  }));
}

/** The catalog, by title; archived offerings only when asked. */
export async function listOfferings(sequelize: Sequelize, tenantId: number, opts: { includeArchived?: boolean; transaction?: Transaction } = {}): Promise<Offering[]> {
  const rows = await sequelize.query<OfferingDbRow>(
    `SELECT id, title, kind, url, focus_areas, archived_at FROM pd_offerings WHERE tenant_id = ?${opts.includeArchived ? '' : ' AND archived_at IS NULL'} ORDER BY title, id`,
    { replacements: [tenantId], type: QueryTypes.SELECT, transaction: opts.transaction },
  );
  return withTags(sequelize, rows, opts.transaction);
}

/** One offering of the tenant, or undefined (another tenant's offering is not found). */
export async function findOffering(sequelize: Sequelize, tenantId: number, id: number, transaction?: Transaction): Promise<Offering | undefined> {
  const rows = await sequelize.query<OfferingDbRow>('SELECT id, title, kind, url, focus_areas, archived_at FROM pd_offerings WHERE id = ? AND tenant_id = ?', { replacements: [id, tenantId], type: QueryTypes.SELECT, transaction });
  return rows[0] ? (await withTags(sequelize, rows, transaction))[0] : undefined;
}

/** How an offering is used, as counts. */
export interface OfferingUsage { cycles: number; sessions: number; attendees: number }

/** Usage counts of every offering of the tenant (offerings never used are absent). */
export async function offeringUsage(sequelize: Sequelize, tenantId: number): Promise<Map<number, OfferingUsage>> {
  const q = <T extends object>(sql: string) => sequelize.query<T>(sql, { replacements: [tenantId], type: QueryTypes.SELECT });
  const [links, sessions] = await Promise.all([
    q<{ id: number; cycles: number }>('SELECT o.id, COUNT(DISTINCT l.cycle_id) AS cycles FROM pd_offerings o JOIN pd_links l ON l.offering_id = o.id WHERE o.tenant_id = ? GROUP BY o.id'),
    q<{ id: number; sessions: number; attendees: number }>(
      `SELECT o.id, COUNT(DISTINCT so.session_id) AS sessions, COUNT(DISTINCT a.teacher_person_id) AS attendees
         FROM pd_offerings o JOIN session_offerings so ON so.offering_id = o.id LEFT JOIN session_attendees a ON a.session_id = so.session_id
        WHERE o.tenant_id = ? GROUP BY o.id`),
  ]);
  const out = new Map<number, OfferingUsage>();
  const entry = (id: number) => out.get(id) ?? { cycles: 0, sessions: 0, attendees: 0 };
  for (const r of links) out.set(Number(r.id), { ...entry(Number(r.id)), cycles: Number(r.cycles) });
  for (const r of sessions) out.set(Number(r.id), { ...entry(Number(r.id)), sessions: Number(r.sessions), attendees: Number(r.attendees) });
  return out;
}

/** True when a cycle links the offering or a session was recorded with it (it is then archived, never deleted). */
export async function offeringInUse(sequelize: Sequelize, id: number, transaction?: Transaction): Promise<boolean> {
  for (const sql of ['SELECT 1 AS x FROM pd_links WHERE offering_id = ? LIMIT 1', 'SELECT 1 AS x FROM session_offerings WHERE offering_id = ? LIMIT 1']) {
    if ((await sequelize.query(sql, { replacements: [id], type: QueryTypes.SELECT, transaction })).length) return true;
  }
  return false;
}
