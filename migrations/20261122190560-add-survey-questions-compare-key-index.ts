/** The dashboard finds the survey questions it compares by their compare_key (then their surveys). */
import type { QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.addIndex('survey_questions', ['compare_key', 'survey_id'], { name: 'survey_questions_compare_key' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.removeIndex('survey_questions', 'survey_questions_compare_key');
}
