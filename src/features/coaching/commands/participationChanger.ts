/**
 * A teacher pauses, resumes or leaves coaching. Leaving ends their coach assignments (their record
 * is kept, and only they can still read it); pausing keeps the coach, who sees "paused".
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { HttpError } from '../../../auth/httpError';
import type { ParticipationStatus } from '../catalog';
import { recordAudit } from '../audit';

export interface ParticipationChangeProps {
  /** The teacher themself. */
  actor: Actor;
  /** The new participation status. */
  status: ParticipationStatus;
}

/** Changes the teacher's participation; returns how many assignments ended. */
export async function changeParticipation(sequelize: Sequelize, props: ParticipationChangeProps, now = new Date()): Promise<{ endedAssignments: number }> {
  const { actor, status } = props;
  return sequelize.transaction(async (transaction) => {
    const rows = await sequelize.query<{ id: number; status: string }>('SELECT id, status FROM teacher_profiles WHERE tenant_id = ? AND person_id = ?', {
      replacements: [actor.tenant.id, actor.person.id], type: QueryTypes.SELECT, transaction,
    });
    const profile = rows[0];
    if (!profile) throw new HttpError(409, 'You have not opted in yet', 'Fill in the opt-in form first; you can pause or leave at any time after that.', 'NOT_OPTED_IN');
    if (profile.status === status) return { endedAssignments: 0 };
    await sequelize.query('UPDATE teacher_profiles SET status = ?, status_changed_at = ?, updated_at = ? WHERE id = ?', { replacements: [status, now, now, profile.id], transaction });
    await recordAudit(sequelize, transaction, { actor, action: 'profile.status', subjectType: 'teacher_profile', subjectId: Number(profile.id), ownerPersonId: actor.person.id, detail: `${profile.status} → ${status}` }, now);
    let ended = 0;
    if (status === 'left') {
      const active = await sequelize.query<{ id: number; space_id: number }>(
        `SELECT a.id, a.space_id FROM coaching_assignments a JOIN spaces s ON s.id = a.space_id
          WHERE s.tenant_id = ? AND a.teacher_person_id = ? AND a.active = 1`,
        { replacements: [actor.tenant.id, actor.person.id], type: QueryTypes.SELECT, transaction },
      );
      for (const a of active) {
        await sequelize.query('UPDATE coaching_assignments SET active = NULL, ended_at = ?, updated_at = ? WHERE id = ?', { replacements: [now, now, a.id], transaction });
        await recordAudit(sequelize, transaction, { actor, action: 'assignment.end', subjectType: 'assignment', subjectId: Number(a.id), ownerPersonId: actor.person.id, detail: 'teacher left coaching' }, now);
      }
      ended = active.length;
    }
    return { endedAssignments: ended };
  });
}
