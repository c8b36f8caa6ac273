/**
 * The minimum group size: no figure about people (a count, an average, a chart bar, a free-text
 * answer shown with respondent attributes) is shown for a group smaller than this. Default 5;
 * a program admin may change it, never below 3 (DESIGN.md, the privacy wall).
 */
import { QueryTypes, type Sequelize } from 'sequelize';

export const DEFAULT_MIN_GROUP_SIZE = 5;
export const LOWEST_MIN_GROUP_SIZE = 3;

/** The tenant's minimum group size. */
export async function minGroupSize(sequelize: Sequelize, tenantId: number): Promise<number> {
  const rows = await sequelize.query<{ n: number }>('SELECT min_group_size AS n FROM program_settings WHERE tenant_id = ?', { replacements: [tenantId], type: QueryTypes.SELECT });
  return rows[0] ? Math.max(LOWEST_MIN_GROUP_SIZE, Number(rows[0].n)) : DEFAULT_MIN_GROUP_SIZE;
}

/** A figure over `n` people, or undefined when the group is too small to show it. */
export function suppressed<T>(n: number, min: number, value: T): T | undefined {
  return n >= min ? value : undefined;
}
