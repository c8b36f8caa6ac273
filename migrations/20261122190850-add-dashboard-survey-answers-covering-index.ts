/** The dashboard reads the answer counts of the questions it compares from this index alone (covering): no row lookups. */
import type { QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.addIndex('dashboard_survey_answers', ['question_id', 'role_group', 'period', 'coaching_group', 'value', 'responses'], { name: 'dashboard_survey_answers_reading' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.removeIndex('dashboard_survey_answers', 'dashboard_survey_answers_reading');
}
