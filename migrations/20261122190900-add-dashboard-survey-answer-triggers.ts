/**
 * Keeps dashboard_survey_answers exact: triggers on survey_responses add a response's answers to
 * the counts when it is stored, move them when it is changed (named surveys editable until they
 * close) and take them off when it is deleted — in the same transaction. `up` then rebuilds the
 * counts from every stored response. Answers are read from the response's JSON with the JSON
 * functions both engines have (SQLite json_extract, MariaDB/MySQL JSON_EXTRACT).
 */
import type { QueryInterface, Sequelize } from 'sequelize';

const COUNTED = "q.compare_key IS NOT NULL AND q.kind IN ('likert5', 'single')";

/** The answer to question q in a response's answers, as text (NULL when not answered). */
const SQLITE_ANSWER = (answers: string) => `SUBSTR(CAST(json_extract(${answers}, '$."' || q.id || '"') AS TEXT), 1, 120)`;
const MYSQL_ANSWER = (answers: string) => `LEFT(JSON_UNQUOTE(NULLIF(JSON_EXTRACT(${answers}, CONCAT('$."', q.id, '"')), 'null')), 120)`;

/** The response's counts, one row per counted question it answered. */
const ROWS = (row: 'NEW' | 'OLD', answer: (a: string) => string) =>
  `SELECT ${row}.survey_id, q.id, ${row}.role_group, COALESCE(${row}.coaching_group, ''), ${row}.period, ${answer(`${row}.answers`)}, 1
     FROM survey_questions q WHERE q.survey_id = ${row}.survey_id AND ${COUNTED} AND ${answer(`${row}.answers`)} IS NOT NULL`;

const COLUMNS = 'survey_id, question_id, role_group, coaching_group, period, value, responses';
const KEY = 'survey_id, question_id, role_group, coaching_group, period, value';

const SQLITE_ADD = `INSERT INTO dashboard_survey_answers (${COLUMNS}) ${ROWS('NEW', SQLITE_ANSWER)}
     ON CONFLICT (${KEY}) DO UPDATE SET responses = dashboard_survey_answers.responses + 1`;
const SQLITE_TAKE = `UPDATE dashboard_survey_answers SET responses = responses - 1
      WHERE survey_id = OLD.survey_id AND role_group = OLD.role_group AND coaching_group = COALESCE(OLD.coaching_group, '') AND period = OLD.period
        AND EXISTS (SELECT 1 FROM survey_questions q WHERE q.id = dashboard_survey_answers.question_id AND q.survey_id = OLD.survey_id AND ${COUNTED}
                     AND ${SQLITE_ANSWER('OLD.answers')} = dashboard_survey_answers.value)`;

const MYSQL_ADD = `INSERT INTO dashboard_survey_answers (${COLUMNS}) ${ROWS('NEW', MYSQL_ANSWER)}
     ON DUPLICATE KEY UPDATE responses = dashboard_survey_answers.responses + 1`;
const MYSQL_TAKE = `UPDATE dashboard_survey_answers d JOIN survey_questions q ON q.id = d.question_id
        SET d.responses = d.responses - 1
      WHERE d.survey_id = OLD.survey_id AND q.survey_id = OLD.survey_id AND ${COUNTED} AND d.role_group = OLD.role_group
        AND d.coaching_group = COALESCE(OLD.coaching_group, '') AND d.period = OLD.period AND d.value = ${MYSQL_ANSWER('OLD.answers')}`;

const SQLITE = [
  `CREATE TRIGGER dashboard_survey_answers_insert AFTER INSERT ON survey_responses BEGIN ${SQLITE_ADD}; END`,
  `CREATE TRIGGER dashboard_survey_answers_update AFTER UPDATE ON survey_responses BEGIN ${SQLITE_TAKE}; ${SQLITE_ADD}; END`,
  `CREATE TRIGGER dashboard_survey_answers_delete AFTER DELETE ON survey_responses BEGIN ${SQLITE_TAKE}; END`,
];

const MYSQL = [
  `CREATE TRIGGER dashboard_survey_answers_insert AFTER INSERT ON survey_responses FOR EACH ROW ${MYSQL_ADD}`,
  `CREATE TRIGGER dashboard_survey_answers_update AFTER UPDATE ON survey_responses FOR EACH ROW BEGIN ${MYSQL_TAKE}; ${MYSQL_ADD}; END`,
  `CREATE TRIGGER dashboard_survey_answers_delete AFTER DELETE ON survey_responses FOR EACH ROW ${MYSQL_TAKE}`,
];

/** Recomputes every count from the stored responses (one transaction). */
export async function rebuildSurveyAnswers(sequelize: Sequelize): Promise<void> {
  const answer = sequelize.getDialect() === 'sqlite' ? SQLITE_ANSWER('r.answers') : MYSQL_ANSWER('r.answers');
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM dashboard_survey_answers', { transaction });
    await sequelize.query(
      `INSERT INTO dashboard_survey_answers (${COLUMNS})
       SELECT r.survey_id, q.id, r.role_group, COALESCE(r.coaching_group, ''), r.period, ${answer}, COUNT(*)
         FROM survey_responses r JOIN survey_questions q ON q.survey_id = r.survey_id
        WHERE ${COUNTED} AND ${answer} IS NOT NULL
        GROUP BY r.survey_id, q.id, r.role_group, COALESCE(r.coaching_group, ''), r.period, ${answer}`,
      { transaction },
    );
  });
}

export async function up(q: QueryInterface): Promise<void> {
  for (const sql of q.sequelize.getDialect() === 'sqlite' ? SQLITE : MYSQL) await q.sequelize.query(sql);
  await rebuildSurveyAnswers(q.sequelize);
}

export async function down(q: QueryInterface): Promise<void> {
  for (const name of ['dashboard_survey_answers_insert', 'dashboard_survey_answers_update', 'dashboard_survey_answers_delete']) {
    await q.sequelize.query(`DROP TRIGGER IF EXISTS ${name}`);
  }
}
