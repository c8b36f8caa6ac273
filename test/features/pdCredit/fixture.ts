/**
 * The hand-computed PD-credit fixture: in a coaching course, `teacher` (Tess) has sessions of
 * several kinds inside and outside the school year 2026–27 (1 July 2026 to 30 June 2027), a group
 * session shared with `otherTeacher` (Theo), a completed, an active and an earlier completed
 * cycle, and reflections completed inside and outside the range and one only submitted. The
 * expected figures are written out in HAND_FIGURES (and the arithmetic in creditRules.test.ts).
 */
import type { Sequelize } from 'sequelize';
import { confirmAssignment } from '../../../src/features/coaching/commands/assignmentConfirmer';
import { changeCycleStatus } from '../../../src/features/coaching/commands/cycleStatusChanger';
import { startCycle } from '../../../src/features/coaching/commands/cycleStarter';
import { logSession } from '../../../src/features/coaching/commands/sessionLogger';
import { teacherOptIn } from '../../../src/features/coaching/commands/teacherOptIn';
import type { SessionKind } from '../../../src/features/coaching/catalog';
import type { CreditRules } from '../../../src/features/pdCredit/catalog';
import { reviewReflection } from '../../../src/features/reflections/commands/reflectionReviewer';
import { writeReflection } from '../../../src/features/reflections/commands/reflectionWriter';
import { createReflectionTask } from '../../../src/features/reflections/commands/taskCreator';
import type { CoachingCourse } from '../../helpers/coaching';

export const RANGE = { from: '2026-07-01', to: '2027-06-30' };

/** The fixture's rules: 1 credit per 10 weighted hours, weights per kind, 1 per cycle, 0.25 per reflection, 0.5 per group session, down to 0.25. */
export const FIXTURE_RULES: CreditRules = {
  programName: 'Riverbend coaching', creditUnit: 'PD credits', hoursPerCredit: 10,
  kindWeights: { planning: 1, observation: 1.5, co_teaching: 1.5, modeling: 1, debrief: 1, group_pd: 0.5, check_in: 0 },
  perCycle: 1, perReflection: 0.25, perGroupSession: 0.5, roundingStep: 0.25, capPerYear: undefined, yearStartMonth: 7, gradebookPassback: false, gradebookMaximum: 10,
};

/** The fixture's rules as the admin's form sends them. */
export const RULES_FORM: Record<string, string> = {
  programName: 'Riverbend coaching', creditUnit: 'PD credits', hoursPerCredit: '10',
  weight_planning: '1', weight_observation: '1.5', weight_co_teaching: '1.5', weight_modeling: '1', weight_debrief: '1', weight_group_pd: '0.5', weight_check_in: '0',
  perCycle: '1', perReflection: '0.25', perGroupSession: '0.5', roundingStep: '0.25', capPerYear: '', yearStartMonth: '7', gradebookPassback: 'no', gradebookMaximum: '10',
};

/** Tess's figures in RANGE, worked out by hand (see creditRules.test.ts). */
export const HAND_FIGURES = {
  minutes: { planning: 0, observation: 90, co_teaching: 60, modeling: 120, debrief: 45, group_pd: 180, check_in: 15 } as Record<SessionKind, number>,
  sessions: { planning: 0, observation: 1, co_teaching: 1, modeling: 1, debrief: 1, group_pd: 1, check_in: 1 } as Record<SessionKind, number>,
  groupSessions: 1, cyclesCompleted: 1, reflectionsCompleted: 2,
};

const at = (iso: string) => new Date(iso);

/** Builds the fixture; returns the ids it made. */
export async function creditFixture(c: CoachingCourse): Promise<{ cycleA: number; cycleB: number; cycleC: number }> {
  const s: Sequelize = c.sequelize;
  const coach = c.actor('coach');
  for (const who of ['teacher', 'otherTeacher'] as const) {
    await teacherOptIn(s, { actor: c.actor(who), subjects: ['Math'], gradeBand: 'g6_8', needAreas: ['math'], needsNote: `SECRET-NEEDS-${who}` });
    await confirmAssignment(s, { actor: c.actor('admin'), teacherId: c.ids[who], coachId: c.ids.coach });
  }
  const teacherId = c.ids.teacher;
  const start = (focus: string, startsOn: string) => startCycle(s, { actor: coach, teacherId, focus, model: 'impact', startsOn, status: 'active' });
  const cycleA = await start('SECRET-FOCUS-A', '2026-09-01');
  const cycleB = await start('SECRET-FOCUS-B', '2026-10-25');
  const cycleC = await start('SECRET-FOCUS-C', '2026-04-01');
  const log = (cycleId: number | undefined, kind: SessionKind, heldOn: string, minutes: number, attendees?: number[]) =>
    logSession(s, { actor: coach, cycleId, attendees, kind, heldOn, minutes, format: 'in_person', notes: `SECRET-NOTE-${kind}-${heldOn}`, nextSteps: 'SECRET-NEXT' });
  // Inside 1 July 2026 – 30 June 2027:
  await log(cycleA, 'observation', '2026-09-10', 90);
  await log(cycleA, 'co_teaching', '2026-09-17', 60);
  await log(cycleA, 'debrief', '2026-09-18', 45);
  await log(cycleB, 'check_in', '2026-11-02', 15);
  await log(cycleB, 'modeling', '2027-06-30', 120); // the last day counts
  await log(undefined, 'group_pd', '2026-10-05', 180, [c.ids.teacher, c.ids.otherTeacher]);
  // Outside it:
  await log(cycleA, 'planning', '2026-06-30', 60); // the day before
  await log(cycleB, 'observation', '2027-07-01', 60); // the day after
  await log(undefined, 'group_pd', '2026-06-20', 60, [c.ids.teacher, c.ids.otherTeacher]);
  await log(cycleC, 'planning', '2026-04-10', 30);

  // Reflections: two completed inside, one completed before, one only submitted.
  const reflection = async (cycleId: number, title: string, submittedAt: string, completedAt?: string) => {
    const { reflectionId } = await createReflectionTask(s, { actor: coach, cycleId, title, prompts: ['What changed?'] });
    await writeReflection(s, { actor: c.actor('teacher'), reflectionId, action: 'submit', answers: [`SECRET-REFLECTION-${title}`] }, at(submittedAt));
    if (completedAt) await reviewReflection(s, { actor: coach, reflectionId, decision: 'complete' }, at(completedAt));
  };
  await reflection(cycleA, 'R1', '2026-11-09T10:00:00Z', '2026-11-10T09:00:00Z');
  await reflection(cycleA, 'R2', '2026-11-30T10:00:00Z', '2026-12-01T09:00:00Z');
  await reflection(cycleB, 'R3', '2026-12-05T10:00:00Z');
  await reflection(cycleC, 'R4', '2026-06-28T10:00:00Z', '2026-06-29T09:00:00Z');

  // Cycles: A completed inside, C completed before, B still active.
  await changeCycleStatus(s, { actor: coach, cycleId: cycleA, status: 'completed' }, at('2026-10-20T15:00:00Z'));
  await changeCycleStatus(s, { actor: coach, cycleId: cycleC, status: 'completed' }, at('2026-06-15T15:00:00Z'));
  return { cycleA, cycleB, cycleC };
}
