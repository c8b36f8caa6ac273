/**
 * The teacher or their assigned coach links professional learning — a catalog offering or any
 * http(s) LMS page or module — to their cycle or one of its goals, with a line on why it matters;
 * and unlinks it. The cycle policy decides (a teacher cannot link into another teacher's cycle:
 * that cycle is "not found" to them).
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, notFound } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { loadCycleFor } from '../../coaching/cycleRecords';
import { findOffering } from '../offerings';

export interface LinkProps {
  /** The cycle's teacher or assigned coach. */
  actor: Actor;
  cycleId: number;
  /** The goal of that cycle it serves; undefined for the cycle as a whole. */
  goalId?: number;
  /** A catalog offering of the tenant (not archived) … */
  offeringId?: number;
  /** … or a link of one's own with a short title. */
  url?: string;
  title?: string;
  /** One line on why it matters. */
  why: string;
}

/** Creates the link; returns its id. */
export async function linkLearning(sequelize: Sequelize, props: LinkProps, now = new Date()): Promise<number> {
  return sequelize.transaction(async (transaction) => {
    const { cycle } = await loadCycleFor(sequelize, props.actor, props.cycleId, 'linkLearning', transaction);
    if (props.goalId !== undefined) {
      const goals = await sequelize.query('SELECT id FROM goals WHERE id = ? AND cycle_id = ?', { replacements: [props.goalId, cycle.id], type: QueryTypes.SELECT, transaction });
      if (!goals.length) throw badRequest('Choose one of this cycle’s goals, or the cycle as a whole.', 'UNKNOWN_GOAL');
    }
    if ((props.offeringId === undefined) === (props.url === undefined)) throw badRequest('Choose an offering from the catalog or paste a link, one of the two.', 'LINK_SOURCE');
    if (props.offeringId !== undefined) {
      const offering = await findOffering(sequelize, props.actor.tenant.id, props.offeringId, transaction);
      if (!offering || offering.archived) throw badRequest('Choose an offering from the catalog (this one is no longer offered).', 'UNKNOWN_OFFERING');
      const same = await sequelize.query(`SELECT id FROM pd_links WHERE cycle_id = ? AND offering_id = ? AND ${props.goalId === undefined ? 'goal_id IS NULL' : 'goal_id = ?'}`,
        { replacements: [cycle.id, offering.id, ...(props.goalId === undefined ? [] : [props.goalId])], type: QueryTypes.SELECT, transaction });
      if (same.length) throw badRequest(`“${offering.title}” is already linked there.`, 'ALREADY_LINKED');
    }
    return insertRow(sequelize, 'pd_links', {
      cycle_id: cycle.id, goal_id: props.goalId ?? null, offering_id: props.offeringId ?? null, url: props.url ?? null, title: props.offeringId === undefined ? props.title ?? null : null,
      why: props.why, created_by: props.actor.person.id, created_at: now,
    }, transaction);
  });
}

/** Removes a link of a cycle the actor may link into; returns the cycle id. */
export async function unlinkLearning(sequelize: Sequelize, props: { actor: Actor; linkId: number }): Promise<number> {
  if (!props.actor.space) throw notFound('link');
  return sequelize.transaction(async (transaction) => {
    const rows = await sequelize.query<{ cycle_id: number }>('SELECT l.cycle_id FROM pd_links l JOIN cycles c ON c.id = l.cycle_id WHERE l.id = ? AND c.space_id = ?', { replacements: [props.linkId, props.actor.space!.id], type: QueryTypes.SELECT, transaction });
    if (!rows[0]) throw notFound('link');
    const cycleId = Number(rows[0].cycle_id);
    try {
      await loadCycleFor(sequelize, props.actor, cycleId, 'linkLearning', transaction);
    } catch (err) {
      if ((err as { status?: number }).status === 404) throw notFound('link');
      throw err;
    }
    await sequelize.query('DELETE FROM pd_links WHERE id = ?', { replacements: [props.linkId], transaction });
    return cycleId;
  });
}
