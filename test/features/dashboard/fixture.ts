/**
 * A small district whose every dashboard figure is worked out by hand (see the comments and
 * dashboard.test.ts). Minimum group size 3. Nine rostered teachers T1–T9 (T1 = `teacher`,
 * T2 = `otherTeacher`, T3–T9 added to the roster directly); T1–T7 opted in.
 *
 * Coach A (`coach`) has cycles with T1–T4 and T6; coach B (`otherCoach`) with T5. All cycles start
 * 2026-09-01 (impact model: Identify → Learn → Improve). T1–T3 move to Learn on 09-15, Improve on
 * 10-01 and complete on 10-20; T4–T6 move to Learn on 09-11 and stay active.
 *
 * Sessions (minutes): A: T1 planning 60 (09-02), T1 observation 30 (09-09), T2 planning 60
 * (09-03), T3 debrief 30 (10-01), T4 check-in 15 (10-02), group PD 90 with T1, T2, T3 (10-05);
 * B: T5 planning 45 (09-04), T5 modeling 60 (10-06). 8 sessions, 390 minutes; T6 has none.
 *
 * Goals, all due 2026-10-15: T1 met, met; T2 met, partly met; T3 not met; T4 partly met;
 * T5 met, in progress.
 *
 * Survey answers (teachers, "students are more engaged"): beginning of year coached 4, 2, 5 and
 * not coached 4, 4, 4; end of year coached 5, 5, 4 and not coached 3.
 *
 * Every private text carries a marker (SECRET-…) so tests can assert it never shows.
 */
import { QueryTypes } from 'sequelize';
import type { Actor } from '../../../src/auth/actor';
import { confirmAssignment } from '../../../src/features/coaching/commands/assignmentConfirmer';
import { changeCycleStatus } from '../../../src/features/coaching/commands/cycleStatusChanger';
import { startCycle } from '../../../src/features/coaching/commands/cycleStarter';
import { createGoal } from '../../../src/features/coaching/commands/goalCreator';
import { changeGoalStatus } from '../../../src/features/coaching/commands/goalStatusChanger';
import { logSession } from '../../../src/features/coaching/commands/sessionLogger';
import { moveStage } from '../../../src/features/coaching/commands/stageMover';
import { teacherOptIn } from '../../../src/features/coaching/commands/teacherOptIn';
import type { GoalStatus, SessionKind } from '../../../src/features/coaching/catalog';
import type { CoachingCourse } from '../../helpers/coaching';

export const SECRETS = ['SECRET-SESSION-NOTE', 'SECRET-NEXT-STEP', 'SECRET-GOAL-TEXT', 'SECRET-OUTCOME', 'SECRET-FOCUS', 'SECRET-NEEDS'];

export interface District {
  /** Person ids of T1–T9. */
  t: number[];
  coachA: number;
  coachB: number;
  cycles: number[];
  /** An actor for any person of the course, with a role. */
  actorOf(personId: number, role: Actor['role'], name?: string): Actor;
}

const at = (day: string, time = '12:00:00') => new Date(`${day}T${time}Z`);

