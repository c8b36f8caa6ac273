/**
 * Keeps dashboard_cycle_totals exact: triggers on coaching_sessions add a session logged on a
 * cycle, move it when its cycle or minutes change and take it off when it is deleted — in the
 * same transaction. `up` then rebuilds the totals from the session log.
 */
import type { QueryInterface, Sequelize } from 'sequelize';

const NAMES = ['dashboard_cycle_totals_insert', 'dashboard_cycle_totals_update', 'dashboard_cycle_totals_delete'];

const SQLITE_ADD = `INSERT INTO dashboard_cycle_totals (cycle_id, sessions, minutes) SELECT NEW.cycle_id, 1, NEW.minutes WHERE NEW.cycle_id IS NOT NULL
     ON CONFLICT (cycle_id) DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes`;
const SQLITE_TAKE = 'UPDATE dashboard_cycle_totals SET sessions = sessions - 1, minutes = minutes - OLD.minutes WHERE cycle_id = OLD.cycle_id';
const MYSQL_ADD = `INSERT INTO dashboard_cycle_totals (cycle_id, sessions, minutes) VALUES (NEW.cycle_id, 1, NEW.minutes)
     ON DUPLICATE KEY UPDATE sessions = sessions + 1, minutes = minutes + VALUES(minutes)`;
const MYSQL_TAKE = SQLITE_TAKE;

const SQLITE = [
  `CREATE TRIGGER dashboard_cycle_totals_insert AFTER INSERT ON coaching_sessions WHEN NEW.cycle_id IS NOT NULL BEGIN ${SQLITE_ADD}; END`,
  `CREATE TRIGGER dashboard_cycle_totals_update AFTER UPDATE OF cycle_id, minutes ON coaching_sessions BEGIN ${SQLITE_TAKE}; ${SQLITE_ADD}; END`,
  `CREATE TRIGGER dashboard_cycle_totals_delete AFTER DELETE ON coaching_sessions WHEN OLD.cycle_id IS NOT NULL BEGIN ${SQLITE_TAKE}; END`,
];

const MYSQL = [
  `CREATE TRIGGER dashboard_cycle_totals_insert AFTER INSERT ON coaching_sessions FOR EACH ROW BEGIN IF NEW.cycle_id IS NOT NULL THEN ${MYSQL_ADD}; END IF; END`,
  `CREATE TRIGGER dashboard_cycle_totals_update AFTER UPDATE ON coaching_sessions FOR EACH ROW
   BEGIN
     IF NOT (OLD.cycle_id <=> NEW.cycle_id AND OLD.minutes <=> NEW.minutes) THEN
       IF OLD.cycle_id IS NOT NULL THEN ${MYSQL_TAKE}; END IF;
       IF NEW.cycle_id IS NOT NULL THEN ${MYSQL_ADD}; END IF;
     END IF;
   END`,
  `CREATE TRIGGER dashboard_cycle_totals_delete AFTER DELETE ON coaching_sessions FOR EACH ROW BEGIN IF OLD.cycle_id IS NOT NULL THEN ${MYSQL_TAKE}; END IF; END`,
];

/** Recomputes every cycle's total from the session log (one transaction). */
export async function rebuildCycleTotals(sequelize: Sequelize): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM dashboard_cycle_totals', { transaction });
    await sequelize.query(
      `INSERT INTO dashboard_cycle_totals (cycle_id, sessions, minutes)
       SELECT cycle_id, COUNT(*), SUM(minutes) FROM coaching_sessions WHERE cycle_id IS NOT NULL GROUP BY cycle_id`,
      { transaction },
    );
  });
}

export async function up(q: QueryInterface): Promise<void> {
  for (const sql of q.sequelize.getDialect() === 'sqlite' ? SQLITE : MYSQL) await q.sequelize.query(sql);
  await rebuildCycleTotals(q.sequelize);
}

export async function down(q: QueryInterface): Promise<void> {
  for (const name of NAMES) await q.sequelize.query(`DROP TRIGGER IF EXISTS ${name}`);
}
