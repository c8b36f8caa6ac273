/**
 * The tenant's standards taxonomy: reading it (the ISTE items are seeded on the tenant's launches,
 * ensureTaxonomyOnce), checking tag ids that come in a form, and the tags of goals, sessions and
 * offerings. Tags belong to a tenant; an id from another tenant is refused like an unknown one.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { badRequest } from '../../auth/httpError';
import { upsertRows } from '../../db/upsert';
import { FRAMEWORK_KEYS, FRAMEWORKS, ISTE_ITEMS, MAX_TAGS, type Framework } from './catalog';

/** One item of the taxonomy. */
export interface StandardTag {
  id: number;
  framework: Framework;
  code: string | null;
  name: string;
  /** "ISTE 2.4 Collaborator", "ELA-3 Close reading", "Close reading" */
  label: string;
  retired: boolean;
}

interface TagDbRow { id: number; framework: string; code: string | null; name: string; position: number; retired_at: Date | string | null }

/** The label a person reads: the number (ISTE items say so) and the name. */
export function tagLabel(t: { framework: string; code: string | null; name: string }): string {
  if (t.framework === 'district') return t.code ? `${t.code} ${t.name}` : t.name;
  return `ISTE ${t.code ?? ''} ${t.name}`.replace(/\s+/g, ' ');
}

const toTag = (r: TagDbRow): StandardTag => ({
  id: Number(r.id), framework: r.framework as Framework, code: r.code, name: r.name, label: tagLabel(r), retired: r.retired_at !== null,
});

const FRAMEWORK_ORDER = (f: string) => FRAMEWORK_KEYS.indexOf(f as Framework);

/** Adds the ISTE items a tenant does not have yet (idempotent; renames and retirements stay). */
export async function ensureTaxonomy(sequelize: Sequelize, tenantId: number, transaction?: Transaction): Promise<void> {
  const [{ n }] = await sequelize.query<{ n: number }>("SELECT COUNT(*) AS n FROM standard_tags WHERE tenant_id = ? AND framework <> 'district'", { replacements: [tenantId], type: QueryTypes.SELECT, transaction });
  if (Number(n) >= ISTE_ITEMS.length) return;
  const now = new Date();
  await upsertRows(sequelize, {
    table: 'standard_tags',
    rows: ISTE_ITEMS.map((item, i) => ({ tenant_id: tenantId, framework: item.framework, code: item.code, name: item.name, position: i, created_at: now, updated_at: now })),
    conflictKeys: ['tenant_id', 'framework', 'code'],
    // Nothing of an existing row changes: the key column is set to itself.
    updateColumns: ['code'],
    transaction,
  });
}

const seededTenants = new WeakMap<Sequelize, Set<number>>();

/**
 * Seeds the tenant's ISTE items once per process: called on every launch, so pages only read
 * the taxonomy (a read, or a refused request, never writes).
 */
export async function ensureTaxonomyOnce(sequelize: Sequelize, tenantId: number): Promise<void> {
  let seen = seededTenants.get(sequelize);
  if (!seen) seededTenants.set(sequelize, (seen = new Set()));
  if (seen.has(tenantId)) return;
  await ensureTaxonomy(sequelize, tenantId);
  seen.add(tenantId);
}

/** The tenant's taxonomy in reading order (frameworks, then position); retired items only when asked. */
export async function listTags(sequelize: Sequelize, tenantId: number, opts: { includeRetired?: boolean; transaction?: Transaction } = {}): Promise<StandardTag[]> {
  const rows = await sequelize.query<TagDbRow>(
    `SELECT id, framework, code, name, position, retired_at FROM standard_tags WHERE tenant_id = ?${opts.includeRetired ? '' : ' AND retired_at IS NULL'}`,
    { replacements: [tenantId], type: QueryTypes.SELECT, transaction: opts.transaction },
  );
  return rows.sort((a, b) => FRAMEWORK_ORDER(a.framework) - FRAMEWORK_ORDER(b.framework) || Number(a.position) - Number(b.position) || Number(a.id) - Number(b.id)).map(toTag);
}

/** The taxonomy grouped by framework, each item marked when it is among `chosen` (for checkbox lists). */
export function tagChoices(tags: StandardTag[], chosen: readonly number[] = [], idPrefix = 'tag') {
  return FRAMEWORK_KEYS.map((framework) => ({
    framework, name: FRAMEWORKS[framework],
    tags: tags.filter((t) => t.framework === framework && (!t.retired || chosen.includes(t.id)))
      .map((t) => ({ id: t.id, label: t.label, retired: t.retired, checked: chosen.includes(t.id), inputId: `${idPrefix}-${t.id}` })),
  })).filter((g) => g.tags.length > 0);
}

