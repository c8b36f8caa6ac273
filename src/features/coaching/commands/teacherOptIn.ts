/** A teacher opts in to coaching (or updates what they asked for): voluntary, dated, audited. */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { forbidden } from '../../../auth/httpError';
import { recordAudit } from '../audit';

export interface TeacherOptInProps {
  /** The teacher themself: nobody opts in on someone else's behalf. */
  actor: Actor;
  /** Subjects the teacher teaches. */
  subjects: string[];
  /** Grade band key. */
  gradeBand: string;
  /** Specialty keys the teacher wants help with (drive matching). */
  needAreas: string[];
  /** Their own words about the help they want (coaching content). */
  needsNote?: string;
}

/** Creates or updates the teacher's profile; a teacher who had paused or left is taking part again. */
export async function teacherOptIn(sequelize: Sequelize, props: TeacherOptInProps, now = new Date()): Promise<void> {
  const { actor } = props;
  if (actor.role !== 'teacher') throw forbidden('Only teachers opt in to coaching.');
  await sequelize.transaction(async (transaction) => {
    const existing = await sequelize.query<{ id: number; status: string }>('SELECT id, status FROM teacher_profiles WHERE tenant_id = ? AND person_id = ?', {
      replacements: [actor.tenant.id, actor.person.id], type: QueryTypes.SELECT, transaction,
    });
    const values = [JSON.stringify(props.subjects), props.gradeBand, JSON.stringify(props.needAreas), props.needsNote ?? null];
    if (existing[0]) {
      const rejoining = existing[0].status !== 'opted_in';
      await sequelize.query(
        `UPDATE teacher_profiles SET subjects = ?, grade_band = ?, need_areas = ?, needs_note = ?, status = 'opted_in',
                status_changed_at = ${rejoining ? '?' : 'status_changed_at'}, updated_at = ? WHERE id = ?`,
        { replacements: [...values, ...(rejoining ? [now] : []), now, existing[0].id], transaction },
      );
      if (rejoining) await recordAudit(sequelize, transaction, { actor, action: 'profile.status', subjectType: 'teacher_profile', subjectId: Number(existing[0].id), ownerPersonId: actor.person.id, detail: `${existing[0].status} → opted_in` }, now);
      return;
    }
    await sequelize.query(
      `INSERT INTO teacher_profiles (tenant_id, person_id, subjects, grade_band, need_areas, needs_note, status, opted_in_at, status_changed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'opted_in', ?, ?, ?, ?)`,
      { replacements: [actor.tenant.id, actor.person.id, ...values, now, now, now, now], transaction },
    );
    await recordAudit(sequelize, transaction, { actor, action: 'profile.opt_in', subjectType: 'teacher_profile', ownerPersonId: actor.person.id, detail: 'opted in to coaching' }, now);
  });
}
