/**
 * An admin keeps the district's professional-learning catalog: adds and edits offerings, removes
 * one (an offering a cycle links or a session was recorded with is archived instead, so those
 * records keep it) and restores an archived one.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { forbidden, notFound } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import type { Specialty } from '../../coaching/catalog';
import type { OfferingKind } from '../catalog';
import { offeringInUse } from '../offerings';
import { checkTagIds, setTags } from '../taxonomy';

export interface OfferingProps {
  /** A program admin of the tenant. */
  actor: Actor;
  title: string;
  kind: OfferingKind;
  /** http(s) link (validated by the schema). */
  url: string;
  focusAreas: Specialty[];
  /** Standards tag ids (checked against the tenant's taxonomy here). */
  tags: number[];
}

function adminOnly(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden('Only program admins edit the professional-learning catalog.');
}

async function assertOffering(sequelize: Sequelize, actor: Actor, id: number, transaction: Transaction): Promise<{ archived: boolean }> {
  const rows = await sequelize.query<{ archived_at: Date | string | null }>('SELECT archived_at FROM pd_offerings WHERE id = ? AND tenant_id = ?', { replacements: [id, actor.tenant.id], type: QueryTypes.SELECT, transaction });
  if (!rows[0]) throw notFound('offering');
  return { archived: rows[0].archived_at !== null };
}

/** Adds an offering to the catalog; returns its id. */
export async function createOffering(sequelize: Sequelize, props: OfferingProps, now = new Date()): Promise<number> {
  adminOnly(props.actor);
  return sequelize.transaction(async (transaction) => {
    const tags = await checkTagIds(sequelize, props.actor.tenant.id, props.tags, [], transaction);
    const id = await insertRow(sequelize, 'pd_offerings', {
      tenant_id: props.actor.tenant.id, title: props.title, kind: props.kind, url: props.url, focus_areas: JSON.stringify([...new Set(props.focusAreas)]),
      archived_at: null, created_by: props.actor.person.id, created_at: now, updated_at: now,
    }, transaction);
    await setTags(sequelize, 'offering', id, tags, transaction);
    return id;
  });
}

/** Saves an edited offering (a retired tag it already carries may stay). */
export async function updateOffering(sequelize: Sequelize, props: OfferingProps & { offeringId: number }, now = new Date()): Promise<void> {
  adminOnly(props.actor);
  await sequelize.transaction(async (transaction) => {
    await assertOffering(sequelize, props.actor, props.offeringId, transaction);
    const kept = (await sequelize.query<{ tag_id: number }>('SELECT tag_id FROM offering_tags WHERE offering_id = ?', { replacements: [props.offeringId], type: QueryTypes.SELECT, transaction })).map((r) => Number(r.tag_id));
    const tags = await checkTagIds(sequelize, props.actor.tenant.id, props.tags, kept, transaction);
    await sequelize.query('UPDATE pd_offerings SET title = ?, kind = ?, url = ?, focus_areas = ?, updated_at = ? WHERE id = ?', {
      replacements: [props.title, props.kind, props.url, JSON.stringify([...new Set(props.focusAreas)]), now, props.offeringId], transaction,
    });
    await setTags(sequelize, 'offering', props.offeringId, tags, transaction);
  });
}

/** Removes an offering: deleted when nothing uses it, archived otherwise. Says which. */
export async function removeOffering(sequelize: Sequelize, props: { actor: Actor; offeringId: number }, now = new Date()): Promise<'deleted' | 'archived'> {
  adminOnly(props.actor);
  return sequelize.transaction(async (transaction) => {
    const { archived } = await assertOffering(sequelize, props.actor, props.offeringId, transaction);
    if (!(await offeringInUse(sequelize, props.offeringId, transaction))) {
      await sequelize.query('DELETE FROM pd_offerings WHERE id = ?', { replacements: [props.offeringId], transaction });
      return 'deleted';
    }
    if (!archived) await sequelize.query('UPDATE pd_offerings SET archived_at = ?, updated_at = ? WHERE id = ?', { replacements: [now, now, props.offeringId], transaction });
    return 'archived';
  });
}

/** Puts an archived offering back in the catalog. */
export async function restoreOffering(sequelize: Sequelize, props: { actor: Actor; offeringId: number }, now = new Date()): Promise<void> {
  adminOnly(props.actor);
  await sequelize.transaction(async (transaction) => {
    await assertOffering(sequelize, props.actor, props.offeringId, transaction);
    await sequelize.query('UPDATE pd_offerings SET archived_at = NULL, updated_at = ? WHERE id = ?', { replacements: [now, props.offeringId], transaction });
  });
}
