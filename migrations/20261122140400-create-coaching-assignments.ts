/**
 * Coaching assignments: coach ↔ teacher in a space, with the match score and reasons shown when it
 * was confirmed. `active` is 1 while the assignment holds and NULL after it ends, so the unique
 * index allows one active assignment per teacher and space and any number of ended ones.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('coaching_assignments', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    space_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'spaces', key: 'id' }, onDelete: 'CASCADE' },
    coach_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    teacher_person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    active: { type: DataTypes.TINYINT, allowNull: true },
    match_score: { type: DataTypes.INTEGER, allowNull: true },
    /** JSON array of plain-language reasons behind the score. */
    match_reasons: { type: DataTypes.TEXT, allowNull: true },
    confirmed_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'people', key: 'id' }, onDelete: 'SET NULL' },
    confirmed_at: { type: DataTypes.DATE(3), allowNull: false },
    ended_at: { type: DataTypes.DATE(3), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('coaching_assignments', ['space_id', 'teacher_person_id', 'active'], { unique: true, name: 'coaching_assignments_one_active' });
  await q.addIndex('coaching_assignments', ['coach_person_id', 'active'], { name: 'coaching_assignments_coach' });
  await q.addIndex('coaching_assignments', ['teacher_person_id'], { name: 'coaching_assignments_teacher' });
  await q.addIndex('coaching_assignments', ['confirmed_by'], { name: 'coaching_assignments_confirmed_by' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('coaching_assignments');
}
