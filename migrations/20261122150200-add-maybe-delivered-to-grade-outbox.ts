/**
 * grade_outbox.maybe_delivered: an earlier attempt of the row got no answer (time-out, dropped
 * connection, gateway error, crashed or stopped worker), so the LMS may already hold the score.
 * When the LMS later refuses the same score as "not newer", this says it was most likely ours.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.addColumn('grade_outbox', 'maybe_delivered', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.removeColumn('grade_outbox', 'maybe_delivered');
}
