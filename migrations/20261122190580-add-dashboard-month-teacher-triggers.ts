/**
 * Keeps dashboard_month_teachers exact: a teacher counts in a month (for a coach, a kind, or at
 * all) while they have at least one session there. Triggers on the two per-teacher rollups add 1
 * when a teacher's count for a coach or kind goes from 0 to more, take 1 off when it goes back to
 * 0, and do the same for 'all' when it was the teacher's only coach that month. Same transaction
 * as the session. `up` then rebuilds the counts from the rollups.
 */
import type { QueryInterface, Sequelize } from 'sequelize';

type Dialect = 'sqlite' | 'mysql';
type Row = 'NEW' | 'OLD';
type Dim = { table: string; dim: 'coach' | 'kind'; column: string; prefix: string };

const DIMS: Dim[] = [
  { table: 'dashboard_teacher_months', dim: 'coach', column: 'coach_person_id', prefix: 'dashboard_month_teachers_coach' },
  { table: 'dashboard_teacher_kinds', dim: 'kind', column: 'kind', prefix: 'dashboard_month_teachers_kind' },
];
const NAMES = DIMS.flatMap((d) => [`${d.prefix}_insert`, `${d.prefix}_update`, `${d.prefix}_delete`]);
const KEY = 'space_id, month, dim, dim_value';

/**
 * A value as text. On MariaDB CONCAT with a literal gives it the lowest precedence of collation,
 * so comparing it with dim_value uses the column's collation whatever the connection's is.
 */
const text = (dialect: Dialect, v: string) => (dialect === 'sqlite' ? `CAST(${v} AS TEXT)` : `CONCAT('', ${v})`);

/**
 * Statements adding `delta` to the row's own dimension and, when it was the teacher's only active
 * row that month, to 'all'; each only when `guard` holds.
 */
function change(dialect: Dialect, d: Dim, row: Row, delta: 1 | -1, guard = '1 = 1'): string[] {
  const noOther = `NOT EXISTS (SELECT 1 FROM dashboard_teacher_months o WHERE o.space_id = ${row}.space_id AND o.month = ${row}.month AND o.teacher_person_id = ${row}.teacher_person_id
                    AND o.sessions > 0${d.dim === 'coach' ? ` AND o.coach_person_id <> ${row}.coach_person_id` : ''})`;
  const targets: Array<[string, string, string]> = [[`'${d.dim}'`, text(dialect, `${row}.${d.column}`), guard]];
  if (d.dim === 'coach') targets.push(["'all'", "''", `${guard} AND ${noOther}`]);
  return targets.map(([dim, value, condition]) => {
    if (delta === -1) {
      return `UPDATE dashboard_month_teachers SET teachers = teachers - 1 WHERE space_id = ${row}.space_id AND month = ${row}.month AND dim = ${dim} AND dim_value = ${value} AND ${condition}`;
    }
    const insert = `INSERT INTO dashboard_month_teachers (${KEY}, teachers) SELECT ${row}.space_id, ${row}.month, ${dim}, ${value}, 1 ${dialect === 'mysql' ? 'FROM DUAL ' : ''}WHERE ${condition}`;
    return dialect === 'sqlite'
      ? `${insert} ON CONFLICT (${KEY}) DO UPDATE SET teachers = dashboard_month_teachers.teachers + 1`
      : `${insert} ON DUPLICATE KEY UPDATE teachers = dashboard_month_teachers.teachers + 1`;
  });
}

function triggers(dialect: Dialect): string[] {
  return DIMS.flatMap((d) => {
    if (dialect === 'sqlite') {
      return [
        `CREATE TRIGGER ${d.prefix}_insert AFTER INSERT ON ${d.table} WHEN NEW.sessions > 0 BEGIN ${change(dialect, d, 'NEW', 1).join('; ')}; END`,
        `CREATE TRIGGER ${d.prefix}_update AFTER UPDATE OF sessions ON ${d.table} WHEN (OLD.sessions > 0) <> (NEW.sessions > 0) BEGIN
           ${[...change(dialect, d, 'NEW', 1, 'NEW.sessions > 0'), ...change(dialect, d, 'NEW', -1, 'NEW.sessions <= 0')].join('; ')};
         END`,
        `CREATE TRIGGER ${d.prefix}_delete AFTER DELETE ON ${d.table} WHEN OLD.sessions > 0 BEGIN ${change(dialect, d, 'OLD', -1).join('; ')}; END`,
      ];
    }
    return [
      `CREATE TRIGGER ${d.prefix}_insert AFTER INSERT ON ${d.table} FOR EACH ROW BEGIN IF NEW.sessions > 0 THEN ${change(dialect, d, 'NEW', 1).join('; ')}; END IF; END`,
      `CREATE TRIGGER ${d.prefix}_update AFTER UPDATE ON ${d.table} FOR EACH ROW
       BEGIN
         IF OLD.sessions <= 0 AND NEW.sessions > 0 THEN ${change(dialect, d, 'NEW', 1).join('; ')}; END IF;
         IF OLD.sessions > 0 AND NEW.sessions <= 0 THEN ${change(dialect, d, 'NEW', -1).join('; ')}; END IF;
       END`,
      `CREATE TRIGGER ${d.prefix}_delete AFTER DELETE ON ${d.table} FOR EACH ROW BEGIN IF OLD.sessions > 0 THEN ${change(dialect, d, 'OLD', -1).join('; ')}; END IF; END`,
    ];
  });
}

/** Recomputes every count from the two rollups (one transaction). */
export async function rebuildMonthTeachers(sequelize: Sequelize): Promise<void> {
  const dialect: Dialect = sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql';
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM dashboard_month_teachers', { transaction });
    await sequelize.query(
      `INSERT INTO dashboard_month_teachers (${KEY}, teachers)
       SELECT space_id, month, 'coach', ${text(dialect, 'coach_person_id')}, COUNT(*) FROM dashboard_teacher_months WHERE sessions > 0 GROUP BY space_id, month, coach_person_id`,
      { transaction },
    );
    await sequelize.query(
      `INSERT INTO dashboard_month_teachers (${KEY}, teachers)
       SELECT space_id, month, 'all', '', COUNT(DISTINCT teacher_person_id) FROM dashboard_teacher_months WHERE sessions > 0 GROUP BY space_id, month`,
      { transaction },
    );
    await sequelize.query(
      `INSERT INTO dashboard_month_teachers (${KEY}, teachers)
       SELECT space_id, month, 'kind', kind, COUNT(*) FROM dashboard_teacher_kinds WHERE sessions > 0 GROUP BY space_id, month, kind`,
      { transaction },
    );
  });
}

export async function up(q: QueryInterface): Promise<void> {
  for (const sql of triggers(q.sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql')) await q.sequelize.query(sql);
  await rebuildMonthTeachers(q.sequelize);
}

export async function down(q: QueryInterface): Promise<void> {
  for (const name of NAMES) await q.sequelize.query(`DROP TRIGGER IF EXISTS ${name}`);
}
