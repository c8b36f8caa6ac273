/**
 * The coach who logged a group session edits it: date, kind, minutes, format, notes, attendees,
 * tags and the catalog offering. Attendees are changed by difference (removed ones deleted, new
 * ones added, the others left alone), so however often it is re-saved each attendee's coaching
 * hours count the session exactly once, and the dashboard's triggers see each change once.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { notFound } from '../../../auth/httpError';
import { saveSessionLearning, sessionLearning, type SessionLearning } from '../../learning/sessionLearning';
import { checkAttendees, type SessionProps } from './sessionLogger';

/** A group session as its coach edits it. */
export interface GroupSession extends SessionLearning {
  id: number;
  kind: string;
  heldOn: string;
  minutes: number;
  format: string;
  notes: string | null;
  nextSteps: string | null;
  attendees: number[];
}

/** The group session with this id, if the actor is the coach who logged it in this space (404 otherwise). */
export async function loadGroupSession(sequelize: Sequelize, actor: Actor, sessionId: number, transaction?: Transaction): Promise<GroupSession> {
  if (!actor.space || actor.role !== 'coach') throw notFound('group session');
  const rows = await sequelize.query<{ id: number; kind: string; held_on: string; minutes: number; format: string; notes: string | null; next_steps: string | null }>(
    'SELECT id, kind, held_on, minutes, format, notes, next_steps FROM coaching_sessions WHERE id = ? AND space_id = ? AND coach_person_id = ? AND cycle_id IS NULL',
    { replacements: [sessionId, actor.space.id, actor.person.id], type: QueryTypes.SELECT, transaction },
  );
  const s = rows[0];
  if (!s) throw notFound('group session');
  const [attendees, learning] = await Promise.all([
    sequelize.query<{ teacher_person_id: number }>('SELECT teacher_person_id FROM session_attendees WHERE session_id = ?', { replacements: [sessionId], type: QueryTypes.SELECT, transaction }),
    sessionLearning(sequelize, sessionId, transaction),
  ]);
  return {
    id: Number(s.id), kind: s.kind, heldOn: s.held_on, minutes: Number(s.minutes), format: s.format, notes: s.notes, nextSteps: s.next_steps,
    attendees: attendees.map((a) => Number(a.teacher_person_id)), ...learning,
  };
}

/** Saves the edited group session in one transaction. */
export async function updateGroupSession(sequelize: Sequelize, props: Omit<SessionProps, 'cycleId'> & { sessionId: number }, now = new Date()): Promise<void> {
  const { actor } = props;
  await sequelize.transaction(async (transaction) => {
    const before = await loadGroupSession(sequelize, actor, props.sessionId, transaction);
    const attendees = await checkAttendees(sequelize, actor.space!.id, props.attendees ?? [], transaction);
    await sequelize.query('UPDATE coaching_sessions SET kind = ?, held_on = ?, minutes = ?, format = ?, notes = ?, next_steps = ?, updated_at = ? WHERE id = ?', {
      replacements: [props.kind, props.heldOn, props.minutes, props.format, props.notes ?? null, props.nextSteps ?? null, now, before.id], transaction,
    });
    for (const gone of before.attendees.filter((id) => !attendees.includes(id))) {
      await sequelize.query('DELETE FROM session_attendees WHERE session_id = ? AND teacher_person_id = ?', { replacements: [before.id, gone], transaction });
    }
    for (const added of attendees.filter((id) => !before.attendees.includes(id))) {
      await sequelize.query('INSERT INTO session_attendees (session_id, teacher_person_id) VALUES (?, ?)', { replacements: [before.id, added], transaction });
    }
    await saveSessionLearning(sequelize, actor.tenant.id, before.id, { tagIds: props.tags, offeringId: props.offeringId }, transaction);
  });
}
