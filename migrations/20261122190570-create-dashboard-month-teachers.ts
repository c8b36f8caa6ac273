/**
 * Exact counts of distinct teachers with sessions, per space and month: in all (dim 'all'), with
 * each coach (dim 'coach', dim_value the coach's id) and in each kind of session (dim 'kind').
 * The dashboard applies the minimum group size with them: a month's count is exact, and over
 * several months the largest monthly count is a lower bound of the distinct teachers (it can only
 * hide more); only groups whose bound falls short are counted exactly. Kept by the triggers of
 * 20261122190580 in the same transaction as each session.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('dashboard_month_teachers', {
    space_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    /** YYYY-MM */
    month: { type: DataTypes.STRING(7), primaryKey: true },
    /** all | coach | kind */
    dim: { type: DataTypes.STRING(8), primaryKey: true },
    /** '' (all), the coach's person id (coach) or the kind of session (kind). */
    dim_value: { type: DataTypes.STRING(16), primaryKey: true },
    teachers: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('dashboard_month_teachers');
}