/**
 * Checks tag ids from a form: each must be an item of the tenant, and a retired one only if the
 * record already carries it (`kept`). Returns them without duplicates; a 400 says what is wrong.
 */
export async function checkTagIds(sequelize: Sequelize, tenantId: number, ids: readonly number[], kept: readonly number[] = [], transaction?: Transaction): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_TAGS) throw badRequest(`Choose at most ${MAX_TAGS} standards or curriculum tags.`, 'TOO_MANY_TAGS');
  if (!unique.length) return [];
  const rows = await sequelize.query<{ id: number; retired_at: Date | string | null }>(
    `SELECT id, retired_at FROM standard_tags WHERE tenant_id = ? AND id IN (${unique.map(() => '?').join(', ')})`,
    { replacements: [tenantId, ...unique], type: QueryTypes.SELECT, transaction },
  );
  const usable = new Set(rows.filter((r) => r.retired_at === null || kept.includes(Number(r.id))).map((r) => Number(r.id)));
  if (unique.some((id) => !usable.has(id))) throw badRequest('Choose standards and curriculum tags from the list (a tag may have been retired meanwhile; reload the page).', 'UNKNOWN_TAG');
  return unique;
}

/** The tables that tag a record, with the record's column. */
export const TAGGED = {
  goal: { table: 'goal_tags', column: 'goal_id' },
  session: { table: 'session_tags', column: 'session_id' },
  offering: { table: 'offering_tags', column: 'offering_id' },
} as const;
export type Tagged = keyof typeof TAGGED;

/** Replaces the tags of one record (inside the caller's transaction). */
export async function setTags(sequelize: Sequelize, kind: Tagged, recordId: number, tagIds: readonly number[], transaction: Transaction): Promise<void> {
  const { table, column } = TAGGED[kind];
  await sequelize.query(`DELETE FROM ${table} WHERE ${column} = ?`, { replacements: [recordId], transaction });
  for (const tagId of new Set(tagIds)) await sequelize.query(`INSERT INTO ${table} (${column}, tag_id) VALUES (?, ?)`, { replacements: [recordId, tagId], transaction });
}

/** The tags of several records of one kind, by record id. */
export async function tagsOf(sequelize: Sequelize, kind: Tagged, recordIds: readonly number[], transaction?: Transaction): Promise<Map<number, StandardTag[]>> {
  const out = new Map<number, StandardTag[]>();
  if (!recordIds.length) return out;
  const { table, column } = TAGGED[kind];
  const rows = await sequelize.query<TagDbRow & { record_id: number }>(
    `SELECT x.${column} AS record_id, t.id, t.framework, t.code, t.name, t.position, t.retired_at
       FROM ${table} x JOIN standard_tags t ON t.id = x.tag_id WHERE x.${column} IN (${recordIds.map(() => '?').join(', ')})`,
    { replacements: [...recordIds], type: QueryTypes.SELECT, transaction },
  );
  rows.sort((a, b) => FRAMEWORK_ORDER(a.framework) - FRAMEWORK_ORDER(b.framework) || Number(a.position) - Number(b.position) || Number(a.id) - Number(b.id));
  for (const r of rows) {
    const list = out.get(Number(r.record_id)) ?? [];
    list.push(toTag(r));
    out.set(Number(r.record_id), list);
  }
  return out;
}

/** True when a goal, session or offering carries the tag (it is then retired, never deleted). */
export async function tagInUse(sequelize: Sequelize, tagId: number, transaction?: Transaction): Promise<boolean> {
  for (const { table } of Object.values(TAGGED)) {
    const rows = await sequelize.query(`SELECT 1 AS x FROM ${table} WHERE tag_id = ? LIMIT 1`, { replacements: [tagId], type: QueryTypes.SELECT, transaction });
    if (rows.length) return true;
  }
  return false;
}

/** The tenant's tags that something carries, in one query (for the standards page). */
export async function tagsInUse(sequelize: Sequelize, tenantId: number): Promise<Set<number>> {
  const rows = await sequelize.query<{ tag_id: number }>(
    `SELECT DISTINCT x.tag_id FROM (${Object.values(TAGGED).map(({ table }) => `SELECT tag_id FROM ${table}`).join(' UNION ')}) x
       JOIN standard_tags t ON t.id = x.tag_id WHERE t.tenant_id = ?`,
    { replacements: [tenantId], type: QueryTypes.SELECT },
  );
  return new Set(rows.map((r) => Number(r.tag_id)));
}
