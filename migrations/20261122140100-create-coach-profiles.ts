/** Coach profiles: specialties, grade bands and caseload capacity (per tenant). */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('coach_profiles', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    tenant_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'tenants', key: 'id' }, onDelete: 'CASCADE' },
    person_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'people', key: 'id' }, onDelete: 'CASCADE' },
    /** JSON array of specialty keys. */
    specialties: { type: DataTypes.TEXT, allowNull: false },
    /** JSON array of grade band keys. */
    grade_bands: { type: DataTypes.TEXT, allowNull: false },
    /** How many teachers the coach can take at once. */
    capacity: { type: DataTypes.INTEGER, allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await q.addIndex('coach_profiles', ['tenant_id', 'person_id'], { unique: true, name: 'coach_profiles_tenant_person' });
  await q.addIndex('coach_profiles', ['person_id'], { name: 'coach_profiles_person' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('coach_profiles');
}
