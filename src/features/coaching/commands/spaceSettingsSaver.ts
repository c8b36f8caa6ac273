/** An admin saves the space's coaching settings. */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { upsertRow } from '../../../db/upsert';
import { recordAudit } from '../audit';

export interface SpaceSettingsProps {
  /** An admin of the space. */
  actor: Actor;
  /** Whether coaches may take on teachers themselves. */
  coachesConfirm: boolean;
}

/** Creates or updates the settings row of the actor's space. */
export async function saveSpaceSettings(sequelize: Sequelize, props: SpaceSettingsProps, now = new Date()): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    await upsertRow(sequelize, {
    table: 'space_settings',
      values: { space_id: props.actor.space!.id, coaches_confirm: props.coachesConfirm, updated_by: props.actor.person.id, created_at: now, updated_at: now },
      conflictKeys: ['space_id'],
      updateColumns: ['coaches_confirm', 'updated_by', 'updated_at'],
      transaction,
    });
    // Who sees teachers waiting for a coach depends on this setting: audited with the change.
    await recordAudit(sequelize, transaction, { actor: props.actor, action: 'settings.coaches_confirm', subjectType: 'space_settings', subjectId: props.actor.space!.id, detail: `coaches may take teachers on: ${props.coachesConfirm ? 'yes' : 'no'}` }, now);
  });
}
