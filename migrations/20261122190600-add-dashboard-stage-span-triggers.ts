/**
 * Keeps dashboard_stage_spans in step with cycle_events: a stage event closes the open span of the
 * cycle and opens one for the new stage; completing or stopping a cycle closes its span; reopening
 * a closed cycle opens a span for the stage it is in. Same transaction as the event. `up` then
 * rebuilds the spans from the whole cycle history.
 *
 * Time in a stage is wall-clock time from entering it to leaving it (a pause counts; the stage is
 * still where the cycle stands).
 */
import type { QueryInterface, Sequelize } from 'sequelize';

const CLOSING = "('completed', 'abandoned')";

const SQLITE_SECONDS = (from: string, to: string) => `CAST(ROUND((julianday(${to}) - julianday(${from})) * 86400) AS INTEGER)`;
const MYSQL_SECONDS = (from: string, to: string) => `TIMESTAMPDIFF(SECOND, ${from}, ${to})`;

/** An event that ends the open span of its cycle. */
const CLOSES = (e: string) => `(${e}.kind = 'stage' OR (${e}.kind = 'status' AND ${e}.to_value IN ${CLOSING}))`;
/** An event that opens a span: a stage entered, or a closed cycle reopened. */
const OPENS = (e: string) => `(${e}.kind = 'stage' OR (${e}.kind = 'status' AND ${e}.from_value IN ${CLOSING} AND ${e}.to_value NOT IN ${CLOSING}))`;

const OPEN_SPAN = `INSERT INTO dashboard_stage_spans (cycle_id, space_id, teacher_person_id, model_key, stage_index, entered_at)
     SELECT c.id, c.space_id, c.teacher_person_id, c.model_key, NEW.stage_index, NEW.at FROM cycles c WHERE c.id = NEW.cycle_id AND ${OPENS('NEW')}`;

const SQLITE = `CREATE TRIGGER dashboard_stage_spans_event AFTER INSERT ON cycle_events BEGIN
     UPDATE dashboard_stage_spans SET left_at = NEW.at, seconds = ${SQLITE_SECONDS('entered_at', 'NEW.at')}
      WHERE cycle_id = NEW.cycle_id AND left_at IS NULL AND ${CLOSES('NEW')};
     ${OPEN_SPAN};
   END`;

const MYSQL = `CREATE TRIGGER dashboard_stage_spans_event AFTER INSERT ON cycle_events FOR EACH ROW
   BEGIN
     UPDATE dashboard_stage_spans SET left_at = NEW.at, seconds = ${MYSQL_SECONDS('entered_at', 'NEW.at')}
      WHERE cycle_id = NEW.cycle_id AND left_at IS NULL AND ${CLOSES('NEW')};
     ${OPEN_SPAN};
   END`;

/**
 * Recomputes every span from cycle_events (one transaction): each opening event's span ends at the
 * cycle's next stage or closing event, if there is one.
 */
export async function rebuildStageSpans(sequelize: Sequelize): Promise<void> {
  const seconds = sequelize.getDialect() === 'sqlite' ? SQLITE_SECONDS('e.at', 'e.next_at') : MYSQL_SECONDS('e.at', 'e.next_at');
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM dashboard_stage_spans', { transaction });
    await sequelize.query(
      `INSERT INTO dashboard_stage_spans (cycle_id, space_id, teacher_person_id, model_key, stage_index, entered_at, left_at, seconds)
       SELECT c.id, c.space_id, c.teacher_person_id, c.model_key, e.stage_index, e.at, e.next_at, CASE WHEN e.next_at IS NULL THEN NULL ELSE ${seconds} END
         FROM (SELECT x.cycle_id, x.kind, x.from_value, x.to_value, x.stage_index, x.at,
                      LEAD(x.at) OVER (PARTITION BY x.cycle_id ORDER BY x.at, x.id) AS next_at
                 FROM cycle_events x WHERE ${CLOSES('x')} OR ${OPENS('x')}) e
         JOIN cycles c ON c.id = e.cycle_id
        WHERE ${OPENS('e')}
        ORDER BY c.id, e.at`,
      { transaction },
    );
  });
}

export async function up(q: QueryInterface): Promise<void> {
  await q.sequelize.query(q.sequelize.getDialect() === 'sqlite' ? SQLITE : MYSQL);
  await rebuildStageSpans(q.sequelize);
}

export async function down(q: QueryInterface): Promise<void> {
  await q.sequelize.query('DROP TRIGGER IF EXISTS dashboard_stage_spans_event');
}
