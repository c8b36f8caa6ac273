/**
 * Answers a respondent saved to come back to, before submitting. A draft is the respondent's
 * alone (never shown to anyone else, never counted in results) and is deleted in the same
 * transaction that stores the response, so an anonymous response keeps no trace of its author.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('survey_drafts', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    survey_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'surveys', key: 'id' }, onDelete: 'CASCADE' },
    person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    /** JSON object: question id → answer. */
    answers: { type: DataTypes.TEXT, allowNull: false },
    saved_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  // Also the index of the survey_id foreign key (its leading column).
  await q.addIndex('survey_drafts', ['survey_id', 'person_id'], { unique: true, name: 'survey_drafts_survey_person' });
  await q.addIndex('survey_drafts', ['person_id'], { name: 'survey_drafts_person' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('survey_drafts');
}
