/**
 * Keeps dashboard_month_peaks an upper bound of the sessions one teacher had in a month: whenever
 * a row of dashboard_teacher_months is written (by the session rollup triggers), the peak of its
 * coach and month, and the peak of the teacher's total that month over all coaches, are raised if
 * needed. `up` then rebuilds the peaks from the teacher rollup (exact maxima).
 */
import type { QueryInterface, Sequelize } from 'sequelize';

const NAMES = ['dashboard_month_peaks_insert', 'dashboard_month_peaks_update'];

const TEACHER_TOTAL = '(SELECT SUM(t.sessions) FROM dashboard_teacher_months t WHERE t.space_id = NEW.space_id AND t.month = NEW.month AND t.teacher_person_id = NEW.teacher_person_id)';
const SQLITE_BODY = `
     INSERT INTO dashboard_month_peaks (space_id, month, coach_person_id, peak) VALUES (NEW.space_id, NEW.month, NEW.coach_person_id, NEW.sessions)
     ON CONFLICT (space_id, month, coach_person_id) DO UPDATE SET peak = MAX(peak, excluded.peak);
     INSERT INTO dashboard_month_peaks (space_id, month, coach_person_id, peak) VALUES (NEW.space_id, NEW.month, 0, ${TEACHER_TOTAL})
     ON CONFLICT (space_id, month, coach_person_id) DO UPDATE SET peak = MAX(peak, excluded.peak);`;
const MYSQL_BODY = `
     INSERT INTO dashboard_month_peaks (space_id, month, coach_person_id, peak) VALUES (NEW.space_id, NEW.month, NEW.coach_person_id, NEW.sessions)
     ON DUPLICATE KEY UPDATE peak = GREATEST(peak, VALUES(peak));
     INSERT INTO dashboard_month_peaks (space_id, month, coach_person_id, peak) VALUES (NEW.space_id, NEW.month, 0, ${TEACHER_TOTAL})
     ON DUPLICATE KEY UPDATE peak = GREATEST(peak, VALUES(peak));`;

const SQLITE = [
  `CREATE TRIGGER dashboard_month_peaks_insert AFTER INSERT ON dashboard_teacher_months BEGIN ${SQLITE_BODY} END`,
  `CREATE TRIGGER dashboard_month_peaks_update AFTER UPDATE OF sessions ON dashboard_teacher_months WHEN NEW.sessions > OLD.sessions BEGIN ${SQLITE_BODY} END`,
];
const MYSQL = [
  `CREATE TRIGGER dashboard_month_peaks_insert AFTER INSERT ON dashboard_teacher_months FOR EACH ROW BEGIN ${MYSQL_BODY} END`,
  `CREATE TRIGGER dashboard_month_peaks_update AFTER UPDATE ON dashboard_teacher_months FOR EACH ROW BEGIN IF NEW.sessions > OLD.sessions THEN ${MYSQL_BODY} END IF; END`,
];

/** Recomputes the peaks as exact maxima of the teacher rollup (one transaction). */
export async function rebuildMonthPeaks(sequelize: Sequelize): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM dashboard_month_peaks', { transaction });
    await sequelize.query(
      `INSERT INTO dashboard_month_peaks (space_id, month, coach_person_id, peak)
       SELECT space_id, month, coach_person_id, MAX(sessions) FROM dashboard_teacher_months GROUP BY space_id, month, coach_person_id`,
      { transaction },
    );
    await sequelize.query(
      `INSERT INTO dashboard_month_peaks (space_id, month, coach_person_id, peak)
       SELECT space_id, month, 0, MAX(total) FROM (SELECT space_id, month, teacher_person_id, SUM(sessions) AS total FROM dashboard_teacher_months
                                                  GROUP BY space_id, month, teacher_person_id) t GROUP BY space_id, month`,
      { transaction },
    );
  });
}

export async function up(q: QueryInterface): Promise<void> {
  for (const sql of q.sequelize.getDialect() === 'sqlite' ? SQLITE : MYSQL) await q.sequelize.query(sql);
  await rebuildMonthPeaks(q.sequelize);
}

export async function down(q: QueryInterface): Promise<void> {
  for (const name of NAMES) await q.sequelize.query(`DROP TRIGGER IF EXISTS ${name}`);
}
