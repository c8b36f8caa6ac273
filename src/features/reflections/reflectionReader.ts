/**
 * Reads a reflection page — the task, the teacher's answers, the feedback history — after the
 * policy check, in one transaction that also writes the audit row when the reader is not the
 * teacher (the coach). The grade's delivery state is read afterwards (outbox metadata, not content).
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../auth/actor';
import { storedDate } from '../../jobs/jobRows';
import { recordAudit } from '../coaching/audit';
import { personName } from '../coaching/coachingQueries';
import { findCycle } from '../coaching/cycleRecords';
import { deliveryStates, type DeliveryState } from '../grades/gradeStatus';
import { GRADE_SOURCE, type ReflectionStatus } from './catalog';
import { loadReflectionFor, type AuthorizedReflection } from './reflectionRecords';

export interface ReflectionEvent { from: ReflectionStatus | null; to: ReflectionStatus; by: string; feedback: string | null; scoreGiven: number | null; scoreMaximum: number | null; at: Date }

/** Everything a reflection page can show (the presenter decides what each audience gets). */
export interface ReflectionRecord extends AuthorizedReflection {
  teacherName: string;
  /** The cycle's focus and the stage the task belongs to (cycle tasks). */
  cycle?: { id: number; focus: string; stageName: string };
  events: ReflectionEvent[];
  delivery?: DeliveryState;
}

type NameRow = { name: string | null; given_name: string | null; family_name: string | null };

/** Loads the page data for the actor (404/403 when not theirs to read); audits reads by anyone but the teacher. */
export async function readReflection(sequelize: Sequelize, actor: Actor, reflectionId: number): Promise<ReflectionRecord> {
  const record = await sequelize.transaction(async (transaction) => {
    const authorized = await loadReflectionFor(sequelize, actor, reflectionId, undefined, transaction);
    const { reflection, task } = authorized;
    const q = <T extends object>(sql: string, replacements: unknown[]) => sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction });
    const [teacher] = await q<NameRow>('SELECT name, given_name, family_name FROM people WHERE id = ?', [reflection.teacherId]);
    const events = await q<NameRow & { from_status: string | null; to_status: string; feedback: string | null; score_given: number | string | null; score_maximum: number | string | null; at: Date | string }>(
      'SELECT e.from_status, e.to_status, e.feedback, e.score_given, e.score_maximum, e.at, p.name, p.given_name, p.family_name FROM reflection_events e LEFT JOIN people p ON p.id = e.person_id WHERE e.reflection_id = ? ORDER BY e.at, e.id',
      [reflection.id],
    );
    const cycle = task.cycleId !== null ? await findCycle(sequelize, reflection.spaceId, task.cycleId, transaction) : undefined;
    if (authorized.audience !== 'teacher') {
      await recordAudit(sequelize, transaction, {
        actor, action: 'read', subjectType: 'reflection', subjectId: reflection.id, ownerPersonId: reflection.teacherId,
        detail: 'reflection page: answers and feedback',
      });
    }
    return {
      ...authorized,
      teacherName: teacher ? personName(teacher) : 'Unknown person',
      cycle: cycle ? { id: cycle.id, focus: cycle.focus, stageName: cycle.stages[task.stageIndex ?? 0] ?? `Stage ${(task.stageIndex ?? 0) + 1}` } : undefined,
      events: events.map((e) => ({
        from: e.from_status as ReflectionStatus | null, to: e.to_status as ReflectionStatus, by: personName(e), feedback: e.feedback,
        scoreGiven: e.score_given === null ? null : Number(e.score_given), scoreMaximum: e.score_maximum === null ? null : Number(e.score_maximum), at: storedDate(e.at),
      })),
    };
  });
  const delivery = (await deliveryStates(sequelize, GRADE_SOURCE, [record.reflection.id])).get(record.reflection.id);
  return { ...record, delivery };
}
