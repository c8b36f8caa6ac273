/**
 * Survey responses, built so an anonymous response cannot be traced back:
 * - the primary key is a random UUID (no order to match against survey_completions);
 * - no person column, no timestamp: only the ISO week it was submitted in (e.g. 2026-W47);
 * - the respondent's attributes only as coarse group labels the results break down by
 *   (role_group: teacher | coach | admin; coaching_group: coached | not_coached, teachers only);
 * - on SQLite the table is WITHOUT ROWID, so not even the hidden rowid keeps the insertion order
 *   (InnoDB clusters rows by the random primary key and has no hidden row id when a key exists).
 * Named surveys link a response to its author in survey_response_owners, never here.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  if (q.sequelize.getDialect() === 'sqlite') {
    await q.sequelize.query(
      'CREATE TABLE `survey_responses` (' +
        '`id` CHAR(36) NOT NULL PRIMARY KEY, ' +
        '`survey_id` INTEGER NOT NULL REFERENCES `surveys` (`id`) ON DELETE CASCADE, ' +
        '`period` VARCHAR(8) NOT NULL, ' +
        '`role_group` VARCHAR(12) NOT NULL, ' +
        '`coaching_group` VARCHAR(12), ' +
        '`answers` TEXT NOT NULL' +
        ') WITHOUT ROWID',
    );
  } else {
    await q.createTable('survey_responses', {
      id: { type: DataTypes.CHAR(36).BINARY, primaryKey: true },
      survey_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'surveys', key: 'id' }, onDelete: 'CASCADE' },
      /** ISO week of submission, e.g. 2026-W47 (never a date or time). */
      period: { type: DataTypes.STRING(8), allowNull: false },
      /** teacher | coach | admin */
      role_group: { type: DataTypes.STRING(12), allowNull: false },
      /** coached | not_coached for teachers, NULL otherwise. */
      coaching_group: { type: DataTypes.STRING(12), allowNull: true },
      /** JSON object: question id → answer. */
      answers: { type: DataTypes.TEXT, allowNull: false },
    });
  }
  await q.addIndex('survey_responses', ['survey_id'], { name: 'survey_responses_survey' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('survey_responses');
}
