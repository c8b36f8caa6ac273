/**
 * The teacher's coach reviews a submitted reflection: feedback, then return for revision or
 * complete. Completing writes the grade and its grade-outbox row in ONE transaction (the engine's
 * enqueueGrade), so a grade is never saved without its delivery; grading again (points) queues a
 * newer grade that supersedes the older one ("latest wins"). An admin may complete — without
 * feedback, since they never read the reflection — only where the space allows it.
 */
import type { Sequelize, Transaction } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { badRequest, HttpError } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { enqueueGrade } from '../../grades/gradeOutbox';
import { GRADE_SOURCE, nextStatus, resourceKeyOf, scoreFor, type ReflectionStatus } from '../catalog';
import { loadReflectionFor, type ReflectionTask } from '../reflectionRecords';
import { conditionalUpdate, illegalMove } from './transitions';

export interface ReflectionReviewProps {
  /** The teacher's assigned coach, or an admin where the space lets admins grade. */
  actor: Actor;
  reflectionId: number;
  /** return: send back for revision (needs feedback); complete: accept and grade. */
  decision: 'return' | 'complete';
  /** Feedback for the teacher (private to the teacher and coach); kept when omitted. */
  feedback?: string;
  /** Points given, when the space grades with points (ignored for completion credit). */
  points?: number;
  /** Runs inside the caller's transaction when given (it commits or rolls back everything). */
  transaction?: Transaction;
}

/** What a review did. */
export interface ReviewResult {
  status: ReflectionStatus;
  /** The grade-outbox row queued (completions and re-grades). */
  outboxId?: number;
  /** Older queued or failed grades this one replaced. */
  superseded?: number;
}

/** Returns or completes the reflection (and queues its grade); refuses what the state machine and the space's grading forbid. */
export async function reviewReflection(sequelize: Sequelize, props: ReflectionReviewProps, now = new Date()): Promise<ReviewResult> {
  if (!props.transaction) return sequelize.transaction((transaction) => reviewReflection(sequelize, { ...props, transaction }, now));
  const transaction = props.transaction;
  const { actor } = props;
  const { reflection, task, audience, settings } = await loadReflectionFor(sequelize, actor, props.reflectionId, props.decision === 'return' ? 'review' : 'grade', transaction);
  if (audience === 'admin' && props.feedback !== undefined) {
    throw badRequest('Program admins complete reflections without feedback, because they do not read them. Leave the feedback empty.', 'ADMIN_FEEDBACK');
  }
  const next = nextStatus(reflection.status, props.decision, settings.grading);
  if ('refused' in next) throw illegalMove(next.refused);
  const feedback = props.feedback ?? reflection.feedback;
  const set: Record<string, unknown> = { status: next.to, feedback, updated_at: now };
  let score: { scoreGiven: number; scoreMaximum: number } | undefined;
  if (props.decision === 'complete') {
    const s = scoreFor(settings, props.points);
    if ('refused' in s) throw badRequest(s.refused, 'BAD_POINTS');
    score = s;
    Object.assign(set, { score_given: s.scoreGiven, score_maximum: s.scoreMaximum, graded_by: actor.person.id, graded_at: now });
  }
  if (!(await conditionalUpdate(sequelize, reflection.id, reflection.status, set, transaction))) {
    throw new HttpError(409, 'This reflection changed meanwhile', 'Someone completed or returned this reflection a moment ago. Reload the page to see where it stands.', 'REFLECTION_CHANGED');
  }
  await insertRow(sequelize, 'reflection_events', {
    reflection_id: reflection.id, from_status: reflection.status, to_status: next.to, person_id: actor.person.id,
    feedback: props.feedback ?? null, score_given: score?.scoreGiven ?? null, score_maximum: score?.scoreMaximum ?? null, at: now,
  }, transaction);
  if (!score) return { status: next.to };
  const queued = await enqueueGrade(sequelize, transaction, {
    tenantId: actor.tenant.id, spaceId: reflection.spaceId, personId: reflection.teacherId, resourceKey: resourceKeyOf(task.id),
    lineItem: lineItemOf(task, score.scoreMaximum),
    scoreGiven: score.scoreGiven, scoreMaximum: score.scoreMaximum, activityProgress: 'Completed', gradingProgress: 'FullyGraded',
    // No comment: feedback is private coaching content and LMS comments are read by others.
    source: { type: GRADE_SOURCE, id: reflection.id }, now,
  });
  return { status: next.to, outboxId: queued.outboxId, superseded: queued.superseded };
}

/**
 * The task's gradebook column. A placed task's column is tied to its resource link (or is the
 * line item the LMS made for it). A cycle task has no link of its own; its column is labelled
 * without the task's title, which may say what the teacher works on.
 */
function lineItemOf(task: ReflectionTask, scoreMaximum: number) {
  const placed = task.cycleId === null;
  return {
    label: placed ? task.title : `Coaching reflection ${task.id}`,
    scoreMaximum,
    tag: 'coachloop-reflection',
    ...(task.resourceLinkId ? { resourceLinkId: task.resourceLinkId } : {}),
    ...(task.lineItemUrl ? { url: task.lineItemUrl } : {}),
  };
}
