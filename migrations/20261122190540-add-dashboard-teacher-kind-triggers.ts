/**
 * Keeps dashboard_teacher_kinds exact, like the session rollup triggers keep
 * dashboard_teacher_months: an attendee added or removed, a session changed or deleted, in the
 * same transaction. `up` then rebuilds it from the session log.
 */
import type { QueryInterface, Sequelize } from 'sequelize';

const NAMES = ['dashboard_teacher_kinds_attendee_insert', 'dashboard_teacher_kinds_attendee_delete', 'dashboard_teacher_kinds_session_update', 'dashboard_teacher_kinds_session_delete'];
const KEY = 'space_id, month, kind, teacher_person_id';
const OF_SESSION = (row: 'OLD' | 'NEW') => `space_id = ${row}.space_id AND month = SUBSTR(${row}.held_on, 1, 7) AND kind = ${row}.kind
        AND teacher_person_id IN (SELECT teacher_person_id FROM session_attendees WHERE session_id = ${row}.id)`;

const SQLITE = [
  `CREATE TRIGGER dashboard_teacher_kinds_attendee_insert AFTER INSERT ON session_attendees BEGIN
     INSERT INTO dashboard_teacher_kinds (${KEY}, sessions) SELECT s.space_id, SUBSTR(s.held_on, 1, 7), s.kind, NEW.teacher_person_id, 1 FROM coaching_sessions s WHERE s.id = NEW.session_id
     ON CONFLICT (${KEY}) DO UPDATE SET sessions = dashboard_teacher_kinds.sessions + 1;
   END`,
  `CREATE TRIGGER dashboard_teacher_kinds_attendee_delete AFTER DELETE ON session_attendees BEGIN
     UPDATE dashboard_teacher_kinds SET sessions = dashboard_teacher_kinds.sessions - 1 FROM coaching_sessions s
      WHERE s.id = OLD.session_id AND dashboard_teacher_kinds.space_id = s.space_id AND dashboard_teacher_kinds.month = SUBSTR(s.held_on, 1, 7)
        AND dashboard_teacher_kinds.kind = s.kind AND dashboard_teacher_kinds.teacher_person_id = OLD.teacher_person_id;
   END`,
  `CREATE TRIGGER dashboard_teacher_kinds_session_update AFTER UPDATE OF space_id, kind, held_on ON coaching_sessions BEGIN
     UPDATE dashboard_teacher_kinds SET sessions = sessions - 1 WHERE ${OF_SESSION('OLD')};
     INSERT INTO dashboard_teacher_kinds (${KEY}, sessions) SELECT NEW.space_id, SUBSTR(NEW.held_on, 1, 7), NEW.kind, a.teacher_person_id, 1 FROM session_attendees a WHERE a.session_id = NEW.id
     ON CONFLICT (${KEY}) DO UPDATE SET sessions = dashboard_teacher_kinds.sessions + 1;
   END`,
  `CREATE TRIGGER dashboard_teacher_kinds_session_delete BEFORE DELETE ON coaching_sessions BEGIN
     UPDATE dashboard_teacher_kinds SET sessions = sessions - 1 WHERE ${OF_SESSION('OLD')};
   END`,
];

const MYSQL = [
  `CREATE TRIGGER dashboard_teacher_kinds_attendee_insert AFTER INSERT ON session_attendees FOR EACH ROW
     INSERT INTO dashboard_teacher_kinds (${KEY}, sessions) SELECT s.space_id, SUBSTR(s.held_on, 1, 7), s.kind, NEW.teacher_person_id, 1 FROM coaching_sessions s WHERE s.id = NEW.session_id
     ON DUPLICATE KEY UPDATE sessions = dashboard_teacher_kinds.sessions + 1`,
  `CREATE TRIGGER dashboard_teacher_kinds_attendee_delete AFTER DELETE ON session_attendees FOR EACH ROW
     UPDATE dashboard_teacher_kinds t JOIN coaching_sessions s ON s.id = OLD.session_id
        SET t.sessions = t.sessions - 1
      WHERE t.space_id = s.space_id AND t.month = SUBSTR(s.held_on, 1, 7) AND t.kind = s.kind AND t.teacher_person_id = OLD.teacher_person_id`,
  `CREATE TRIGGER dashboard_teacher_kinds_session_update AFTER UPDATE ON coaching_sessions FOR EACH ROW
   BEGIN
     IF NOT (OLD.space_id <=> NEW.space_id AND OLD.kind <=> NEW.kind AND OLD.held_on <=> NEW.held_on) THEN
       UPDATE dashboard_teacher_kinds SET sessions = sessions - 1 WHERE ${OF_SESSION('OLD')};
       INSERT INTO dashboard_teacher_kinds (${KEY}, sessions) SELECT NEW.space_id, SUBSTR(NEW.held_on, 1, 7), NEW.kind, a.teacher_person_id, 1 FROM session_attendees a WHERE a.session_id = NEW.id
       ON DUPLICATE KEY UPDATE sessions = dashboard_teacher_kinds.sessions + 1;
     END IF;
   END`,
  // BEFORE: a foreign-key cascade removes the attendees (firing no trigger) before an AFTER trigger would run.
  `CREATE TRIGGER dashboard_teacher_kinds_session_delete BEFORE DELETE ON coaching_sessions FOR EACH ROW
     UPDATE dashboard_teacher_kinds SET sessions = sessions - 1 WHERE ${OF_SESSION('OLD')}`,
];

/** Recomputes the table from the session log (one transaction). */
export async function rebuildTeacherKinds(sequelize: Sequelize): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM dashboard_teacher_kinds', { transaction });
    await sequelize.query(
      `INSERT INTO dashboard_teacher_kinds (${KEY}, sessions)
       SELECT s.space_id, SUBSTR(s.held_on, 1, 7), s.kind, a.teacher_person_id, COUNT(*)
         FROM session_attendees a JOIN coaching_sessions s ON s.id = a.session_id
        GROUP BY s.space_id, SUBSTR(s.held_on, 1, 7), s.kind, a.teacher_person_id`,
      { transaction },
    );
  });
}

export async function up(q: QueryInterface): Promise<void> {
  for (const sql of q.sequelize.getDialect() === 'sqlite' ? SQLITE : MYSQL) await q.sequelize.query(sql);
  await rebuildTeacherKinds(q.sequelize);
}

export async function down(q: QueryInterface): Promise<void> {
  for (const name of NAMES) await q.sequelize.query(`DROP TRIGGER IF EXISTS ${name}`);
}
