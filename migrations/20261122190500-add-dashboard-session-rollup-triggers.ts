/**
 * Keeps the dashboard's session rollups (dashboard_coach_months, dashboard_teacher_months) exact:
 * triggers on coaching_sessions and session_attendees update them in the same transaction as the
 * change, whoever makes it (the session log, a bulk load, a future edit or delete). `up` then
 * rebuilds both rollups from the session log, so they start exact on an existing database.
 *
 * Known limit (MariaDB/MySQL): rows removed by a foreign-key cascade (a cycle or a person deleted,
 * taking their sessions with them) fire no triggers; the rollups' own foreign keys remove what
 * belonged to a deleted space or person, and `rebuildSessionRollups` recomputes everything.
 */
import type { QueryInterface, Sequelize } from 'sequelize';

const NAMES = [
  'dashboard_sessions_insert', 'dashboard_sessions_update', 'dashboard_sessions_delete',
  'dashboard_attendees_insert', 'dashboard_attendees_delete',
];

const MONTH_OLD = 'SUBSTR(OLD.held_on, 1, 7)';
const MONTH_NEW = 'SUBSTR(NEW.held_on, 1, 7)';
const COACH_KEY = (row: 'OLD' | 'NEW', m: string) => `space_id = ${row}.space_id AND month = ${m} AND coach_person_id = ${row}.coach_person_id AND kind = ${row}.kind`;
const ATTENDEES = (row: 'OLD' | 'NEW') => `(SELECT COUNT(*) FROM session_attendees WHERE session_id = ${row}.id)`;

/** SQLite: one trigger per event, bodies in BEGIN … END, UPSERT with ON CONFLICT and UPDATE … FROM. */
const SQLITE = [
  `CREATE TRIGGER dashboard_sessions_insert AFTER INSERT ON coaching_sessions BEGIN
     INSERT INTO dashboard_coach_months (space_id, month, coach_person_id, kind, sessions, minutes, attendances)
     VALUES (NEW.space_id, ${MONTH_NEW}, NEW.coach_person_id, NEW.kind, 1, NEW.minutes, 0)
     ON CONFLICT (space_id, month, coach_person_id, kind) DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes;
   END`,
  `CREATE TRIGGER dashboard_sessions_update AFTER UPDATE OF space_id, coach_person_id, kind, held_on, minutes ON coaching_sessions BEGIN
     UPDATE dashboard_coach_months SET sessions = sessions - 1, minutes = minutes - OLD.minutes, attendances = attendances - ${ATTENDEES('OLD')}
      WHERE ${COACH_KEY('OLD', MONTH_OLD)};
     INSERT INTO dashboard_coach_months (space_id, month, coach_person_id, kind, sessions, minutes, attendances)
     VALUES (NEW.space_id, ${MONTH_NEW}, NEW.coach_person_id, NEW.kind, 1, NEW.minutes, ${ATTENDEES('NEW')})
     ON CONFLICT (space_id, month, coach_person_id, kind) DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes, attendances = attendances + excluded.attendances;
     UPDATE dashboard_teacher_months SET sessions = sessions - 1, minutes = minutes - OLD.minutes
      WHERE space_id = OLD.space_id AND month = ${MONTH_OLD} AND coach_person_id = OLD.coach_person_id
        AND teacher_person_id IN (SELECT teacher_person_id FROM session_attendees WHERE session_id = OLD.id);
     INSERT INTO dashboard_teacher_months (space_id, month, coach_person_id, teacher_person_id, sessions, minutes)
     SELECT NEW.space_id, ${MONTH_NEW}, NEW.coach_person_id, a.teacher_person_id, 1, NEW.minutes FROM session_attendees a WHERE a.session_id = NEW.id
     ON CONFLICT (space_id, month, coach_person_id, teacher_person_id) DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes;
   END`,
  // BEFORE: the attendees are still there (their own delete triggers then find no session).
  `CREATE TRIGGER dashboard_sessions_delete BEFORE DELETE ON coaching_sessions BEGIN
     UPDATE dashboard_coach_months SET sessions = sessions - 1, minutes = minutes - OLD.minutes, attendances = attendances - ${ATTENDEES('OLD')}
      WHERE ${COACH_KEY('OLD', MONTH_OLD)};
     UPDATE dashboard_teacher_months SET sessions = sessions - 1, minutes = minutes - OLD.minutes
      WHERE space_id = OLD.space_id AND month = ${MONTH_OLD} AND coach_person_id = OLD.coach_person_id
        AND teacher_person_id IN (SELECT teacher_person_id FROM session_attendees WHERE session_id = OLD.id);
   END`,
  `CREATE TRIGGER dashboard_attendees_insert AFTER INSERT ON session_attendees BEGIN
     INSERT INTO dashboard_teacher_months (space_id, month, coach_person_id, teacher_person_id, sessions, minutes)
     SELECT s.space_id, SUBSTR(s.held_on, 1, 7), s.coach_person_id, NEW.teacher_person_id, 1, s.minutes FROM coaching_sessions s WHERE s.id = NEW.session_id
     ON CONFLICT (space_id, month, coach_person_id, teacher_person_id) DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes;
     UPDATE dashboard_coach_months SET attendances = dashboard_coach_months.attendances + 1 FROM coaching_sessions s
      WHERE s.id = NEW.session_id AND dashboard_coach_months.space_id = s.space_id AND dashboard_coach_months.month = SUBSTR(s.held_on, 1, 7)
        AND dashboard_coach_months.coach_person_id = s.coach_person_id AND dashboard_coach_months.kind = s.kind;
   END`,
  `CREATE TRIGGER dashboard_attendees_delete AFTER DELETE ON session_attendees BEGIN
     UPDATE dashboard_teacher_months SET sessions = dashboard_teacher_months.sessions - 1, minutes = dashboard_teacher_months.minutes - s.minutes FROM coaching_sessions s
      WHERE s.id = OLD.session_id AND dashboard_teacher_months.space_id = s.space_id AND dashboard_teacher_months.month = SUBSTR(s.held_on, 1, 7)
        AND dashboard_teacher_months.coach_person_id = s.coach_person_id AND dashboard_teacher_months.teacher_person_id = OLD.teacher_person_id;
     UPDATE dashboard_coach_months SET attendances = dashboard_coach_months.attendances - 1 FROM coaching_sessions s
      WHERE s.id = OLD.session_id AND dashboard_coach_months.space_id = s.space_id AND dashboard_coach_months.month = SUBSTR(s.held_on, 1, 7)
        AND dashboard_coach_months.coach_person_id = s.coach_person_id AND dashboard_coach_months.kind = s.kind;
   END`,
];

