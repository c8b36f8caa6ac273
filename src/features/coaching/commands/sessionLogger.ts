/**
 * Records a coaching session once: with a cycle's teacher, or a group session with several
 * teachers of the space. Its minutes are the only source of coaching hours.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, forbidden } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import type { SessionFormat, SessionKind } from '../catalog';
import { saveSessionLearning } from '../../learning/sessionLearning';
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
  /** Standards tags of the session (ids of the tenant's taxonomy). */
  tags?: number[];
  /** The catalog offering the attendance belongs to (a workshop, a PLC …). */
  offeringId?: number;
}

/** The attendees of a group session without duplicates, once each is checked to be an active teacher of the space (400 otherwise). */
export async function checkAttendees(sequelize: Sequelize, spaceId: number, ids: readonly number[], transaction: Transaction): Promise<number[]> {
  const attendees = [...new Set(ids)];
  if (!attendees.length) throw badRequest('Choose who attended.', 'NO_ATTENDEES');
  const members = await sequelize.query<{ person_id: number }>(
    `SELECT person_id FROM memberships WHERE space_id = ? AND role = 'teacher' AND status = 'active' AND person_id IN (${attendees.map(() => '?').join(', ')})`,
    { replacements: [spaceId, ...attendees], type: QueryTypes.SELECT, transaction },
  );
  if (members.length !== attendees.length) throw badRequest('Choose attendees among the teachers of this course.', 'UNKNOWN_ATTENDEE');
  return attendees;
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
      attendees = await checkAttendees(sequelize, spaceId, props.attendees ?? [], transaction);
    }
    const id = await insertRow(sequelize, 'coaching_sessions', {
      space_id: spaceId, coach_person_id: actor.person.id, cycle_id: props.cycleId ?? null, kind: props.kind, held_on: props.heldOn, minutes: props.minutes,
      format: props.format, notes: props.notes ?? null, next_steps: props.nextSteps ?? null, created_at: now, updated_at: now,
    }, transaction);
    for (const teacherId of attendees) await insertRow(sequelize, 'session_attendees', { session_id: id, teacher_person_id: teacherId }, transaction);
    await saveSessionLearning(sequelize, actor.tenant.id, id, { tagIds: props.tags, offeringId: props.offeringId }, transaction);
    return id;
  });
}
