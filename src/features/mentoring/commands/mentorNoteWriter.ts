/** A mentor keeps a note of a check-in with one of their coaches (read by the two of them only). */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { insertRow } from '../../../db/insert';
import { loadMentoredCoach } from '../policy';

export interface MentorNoteProps {
  /** A mentor paired with the coach. */
  actor: Actor;
  coachId: number;
  /** The day of the check-in, YYYY-MM-DD. */
  metOn: string;
  /** What they talked about. */
  body: string;
}

/** Writes the note; 404 when the actor is not the coach's mentor. Returns its id. */
export async function writeMentorNote(sequelize: Sequelize, props: MentorNoteProps, now = new Date()): Promise<number> {
  return sequelize.transaction(async (transaction) => {
    const coachId = await loadMentoredCoach(sequelize, props.actor, props.coachId, transaction);
    return insertRow(sequelize, 'mentor_notes', {
      tenant_id: props.actor.tenant.id, mentor_person_id: props.actor.person.id, coach_person_id: coachId, met_on: props.metOn, body: props.body, created_at: now, updated_at: now,
    }, transaction);
  });
}
