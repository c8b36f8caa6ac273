/** The dashboard reads the goals due in a period by cycle and status from this index alone (covering). */
import type { QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.addIndex('goals', ['due_on', 'cycle_id', 'status'], { name: 'goals_due_cycle_status' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.removeIndex('goals', 'goals_due_cycle_status');
}