/** MariaDB/MySQL: FOR EACH ROW bodies, ON DUPLICATE KEY UPDATE and multi-table UPDATE. */
const MYSQL = [
  `CREATE TRIGGER dashboard_sessions_insert AFTER INSERT ON coaching_sessions FOR EACH ROW
     INSERT INTO dashboard_coach_months (space_id, month, coach_person_id, kind, sessions, minutes, attendances)
     VALUES (NEW.space_id, ${MONTH_NEW}, NEW.coach_person_id, NEW.kind, 1, NEW.minutes, 0)
     ON DUPLICATE KEY UPDATE sessions = sessions + 1, minutes = minutes + VALUES(minutes)`,
  `CREATE TRIGGER dashboard_sessions_update AFTER UPDATE ON coaching_sessions FOR EACH ROW
   BEGIN
     IF NOT (OLD.space_id <=> NEW.space_id AND OLD.coach_person_id <=> NEW.coach_person_id AND OLD.kind <=> NEW.kind AND OLD.held_on <=> NEW.held_on AND OLD.minutes <=> NEW.minutes) THEN
       UPDATE dashboard_coach_months SET sessions = sessions - 1, minutes = minutes - OLD.minutes, attendances = attendances - ${ATTENDEES('OLD')}
        WHERE ${COACH_KEY('OLD', MONTH_OLD)};
       INSERT INTO dashboard_coach_months (space_id, month, coach_person_id, kind, sessions, minutes, attendances)
       VALUES (NEW.space_id, ${MONTH_NEW}, NEW.coach_person_id, NEW.kind, 1, NEW.minutes, ${ATTENDEES('NEW')})
       ON DUPLICATE KEY UPDATE sessions = sessions + 1, minutes = minutes + VALUES(minutes), attendances = attendances + VALUES(attendances);
       UPDATE dashboard_teacher_months t JOIN session_attendees a ON a.session_id = OLD.id AND a.teacher_person_id = t.teacher_person_id
          SET t.sessions = t.sessions - 1, t.minutes = t.minutes - OLD.minutes
        WHERE t.space_id = OLD.space_id AND t.month = ${MONTH_OLD} AND t.coach_person_id = OLD.coach_person_id;
       INSERT INTO dashboard_teacher_months (space_id, month, coach_person_id, teacher_person_id, sessions, minutes)
       SELECT NEW.space_id, ${MONTH_NEW}, NEW.coach_person_id, a.teacher_person_id, 1, NEW.minutes FROM session_attendees a WHERE a.session_id = NEW.id
       ON DUPLICATE KEY UPDATE dashboard_teacher_months.sessions = dashboard_teacher_months.sessions + 1, dashboard_teacher_months.minutes = dashboard_teacher_months.minutes + VALUES(minutes);
     END IF;
   END`,
  // BEFORE: a foreign-key cascade removes the attendees (firing no trigger) before an AFTER trigger would run.
  `CREATE TRIGGER dashboard_sessions_delete BEFORE DELETE ON coaching_sessions FOR EACH ROW
   BEGIN
     UPDATE dashboard_coach_months SET sessions = sessions - 1, minutes = minutes - OLD.minutes, attendances = attendances - ${ATTENDEES('OLD')}
      WHERE ${COACH_KEY('OLD', MONTH_OLD)};
     UPDATE dashboard_teacher_months t JOIN session_attendees a ON a.session_id = OLD.id AND a.teacher_person_id = t.teacher_person_id
        SET t.sessions = t.sessions - 1, t.minutes = t.minutes - OLD.minutes
      WHERE t.space_id = OLD.space_id AND t.month = ${MONTH_OLD} AND t.coach_person_id = OLD.coach_person_id;
   END`,
  `CREATE TRIGGER dashboard_attendees_insert AFTER INSERT ON session_attendees FOR EACH ROW
   BEGIN
     INSERT INTO dashboard_teacher_months (space_id, month, coach_person_id, teacher_person_id, sessions, minutes)
     SELECT s.space_id, SUBSTR(s.held_on, 1, 7), s.coach_person_id, NEW.teacher_person_id, 1, s.minutes FROM coaching_sessions s WHERE s.id = NEW.session_id
     ON DUPLICATE KEY UPDATE dashboard_teacher_months.sessions = dashboard_teacher_months.sessions + 1, dashboard_teacher_months.minutes = dashboard_teacher_months.minutes + VALUES(minutes);
     UPDATE dashboard_coach_months r JOIN coaching_sessions s ON s.id = NEW.session_id
        SET r.attendances = r.attendances + 1
      WHERE r.space_id = s.space_id AND r.month = SUBSTR(s.held_on, 1, 7) AND r.coach_person_id = s.coach_person_id AND r.kind = s.kind;
   END`,
  `CREATE TRIGGER dashboard_attendees_delete AFTER DELETE ON session_attendees FOR EACH ROW
   BEGIN
     UPDATE dashboard_teacher_months t JOIN coaching_sessions s ON s.id = OLD.session_id
        SET t.sessions = t.sessions - 1, t.minutes = t.minutes - s.minutes
      WHERE t.space_id = s.space_id AND t.month = SUBSTR(s.held_on, 1, 7) AND t.coach_person_id = s.coach_person_id AND t.teacher_person_id = OLD.teacher_person_id;
     UPDATE dashboard_coach_months r JOIN coaching_sessions s ON s.id = OLD.session_id
        SET r.attendances = r.attendances - 1
      WHERE r.space_id = s.space_id AND r.month = SUBSTR(s.held_on, 1, 7) AND r.coach_person_id = s.coach_person_id AND r.kind = s.kind;
   END`,
];

