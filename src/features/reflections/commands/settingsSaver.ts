/** A program admin sets how reflections are graded in the space and whether admins may grade. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { forbidden } from '../../../auth/httpError';
import { upsertRow } from '../../../db/upsert';
import { recordAudit } from '../../coaching/audit';
import type { GradingMode } from '../catalog';
import { reflectionSettings } from '../reflectionRecords';

export interface SettingsSaveProps {
  /** An admin of the space. */
  actor: Actor;
  /** completion (non-evaluative credit, the default) or points. */
  grading: GradingMode;
  /** The most points (kept as it was when omitted). */
  pointsMax?: number;
  /** Admins may complete or grade submitted reflections (never read them). */
  adminsMayGrade: boolean;
}

/** Saves the settings, audited in the same transaction (they decide who may grade). */
export async function saveReflectionSettings(sequelize: Sequelize, props: SettingsSaveProps, now = new Date()): Promise<void> {
  const { actor } = props;
  if (!actor.space || actor.role !== 'admin') throw forbidden('Only a program admin sets how reflections are graded.');
  const spaceId = actor.space.id;
  await sequelize.transaction(async (transaction) => {
    const before = await reflectionSettings(sequelize, spaceId, transaction);
    const pointsMax = props.pointsMax ?? before.pointsMax;
    await upsertRow(sequelize, {
      table: 'reflection_settings',
      values: { space_id: spaceId, grading: props.grading, points_max: pointsMax, admins_may_grade: props.adminsMayGrade, updated_by: actor.person.id, created_at: now, updated_at: now },
      conflictKeys: ['space_id'],
      updateColumns: ['grading', 'points_max', 'admins_may_grade', 'updated_by', 'updated_at'],
      transaction,
    });
    await recordAudit(sequelize, transaction, {
      actor, action: 'reflection.settings', subjectType: 'space', subjectId: spaceId,
      detail: `grading ${before.grading}/${before.pointsMax} → ${props.grading}/${pointsMax}; admins may grade ${before.adminsMayGrade ? 'yes' : 'no'} → ${props.adminsMayGrade ? 'yes' : 'no'}`,
    }, now);
  });
}
