/**
 * Records a coaching session once: with a cycle's teacher, or a group session with several
 * teachers of the space. Its minutes are the only source of coaching hours.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, forbidden } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import type { SessionFormat, SessionKind } from '../catalog';
import { loadCycleFor } from '../cycleRecords';

export interface SessionProps {
  /** The coach who held the session. */
  actor: Actor;
  /** The cycle (one teacher), or undefined for a group session. */
  cycleId?: number;
  /** Teachers of a group session (ignored with a cycle). */
  attendees?: number[];
  kind: SessionKind;
  /** YYYY-MM-DD */
  heldOn: string;
  minutes: number;
  format: SessionFormat;
  /** Notes shared by the coach and the teacher(s). */
  notes?: string;
  /** What happens next (shown to the teacher). */
  nextSteps?: string;
}

/** Writes the session and its attendees in one transaction; returns the session id. */
export async function logSession(sequelize: Sequelize, props: SessionProps, now = new Date()): Promise<number> {
  const { actor } = props;
  if (actor.role !== 'coach') throw forbidden('Only coaches log coaching sessions.');
  const spaceId = actor.space!.id;
  return sequelize.transaction(async (transaction) => {
    let attendees: number[];
    if (props.cycleId !== undefined) {
      const { cycle } = await loadCycleFor(sequelize, actor, props.cycleId, 'logSession', transaction);
      attendees = [cycle.teacherId];
    } else {
      attendees = [...new Set(props.attendees ?? [])];
      const members = await sequelize.query<{ person_id: number }>(
        `SELECT person_id FROM memberships WHERE space_id = ? AND role = 'teacher' AND status = 'active' AND person_id IN (${attendees.map(() => '?').join(', ')})`,
        { replacements: [spaceId, ...attendees], type: QueryTypes.SELECT, transaction },
      );
      if (members.length !== attendees.length) throw badRequest('Choose attendees among the teachers of this course.', 'UNKNOWN_ATTENDEE');
    }
    const id = await insertRow(sequelize, 'coaching_sessions', {
      space_id: spaceId, coach_person_id: actor.person.id, cycle_id: props.cycleId ?? null, kind: props.kind, held_on: props.heldOn, minutes: props.minutes,
      format: props.format, notes: props.notes ?? null, next_steps: props.nextSteps ?? null, created_at: now, updated_at: now,
    }, transaction);
    for (const teacherId of attendees) await insertRow(sequelize, 'session_attendees', { session_id: id, teacher_person_id: teacherId }, transaction);
    return id;
  });
}
