/** Teacher profiles: a teacher's voluntary opt-in to coaching (per tenant), subjects, grade band and stated needs. */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('teacher_profiles', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    tenant_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    /** JSON array of subject names. */
    subjects: { type: DataTypes.TEXT, allowNull: false },
    grade_band: { type: DataTypes.STRING(16), allowNull: false },
    /** JSON array of specialty keys the teacher wants help with (used for matching). */
    need_areas: { type: DataTypes.TEXT, allowNull: false },
    /** The teacher's own words about what they want help with (coaching content). */
    needs_note: { type: DataTypes.TEXT, allowNull: true },
    /** opted_in | paused | left */
    status: { type: DataTypes.STRING(12), allowNull: false },
    opted_in_at: { type: DataTypes.DATE(3), allowNull: false },
    status_changed_at: { type: DataTypes.DATE(3), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('teacher_profiles', ['tenant_id', 'person_id'], { unique: true, name: 'teacher_profiles_tenant_person' });
  await q.addIndex('teacher_profiles', ['person_id'], { name: 'teacher_profiles_person' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('teacher_profiles');
}
