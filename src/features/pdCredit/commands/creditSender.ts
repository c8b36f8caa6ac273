/**
 * The teacher (or a program admin) sends a teacher's credits for a range to the course's LMS
 * gradebook, as a "PD credit" column per school year. Exactly like reflection grades: the send
 * record and its grade-outbox row are written in ONE transaction (enqueueGrade), the column is
 * found or created once per course and school year, and a later send for the same school year
 * replaces the score (strictly later timestamp: latest wins).
 */
import type { Sequelize } from 'sequelize';
import type { Actor } from '../../../auth/actor';
import { forbidden, HttpError } from '../../../auth/httpError';
import { insertRow } from '../../../db/insert';
import { recordAudit } from '../../coaching/audit';
import { enqueueGrade } from '../../grades/gradeOutbox';
import { GRADE_SOURCE, resourceKeyOf } from '../catalog';
import { fmt } from '../creditCalculator';
import type { SummaryTarget } from '../summaryAccess';
import { readSummary } from '../summaryReader';

export interface CreditSendProps {
  /** The teacher themself, or a program admin of the course. */
  actor: Actor;
  /** The teacher, loaded and authorized (loadSummaryTarget). */
  target: SummaryTarget;
  /** The days whose credits are sent (one school year at most). */
  from: string;
  to: string;
}

/** What a send did. */
export interface CreditSendResult {
  sendId: number;
  credits: number;
  outboxId: number;
}

/** 409 when the program does not send PD credit to the gradebook. */
export const PASSBACK_OFF = new HttpError(409, 'PD credit is not sent to the gradebook', 'Your program admin has not turned on sending PD credit to the LMS gradebook. Download or print the summary instead.', 'PASSBACK_OFF');

/** Queues the credits for the LMS gradebook; refuses when the program keeps PD credit out of the gradebook. */
export async function sendCredits(sequelize: Sequelize, props: CreditSendProps, now = new Date()): Promise<CreditSendResult> {
  const { actor, target } = props;
  if (target.audience !== 'teacher' && target.audience !== 'admin') throw forbidden('The teacher or a program admin sends PD credit to the gradebook.');
  const summary = await readSummary(sequelize, actor, target, { from: props.from, to: props.to }, 'send', now);
  if (!summary.rules.gradebookPassback) throw PASSBACK_OFF;
  const { rules, range, year, result } = summary;
  return sequelize.transaction(async (transaction) => {
    const sendId = await insertRow(sequelize, 'pd_credit_sends', {
      tenant_id: actor.tenant.id, space_id: actor.space!.id, teacher_person_id: target.teacherId, range_from: range.from, range_to: range.to,
      credits: result.credits, score_maximum: rules.gradebookMaximum, sent_by: actor.person.id, created_at: now,
    }, transaction);
    const queued = await enqueueGrade(sequelize, transaction, {
      tenantId: actor.tenant.id, spaceId: actor.space!.id, personId: target.teacherId, resourceKey: resourceKeyOf(year),
      // A column of its own (no resource link): "PD credits 2026–27".
      lineItem: { label: `${rules.creditUnit} ${year.label}`.slice(0, 255), scoreMaximum: rules.gradebookMaximum, tag: 'coachloop-pd-credit' },
      scoreGiven: result.credits, scoreMaximum: rules.gradebookMaximum, activityProgress: 'Completed', gradingProgress: 'FullyGraded',
      source: { type: GRADE_SOURCE, id: sendId }, now,
    });
    await recordAudit(sequelize, transaction, {
      actor, action: 'pd_credit.send', subjectType: 'pd_credit_summary', subjectId: target.teacherId, ownerPersonId: target.teacherId,
      detail: `Sent ${fmt(result.credits)} ${rules.creditUnit} for ${range.from} to ${range.to} to the LMS gradebook`,
    }, now);
    return { sendId, credits: result.credits, outboxId: queued.outboxId };
  });
}
