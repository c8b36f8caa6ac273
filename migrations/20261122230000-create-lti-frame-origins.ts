/**
 * Origins a registered platform frames CoachLoop from, beyond those its registration names
 * (issuer and authorization endpoint): the origin of `launch_presentation.return_url` seen in
 * signed launches (e.g. a district's own Canvas domain, which differs from Canvas's issuer),
 * kept for later sessions. They feed the frame-ancestors directive of the CSP.
 */
import { DataTypes, QueryInterface } from 'sequelize';

export async function up(q: QueryInterface): Promise<void> {
  await q.createTable('lti_frame_origins', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    platform_kid: { type: DataTypes.STRING(64), allowNull: false, references: { model: 'lti_platforms', key: 'kid' }, onDelete: 'CASCADE' },
    // scheme://host[:port], lower case, no path.
    origin: { type: DataTypes.STRING(255), allowNull: false },
    // launch (the return_url of a signed launch); room for other sources later.
    source: { type: DataTypes.STRING(16), allowNull: false },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await q.addIndex('lti_frame_origins', ['platform_kid', 'origin'], { unique: true, name: 'lti_frame_origins_platform_origin' });
}

export async function down(q: QueryInterface): Promise<void> {
  await q.dropTable('lti_frame_origins');
}
