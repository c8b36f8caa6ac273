/**
 * Who has completed a survey, and on which day: used only to show "done" and to send completion
 * credit to the LMS. It shares no column with survey_responses but the survey id, so answers
 * cannot be joined to the people who gave them. One row per survey and person (submit once).
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('survey_completions', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    survey_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'surveys', key: 'id' }, onDelete: 'CASCADE' },
    person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    /** The day (YYYY-MM-DD, UTC), never the time. */
    completed_on: { type: DataTypes.STRING(10), allowNull: false },
  });
  // Also the index of the survey_id foreign key (its leading column).
  await q.addIndex('survey_completions', ['survey_id', 'person_id'], { unique: true, name: 'survey_completions_survey_person' });
  await q.addIndex('survey_completions', ['person_id'], { name: 'survey_completions_person' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('survey_completions');
}
