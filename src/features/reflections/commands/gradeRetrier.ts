/** The coach sends a reflection's grade again after its delivery failed (the engine's retryGrade, after our own check). */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { deliveryStates, retryGrade, type DeliveryState } from '../../grades/gradeStatus';
import { GRADE_SOURCE } from '../catalog';
import { loadReflectionFor } from '../reflectionRecords';
import { illegalMove } from './transitions';

export interface GradeRetryProps {
  /** The teacher's assigned coach. */
  actor: Actor;
  reflectionId: number;
}

/** Queues the failed grade again; refuses (409) when the reflection has no failed grade. */
export async function retryReflectionGrade(sequelize: Sequelize, props: GradeRetryProps, now = new Date()): Promise<DeliveryState> {
  const { reflection } = await loadReflectionFor(sequelize, props.actor, props.reflectionId, 'retryGrade');
  const state = (await deliveryStates(sequelize, GRADE_SOURCE, [reflection.id])).get(reflection.id);
  if (!state) throw illegalMove('This reflection has no grade to send yet; complete it first.');
  if (state.state !== 'failed') throw illegalMove(state.state === 'sent' ? 'This grade is already in the LMS; there is nothing to retry.' : 'This grade is still on its way to the LMS; there is nothing to retry.');
  const result = await retryGrade(sequelize, state.outboxId, { spaceId: reflection.spaceId, now });
  if (!result.ok) throw illegalMove(result.message);
  return result.state;
}
