/**
 * An admin keeps the district's part of the taxonomy: adds a tag, renames it, removes it (a tag
 * in use is retired instead, so goals, sessions and offerings keep it) or restores a retired one.
 * ISTE items keep their names and numbers; they can be retired and restored like any tag.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, forbidden, HttpError, notFound } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { ensureTaxonomy, tagInUse } from '../taxonomy';

interface TagRow { id: number; framework: string; code: string | null; name: string; retired_at: Date | string | null }

function adminOnly(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden('Only program admins edit the standards and curriculum tags.');
}

async function loadTag(sequelize: Sequelize, actor: Actor, tagId: number, transaction: Transaction): Promise<TagRow> {
  const rows = await sequelize.query<TagRow>('SELECT id, framework, code, name, retired_at FROM standard_tags WHERE id = ? AND tenant_id = ?', { replacements: [tagId, actor.tenant.id], type: QueryTypes.SELECT, transaction });
  if (!rows[0]) throw notFound('tag');
  return rows[0];
}

/** Refuses a district name or code another district tag already has (case-insensitive). */
async function assertUnique(sequelize: Sequelize, tenantId: number, name: string, code: string | undefined, exceptId: number, transaction: Transaction): Promise<void> {
  const rows = await sequelize.query<{ name: string; code: string | null }>("SELECT name, code FROM standard_tags WHERE tenant_id = ? AND framework = 'district' AND id <> ?", { replacements: [tenantId, exceptId], type: QueryTypes.SELECT, transaction });
  if (rows.some((r) => r.name.toLowerCase() === name.toLowerCase())) throw badRequest(`There is already a district tag named “${name}”. Use it, or choose another name.`, 'TAG_EXISTS');
  if (code && rows.some((r) => r.code?.toLowerCase() === code.toLowerCase())) throw badRequest(`The code “${code}” is already taken by another district tag.`, 'TAG_CODE_EXISTS');
}

/** Adds a district tag; returns its id. */
export async function addDistrictTag(sequelize: Sequelize, props: { actor: Actor; name: string; code?: string }, now = new Date()): Promise<number> {
  adminOnly(props.actor);
  await ensureTaxonomy(sequelize, props.actor.tenant.id);
  return sequelize.transaction(async (transaction) => {
    await assertUnique(sequelize, props.actor.tenant.id, props.name, props.code, 0, transaction);
    const [{ n }] = await sequelize.query<{ n: number }>("SELECT COUNT(*) AS n FROM standard_tags WHERE tenant_id = ? AND framework = 'district'", { replacements: [props.actor.tenant.id], type: QueryTypes.SELECT, transaction });
    return insertRow(sequelize, 'standard_tags', { tenant_id: props.actor.tenant.id, framework: 'district', code: props.code ?? null, name: props.name, position: Number(n), created_at: now, updated_at: now }, transaction);
  });
}

/** Renames a district tag (its code too); every goal, session and offering carrying it shows the new name. */
export async function renameTag(sequelize: Sequelize, props: { actor: Actor; tagId: number; name: string; code?: string }, now = new Date()): Promise<void> {
  adminOnly(props.actor);
  await sequelize.transaction(async (transaction) => {
    const tag = await loadTag(sequelize, props.actor, props.tagId, transaction);
    if (tag.framework !== 'district') throw new HttpError(409, 'ISTE items keep their names', 'The ISTE items keep the names and numbers of the standards. Retire an item you do not use, or add a district tag of your own.', 'FIXED_TAG');
    await assertUnique(sequelize, props.actor.tenant.id, props.name, props.code, tag.id, transaction);
    await sequelize.query('UPDATE standard_tags SET name = ?, code = ?, updated_at = ? WHERE id = ?', { replacements: [props.name, props.code ?? null, now, tag.id], transaction });
  });
}

/** Removes a tag: deleted when nothing carries it, retired otherwise (an ISTE item is always retired). Says which. */
export async function removeTag(sequelize: Sequelize, props: { actor: Actor; tagId: number }, now = new Date()): Promise<'deleted' | 'retired'> {
  adminOnly(props.actor);
  return sequelize.transaction(async (transaction) => {
    const tag = await loadTag(sequelize, props.actor, props.tagId, transaction);
    if (tag.framework === 'district' && !(await tagInUse(sequelize, tag.id, transaction))) {
      await sequelize.query('DELETE FROM standard_tags WHERE id = ?', { replacements: [tag.id], transaction });
      return 'deleted';
    }
    if (tag.retired_at === null) await sequelize.query('UPDATE standard_tags SET retired_at = ?, updated_at = ? WHERE id = ?', { replacements: [now, now, tag.id], transaction });
    return 'retired';
  });
}

/** Brings a retired tag back into the lists. */
export async function restoreTag(sequelize: Sequelize, props: { actor: Actor; tagId: number }, now = new Date()): Promise<void> {
  adminOnly(props.actor);
  await sequelize.transaction(async (transaction) => {
    const tag = await loadTag(sequelize, props.actor, props.tagId, transaction);
    await sequelize.query('UPDATE standard_tags SET retired_at = NULL, updated_at = ? WHERE id = ?', { replacements: [now, tag.id], transaction });
  });
}
