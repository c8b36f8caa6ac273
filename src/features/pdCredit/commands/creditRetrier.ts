/** The teacher (or a program admin) sends the latest PD credit again after its delivery failed (the engine's retryGrade). */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { forbidden, HttpError } from '../../../auth/httpError';
import { deliveryStates, retryGrade, type DeliveryState } from '../../grades/gradeStatus';
import { GRADE_SOURCE } from '../catalog';
import type { SummaryTarget } from '../summaryAccess';

/** The teacher's latest send in the actor's course, or undefined. */
export async function latestSend(sequelize: Sequelize, spaceId: number, teacherId: number): Promise<{ id: number; from: string; to: string; credits: number; scoreMaximum: number } | undefined> {
  const [row] = await sequelize.query<{ id: number; range_from: string; range_to: string; credits: number | string; score_maximum: number | string }>(
    'SELECT id, range_from, range_to, credits, score_maximum FROM pd_credit_sends WHERE space_id = ? AND teacher_person_id = ? ORDER BY id DESC LIMIT 1',
    { replacements: [spaceId, teacherId], type: QueryTypes.SELECT },
  );
  return row ? { id: Number(row.id), from: row.range_from, to: row.range_to, credits: Number(row.credits), scoreMaximum: Number(row.score_maximum) } : undefined;
}

const nothingToRetry = (message: string) => new HttpError(409, 'Nothing to send again', message, 'NOTHING_TO_RETRY');

/** Queues the latest failed send again; 409 when there is none. */
export async function retryCredits(sequelize: Sequelize, props: { actor: Actor; target: SummaryTarget }, now = new Date()): Promise<DeliveryState> {
  const { actor, target } = props;
  if (target.audience !== 'teacher' && target.audience !== 'admin') throw forbidden('The teacher or a program admin sends PD credit to the gradebook.');
  const send = await latestSend(sequelize, actor.space!.id, target.teacherId);
  const state = send ? (await deliveryStates(sequelize, GRADE_SOURCE, [send.id])).get(send.id) : undefined;
  if (!send || !state) throw nothingToRetry('No PD credit has been sent to the gradebook from this course yet.');
  if (state.state !== 'failed') throw nothingToRetry(state.state === 'sent' ? 'These credits are already in the LMS gradebook; there is nothing to retry.' : 'These credits are still on their way to the LMS; there is nothing to retry.');
  const result = await retryGrade(sequelize, state.outboxId, { spaceId: actor.space!.id, now });
  if (!result.ok) throw nothingToRetry(result.message);
  return result.state;
}
