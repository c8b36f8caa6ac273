/**
 * Survey questions, in order (position): kind (likert5, single, multiple, number, short_text,
 * long_text), prompt, optional help text, required or not, options (JSON array, choice
 * questions), min/max (number questions) and a compare_key shared by the questions of a
 * beginning-of-year and an end-of-year survey that ask the same thing.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('survey_questions', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    survey_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'surveys', key: 'id' }, onDelete: 'CASCADE' },
    position: { type: DataTypes.INTEGER, allowNull: false },
    kind: { type: DataTypes.STRING(12), allowNull: false },
    prompt: { type: DataTypes.STRING(500), allowNull: false },
    help: { type: DataTypes.STRING(300), allowNull: true },
    required: { type: DataTypes.BOOLEAN, allowNull: false },
    /** JSON array of option labels (single and multiple choice). */
    options: { type: DataTypes.TEXT, allowNull: true },
    min_value: { type: DataTypes.DOUBLE, allowNull: true },
    max_value: { type: DataTypes.DOUBLE, allowNull: true },
    compare_key: { type: DataTypes.STRING(60), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  // Also the index of the survey_id foreign key (its leading column).
  await q.addIndex('survey_questions', ['survey_id', 'position'], { name: 'survey_questions_survey_position' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('survey_questions');
}