/** Builds the district in the course (min group size 3 for its tenant). */
export async function buildDistrict(c: CoachingCourse): Promise<District> {
  const s = c.sequelize;
  const run = (sql: string, replacements: unknown[]) => s.query(sql, { replacements });
  const now = new Date('2026-08-20T08:00:00Z');
  await run('INSERT INTO program_settings (tenant_id, min_group_size, created_at, updated_at) VALUES (?, 3, ?, ?)', [c.tenantId, now, now]);
  const t = [c.ids.teacher, c.ids.otherTeacher];
  for (let i = 3; i <= 9; i++) {
    await run('INSERT INTO people (tenant_id, sub, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [c.tenantId, `fixture-t${i}`, `Teacher T${i}`, now, now]);
    const [row] = await s.query<{ id: number }>('SELECT id FROM people WHERE tenant_id = ? AND sub = ?', { replacements: [c.tenantId, `fixture-t${i}`], type: QueryTypes.SELECT });
    t.push(Number(row.id));
    await run("INSERT INTO memberships (space_id, person_id, lti_roles, role, status, created_at, updated_at) VALUES (?, ?, '[]', 'teacher', 'active', ?, ?)", [c.spaceId, row.id, now, now]);
  }
  const actorOf = (personId: number, role: Actor['role'], name = 'Someone'): Actor => ({ ...c.actor('teacher'), person: { id: personId, sub: `p-${personId}`, name }, role });
  const coachA = c.ids.coach;
  const coachB = c.ids.otherCoach;
  const A = c.actor('coach');
  const B = c.actor('otherCoach');

  for (let i = 0; i < 7; i++) {
    await teacherOptIn(s, { actor: actorOf(t[i], 'teacher'), subjects: ['Math'], gradeBand: 'g6_8', needAreas: ['math'], needsNote: 'SECRET-NEEDS' }, now);
  }
  const coachOf = [A, A, A, A, B, A];
  const cycles: number[] = [];
  for (let i = 0; i < 6; i++) {
    await confirmAssignment(s, { actor: c.actor('admin'), teacherId: t[i], coachId: coachOf[i].person.id }, now);
    cycles.push(await startCycle(s, { actor: coachOf[i], teacherId: t[i], focus: `SECRET-FOCUS-${i + 1}`, model: 'impact', startsOn: '2026-09-01', endsOn: '2026-10-31', status: 'active' }, at('2026-09-01', '08:00:00')));
  }

  const session = (coach: Actor, i: number | undefined, kind: SessionKind, day: string, minutes: number, attendees?: number[]) =>
    logSession(s, { actor: coach, cycleId: i === undefined ? undefined : cycles[i], attendees, kind, heldOn: day, minutes, format: 'in_person', notes: 'SECRET-SESSION-NOTE', nextSteps: 'SECRET-NEXT-STEP' }, at(day));
  await session(A, 0, 'planning', '2026-09-02', 60);
  await session(A, 0, 'observation', '2026-09-09', 30);
  await session(A, 1, 'planning', '2026-09-03', 60);
  await session(A, 2, 'debrief', '2026-10-01', 30);
  await session(A, 3, 'check_in', '2026-10-02', 15);
  await session(A, undefined, 'group_pd', '2026-10-05', 90, [t[0], t[1], t[2]]);
  await session(B, 4, 'planning', '2026-09-04', 45);
  await session(B, 4, 'modeling', '2026-10-06', 60);

  const goals: Array<[number, GoalStatus]> = [[0, 'met'], [0, 'met'], [1, 'met'], [1, 'partly_met'], [2, 'not_met'], [3, 'partly_met'], [4, 'met'], [4, 'in_progress']];
  for (const [i, status] of goals) {
    const coach = coachOf[i];
    const goalId = await createGoal(s, {
      actor: coach, cycleId: cycles[i], statement: 'SECRET-GOAL-TEXT', studentOutcome: 'SECRET-OUTCOME', successMeasure: 'exit tickets', baseline: 20, target: 80, unit: '% of students', dueOn: '2026-10-15', alignment: ['CCSS.MATH'],
    }, at('2026-09-05'));
    if (status !== 'in_progress') await changeGoalStatus(s, { actor: coach, goalId, status }, at('2026-10-15'));
  }

  for (let i = 0; i < 3; i++) {
    await moveStage(s, { actor: A, cycleId: cycles[i], stage: 1 }, at('2026-09-15', '08:00:00'));
    await moveStage(s, { actor: A, cycleId: cycles[i], stage: 2 }, at('2026-10-01', '08:00:00'));
    await changeCycleStatus(s, { actor: A, cycleId: cycles[i], status: 'completed' }, at('2026-10-20', '08:00:00'));
  }
  for (const i of [3, 4, 5]) await moveStage(s, { actor: coachOf[i], cycleId: cycles[i], stage: 1 }, at('2026-09-11', '08:00:00'));

  // Survey answers, stored as the survey feature stores them (the dashboard reads only their counts).
  for (const [kind, week] of [['boy', '2026-W37'], ['eoy', '2026-W42']] as const) {
    await run(`INSERT INTO surveys (tenant_id, space_id, title, kind, audience_roles, audience_coaching, anonymous, edit_until_close, status, created_at, updated_at)
               VALUES (?, ?, ?, ?, '["teacher"]', 'all', 1, 0, 'published', ?, ?)`, [c.tenantId, c.spaceId, `Fixture ${kind}`, kind, now, now]);
    const [survey] = await s.query<{ id: number }>('SELECT id FROM surveys WHERE space_id = ? AND title = ?', { replacements: [c.spaceId, `Fixture ${kind}`], type: QueryTypes.SELECT });
    await run(`INSERT INTO survey_questions (survey_id, position, kind, prompt, required, compare_key, created_at, updated_at) VALUES (?, 1, 'likert5', 'More engaged?', 1, 'teacher.impact_engagement', ?, ?)`, [survey.id, now, now]);
    const [question] = await s.query<{ id: number }>('SELECT id FROM survey_questions WHERE survey_id = ?', { replacements: [survey.id], type: QueryTypes.SELECT });
    const answers: Array<[string, number]> = kind === 'boy'
      ? [['coached', 4], ['coached', 2], ['coached', 5], ['not_coached', 4], ['not_coached', 4], ['not_coached', 4]]
      : [['coached', 5], ['coached', 5], ['coached', 4], ['not_coached', 3]];
    for (const [n, [group, value]] of answers.entries()) {
      await run("INSERT INTO survey_responses (id, survey_id, period, role_group, coaching_group, answers) VALUES (?, ?, ?, 'teacher', ?, ?)",
        [`${kind}-${c.spaceId}-${n}-000000000000000000000000000`.slice(0, 36), survey.id, week, group, JSON.stringify({ [String(question.id)]: value })]);
    }
  }
  return { t, coachA, coachB, cycles, actorOf };
}
