/** Shared by the reflection commands: the refusal of a move the state machine forbids, and a state-guarded update. */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { HttpError } from '../../../auth/httpError';
import type { ReflectionStatus } from '../catalog';

/** 409 with the state machine's words. */
export function illegalMove(message: string): HttpError {
  return new HttpError(409, 'Not possible in this state', message, 'ILLEGAL_MOVE');
}

const COLUMN = /^[a-z_]+$/;

/**
 * Updates the reflection only if it is still in `from` (another request may have moved it since
 * it was read: the second of two clicks on "Complete" changes nothing). True when it changed.
 */
export async function conditionalUpdate(sequelize: Sequelize, reflectionId: number, from: ReflectionStatus, set: Record<string, unknown>, transaction: Transaction): Promise<boolean> {
  const columns = Object.keys(set);
  for (const c of columns) if (!COLUMN.test(c)) throw new Error(`Refusing unsafe column name: ${c}`);
  const [, affected] = (await sequelize.query(
    `UPDATE reflections SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND status = ?`,
    { replacements: [...Object.values(set), reflectionId, from], type: QueryTypes.UPDATE, transaction },
  )) as unknown as [unknown, number];
  return affected === 1;
}
