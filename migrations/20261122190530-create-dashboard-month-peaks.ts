/**
 * Upper bounds the dashboard uses to prove, without counting, that a figure covers enough
 * teachers: per space and month, the most sessions one teacher had with one coach
 * (coach_person_id = that coach) and with all coaches together (coach_person_id = 0). Attendances
 * divided by such a bound is a lower bound of the distinct teachers behind them. A peak never
 * goes down when sessions are removed, so it stays an upper bound (the bound only gets safer).
 * Kept by the triggers of 20261122190540.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('dashboard_month_peaks', {
    space_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    /** YYYY-MM */
    month: { type: DataTypes.STRING(7), primaryKey: true },
    /** The coach, or 0 for all coaches together (so no foreign key). */
    coach_person_id: { type: DataTypes.INTEGER, primaryKey: true },
    peak: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('dashboard_month_peaks');
}
