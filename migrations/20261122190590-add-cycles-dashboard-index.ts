/** The dashboard's cycle figures (cycles that ran in a period, by status, with distinct teachers) read this index alone (covering). */
import type { QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.addIndex('cycles', ['space_id', 'starts_on', 'closed_at', 'status', 'teacher_person_id'], { name: 'cycles_space_period' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.removeIndex('cycles', 'cycles_space_period');
}
