/**
 * The dashboard counts the distinct teachers behind a rare kind of session exactly from the
 * session log (the rollups cannot): sessions of a space and kind over a range of days.
 */
import type { QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.addIndex('coaching_sessions', ['space_id', 'kind', 'held_on'], { name: 'coaching_sessions_space_kind_date' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.removeIndex('coaching_sessions', 'coaching_sessions_space_kind_date');
}
