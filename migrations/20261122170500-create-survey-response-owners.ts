/**
 * The author of a response to a NAMED survey (so they can change it until the survey closes).
 * Never written for anonymous surveys: their responses stay unlinked.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('survey_response_owners', {
    response_id: { type: DataTypes.CHAR(36).BINARY, primaryKey: true, references: { model: 'survey_responses', key: 'id' }, onDelete: 'CASCADE' },
    survey_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'surveys', key: 'id' }, onDelete: 'CASCADE' },
    person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
  });
  // Also the index of the survey_id foreign key (its leading column).
  await q.addIndex('survey_response_owners', ['survey_id', 'person_id'], { unique: true, name: 'survey_response_owners_survey_person' });
  await q.addIndex('survey_response_owners', ['person_id'], { name: 'survey_response_owners_person' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('survey_response_owners');
}