/** Recomputes both rollups from the session log, in one transaction (exact whatever came before). */
export async function rebuildSessionRollups(sequelize: Sequelize): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM dashboard_coach_months', { transaction });
    await sequelize.query('DELETE FROM dashboard_teacher_months', { transaction });
    await sequelize.query(
      `INSERT INTO dashboard_coach_months (space_id, month, coach_person_id, kind, sessions, minutes, attendances)
       SELECT s.space_id, SUBSTR(s.held_on, 1, 7), s.coach_person_id, s.kind, COUNT(*), SUM(s.minutes), SUM((SELECT COUNT(*) FROM session_attendees a WHERE a.session_id = s.id))
         FROM coaching_sessions s GROUP BY s.space_id, SUBSTR(s.held_on, 1, 7), s.coach_person_id, s.kind`,
      { transaction },
    );
    await sequelize.query(
      `INSERT INTO dashboard_teacher_months (space_id, month, coach_person_id, teacher_person_id, sessions, minutes)
       SELECT s.space_id, SUBSTR(s.held_on, 1, 7), s.coach_person_id, a.teacher_person_id, COUNT(*), SUM(s.minutes)
         FROM session_attendees a JOIN coaching_sessions s ON s.id = a.session_id
        GROUP BY s.space_id, SUBSTR(s.held_on, 1, 7), s.coach_person_id, a.teacher_person_id`,
      { transaction },
    );
  });
}

export async function up(q: QueryInterface): Promise<void> {
  const sequelize = q.sequelize;
  for (const sql of sequelize.getDialect() === 'sqlite' ? SQLITE : MYSQL) await sequelize.query(sql);
  await rebuildSessionRollups(sequelize);
}

export async function down(q: QueryInterface): Promise<void> {
  for (const name of NAMES) await q.sequelize.query(`DROP TRIGGER IF EXISTS ${name}`);
}
