/**
 * What a coaching session adds to professional learning: its standards tags and, for attendance
 * at a workshop, PLC or course, the catalog offering it belongs to. Written inside the session
 * command's transaction.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { badRequest } from '../../auth/httpError';
import { findOffering } from './offerings';
import { checkTagIds, setTags } from './taxonomy';

/** The tags and offering of a session as saved. */
export interface SessionLearning {
  tagIds: number[];
  offeringId: number | null;
}

/** The tags and offering a session carries now. */
export async function sessionLearning(sequelize: Sequelize, sessionId: number, transaction?: Transaction): Promise<SessionLearning> {
  const [tags, offering] = await Promise.all([
    sequelize.query<{ tag_id: number }>('SELECT tag_id FROM session_tags WHERE session_id = ?', { replacements: [sessionId], type: QueryTypes.SELECT, transaction }),
    sequelize.query<{ offering_id: number }>('SELECT offering_id FROM session_offerings WHERE session_id = ?', { replacements: [sessionId], type: QueryTypes.SELECT, transaction }),
  ]);
  return { tagIds: tags.map((t) => Number(t.tag_id)), offeringId: offering[0] ? Number(offering[0].offering_id) : null };
}

/**
 * Sets a session's tags and offering after checking them against the tenant's taxonomy and
 * catalog; a retired tag or archived offering the session already had may stay.
 */
export async function saveSessionLearning(sequelize: Sequelize, tenantId: number, sessionId: number, wanted: { tagIds?: number[]; offeringId?: number }, transaction: Transaction): Promise<void> {
  const before = await sessionLearning(sequelize, sessionId, transaction);
  const tags = await checkTagIds(sequelize, tenantId, wanted.tagIds ?? [], before.tagIds, transaction);
  if (wanted.offeringId !== undefined) {
    const offering = await findOffering(sequelize, tenantId, wanted.offeringId, transaction);
    if (!offering || (offering.archived && before.offeringId !== offering.id)) throw badRequest('Choose the offering from the catalog (this one is no longer offered).', 'UNKNOWN_OFFERING');
  }
  await setTags(sequelize, 'session', sessionId, tags, transaction);
  if (before.offeringId !== (wanted.offeringId ?? null)) {
    await sequelize.query('DELETE FROM session_offerings WHERE session_id = ?', { replacements: [sessionId], transaction });
    if (wanted.offeringId !== undefined) await sequelize.query('INSERT INTO session_offerings (session_id, offering_id) VALUES (?, ?)', { replacements: [sessionId, wanted.offeringId], transaction });
  }
}
