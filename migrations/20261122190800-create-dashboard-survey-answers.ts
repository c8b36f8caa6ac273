/**
 * Counts of survey answers for the program dashboard: per survey, question, respondent group
 * (role; coached or not, '' when it does not apply), ISO week of the response and answer (a
 * point on the agreement scale or a single-choice option), how many responses gave it. Only for
 * agreement and single-choice questions with a compare_key (those the dashboard sets side by
 * side). Counts of the coarse labels responses already carry: no response can be traced through
 * it. Kept by the triggers of 20261122190900.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('dashboard_survey_answers', {
    survey_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'surveys', key: 'id' }, onDelete: 'CASCADE' },
    question_id: { type: DataTypes.INTEGER, primaryKey: true, references: { model: 'survey_questions', key: 'id' }, onDelete: 'CASCADE' },
    role_group: { type: DataTypes.STRING(12), primaryKey: true },
    /** coached | not_coached, or '' (not a teacher). */
    coaching_group: { type: DataTypes.STRING(12), primaryKey: true },
    /** ISO week of the responses, e.g. 2026-W47 (all a response keeps of when it was given). */
    period: { type: DataTypes.STRING(8), primaryKey: true },
    /** The answer: 1–5 on the agreement scale, or the option chosen. */
    value: { type: DataTypes.STRING(120), primaryKey: true },
    responses: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await q.addIndex('dashboard_survey_answers', ['question_id'], { name: 'dashboard_survey_answers_question' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('dashboard_survey_answers');
}
