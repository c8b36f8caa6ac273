/**
 * Reflections through their commands: the state machine, who may grade, the grade and its outbox
 * row in one transaction (latest wins), coach reads audited, and admins never reading the text.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { changeCycleStatus } from '../../../src/features/coaching/commands/cycleStatusChanger';
import { retryReflectionGrade } from '../../../src/features/reflections/commands/gradeRetrier';
import { reviewReflection } from '../../../src/features/reflections/commands/reflectionReviewer';
import { writeReflection } from '../../../src/features/reflections/commands/reflectionWriter';
import { saveReflectionSettings } from '../../../src/features/reflections/commands/settingsSaver';
import { createReflectionTask } from '../../../src/features/reflections/commands/taskCreator';
import { deliveryText } from '../../../src/features/reflections/presenter';
import { awaitingCredit } from '../../../src/features/reflections/reflectionQueries';
import { readReflection } from '../../../src/features/reflections/reflectionReader';
import { deliveryStates } from '../../../src/features/grades/gradeStatus';
import { type CoachingCourse, coachingCourse, teacherWithCycle } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { expectHttp } from './expectHttp';

describe('reflections: commands', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let cycleId: number;
  let n = 0;

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'reflection-commands');
    cycleId = await teacherWithCycle(c);
  });
  after(() => h.stop());

  const rows = <T extends object>(sql: string, replacements: unknown[]) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const outbox = (reflectionId: number) => rows<{ id: number; status: string; score_given: number; score_maximum: number; person_id: number; resource_key: string; score_timestamp: number | string; comment: string | null }>(
    "SELECT id, status, score_given, score_maximum, person_id, resource_key, score_timestamp, comment FROM grade_outbox WHERE source_type = 'reflection' AND source_id = ? ORDER BY id", [reflectionId]);
  const statusOf = async (id: number) => (await rows<{ status: string }>('SELECT status FROM reflections WHERE id = ?', [id]))[0].status;
  const setPoints = (grading: 'completion' | 'points', adminsMayGrade = false) => saveReflectionSettings(c.sequelize, { actor: c.actor('admin'), grading, pointsMax: 10, adminsMayGrade });

  /** A task with two questions for the teacher's cycle; returns the reflection id. */
  async function newReflection(): Promise<number> {
    const { reflectionId } = await createReflectionTask(c.sequelize, { actor: c.actor('coach'), cycleId, title: `Reflection ${++n}`, prompts: ['What did you try?', 'What did students do?'] });
    return reflectionId;
  }
  /** A reflection the teacher has submitted. */
  async function submitted(): Promise<number> {
    const id = await newReflection();
    await writeReflection(c.sequelize, { actor: c.actor('teacher'), reflectionId: id, action: 'submit', answers: [`ANSWER-ONE-${id}`, `ANSWER-TWO-${id}`] });
    return id;
  }

  describe('tasks', () => {
    it('a coach sets a task for the cycle’s current stage; the teacher gets an empty draft', async () => {
      const { taskId, reflectionId } = await createReflectionTask(c.sequelize, { actor: c.actor('coach'), cycleId, title: 'Questioning', prompts: ['Q1', 'Q2', 'Q3'] });
      const [task] = await rows<{ cycle_id: number; stage_index: number; prompts: string; resource_link_id: string | null }>('SELECT cycle_id, stage_index, prompts, resource_link_id FROM reflection_tasks WHERE id = ?', [taskId]);
      expect(Number(task.cycle_id)).to.equal(cycleId);
      expect(Number(task.stage_index)).to.equal(0);
      expect(JSON.parse(task.prompts)).to.deep.equal(['Q1', 'Q2', 'Q3']);
      const [r] = await rows<{ status: string; answers: string; teacher_person_id: number }>('SELECT status, answers, teacher_person_id FROM reflections WHERE id = ?', [reflectionId]);
      expect(r.status).to.equal('draft');
      expect(JSON.parse(r.answers)).to.deep.equal(['', '', '']);
      expect(Number(r.teacher_person_id)).to.equal(c.ids.teacher);
    });

    it('only the cycle’s coach sets tasks, and not in a closed cycle', async () => {
      await expectHttp(createReflectionTask(c.sequelize, { actor: c.actor('otherCoach'), cycleId, title: 'T', prompts: ['Q'] }), 404, 'does not exist or is not shared');
      await expectHttp(createReflectionTask(c.sequelize, { actor: c.actor('teacher'), cycleId, title: 'T', prompts: ['Q'] }), 403, 'Your coach sets reflection tasks');
      await expectHttp(createReflectionTask(c.sequelize, { actor: c.actor('admin'), cycleId, title: 'T', prompts: ['Q'] }), 404, 'does not exist or is not shared');
      const other = await teacherWithCycle(c, 'otherTeacher', 'otherCoach');
      await changeCycleStatus(c.sequelize, { actor: c.actor('otherCoach'), cycleId: other, status: 'abandoned' });
      await expectHttp(createReflectionTask(c.sequelize, { actor: c.actor('otherCoach'), cycleId: other, title: 'T', prompts: ['Q'] }), 409, 'reopen it');
    });
  });

  describe('the state machine', () => {
    it('draft → submitted → returned → submitted → complete, each step in the history', async () => {
      const id = await newReflection();
      const teacher = c.actor('teacher');
      expect(await writeReflection(c.sequelize, { actor: teacher, reflectionId: id, action: 'save', answers: ['First try', ''] })).to.deep.equal({ status: 'draft', changed: true });
      expect(await writeReflection(c.sequelize, { actor: teacher, reflectionId: id, action: 'save', answers: ['First try', ''] })).to.deep.equal({ status: 'draft', changed: false });
      expect((await writeReflection(c.sequelize, { actor: teacher, reflectionId: id, action: 'submit', answers: ['First try', 'Students talked'] })).status).to.equal('submitted');
      expect((await reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'return', feedback: 'Say more about the talk moves.' })).status).to.equal('returned');
      expect((await writeReflection(c.sequelize, { actor: teacher, reflectionId: id, action: 'save', answers: ['First try, revised', 'Students talked'] })).status).to.equal('returned');
      expect((await writeReflection(c.sequelize, { actor: teacher, reflectionId: id, action: 'submit', answers: ['First try, revised', 'Students talked in pairs'] })).status).to.equal('submitted');
      const done = await reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete', feedback: 'Thank you.' });
      expect(done.status).to.equal('complete');
      const events = await rows<{ from_status: string | null; to_status: string; feedback: string | null }>('SELECT from_status, to_status, feedback FROM reflection_events WHERE reflection_id = ? ORDER BY id', [id]);
      expect(events.map((e) => [e.from_status, e.to_status])).to.deep.equal([[null, 'draft'], ['draft', 'submitted'], ['submitted', 'returned'], ['returned', 'submitted'], ['submitted', 'complete']]);
      expect(events[2].feedback).to.equal('Say more about the talk moves.');
      const [r] = await rows<{ answers: string; feedback: string; score_given: number; score_maximum: number; graded_by: number }>('SELECT answers, feedback, score_given, score_maximum, graded_by FROM reflections WHERE id = ?', [id]);
      expect(JSON.parse(r.answers)).to.deep.equal(['First try, revised', 'Students talked in pairs']);
      expect(r.feedback).to.equal('Thank you.');
      expect([Number(r.score_given), Number(r.score_maximum), Number(r.graded_by)]).to.deep.equal([1, 1, c.ids.coach]);
    });

    it('refuses illegal moves with a plain message and changes nothing', async () => {
      const id = await newReflection();
      const teacher = c.actor('teacher');
      await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'return', feedback: 'x' }), 409, 'Only a submitted reflection can be returned');
      await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete' }), 409, 'Only a submitted reflection can be completed');
      await expectHttp(writeReflection(c.sequelize, { actor: teacher, reflectionId: id, action: 'submit', answers: ['Only one', '  '] }), 400, 'question 2 is empty');
      await expectHttp(writeReflection(c.sequelize, { actor: teacher, reflectionId: id, action: 'save', answers: ['Only one'] }), 400, 'has 2 questions but the form sent 1 answer');
      expect(await statusOf(id)).to.equal('draft');
      await writeReflection(c.sequelize, { actor: teacher, reflectionId: id, action: 'submit', answers: ['A', 'B'] });
      await expectHttp(writeReflection(c.sequelize, { actor: teacher, reflectionId: id, action: 'save', answers: ['changed', 'B'] }), 409, 'Your reflection is with your coach now');
      await expectHttp(writeReflection(c.sequelize, { actor: teacher, reflectionId: id, action: 'submit', answers: ['A', 'B'] }), 409, 'already submitted');
      await reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete' });
      await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete' }), 409, 'already complete');
      await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'return', feedback: 'again' }), 409, 'can no longer be returned');
      await expectHttp(writeReflection(c.sequelize, { actor: teacher, reflectionId: id, action: 'save', answers: ['A', 'B'] }), 409, 'complete, so it can no longer be changed');
      expect(await outbox(id)).to.have.length(1);
    });
  });

  describe('who may grade', () => {
    it('only the assigned coach: another coach 404, the teacher 403, an admin 403 unless the course allows it', async () => {
      const id = await submitted();
      await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('otherCoach'), reflectionId: id, decision: 'complete' }), 404, 'does not exist or is not shared');
      await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('teacher'), reflectionId: id, decision: 'complete' }), 403, 'Your coach');
      await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('otherTeacher'), reflectionId: id, decision: 'complete' }), 404, 'does not exist');
      await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('mentor'), reflectionId: id, decision: 'complete' }), 404, 'does not exist');
      await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('admin'), reflectionId: id, decision: 'complete' }), 403, 'only the teacher’s coach grades');
      expect(await statusOf(id)).to.equal('submitted');
      expect(await outbox(id)).to.deep.equal([]);
    });

    it('an admin allowed to grade completes without feedback, never returns, never reads', async () => {
      const id = await submitted();
      await setPoints('completion', true);
      try {
        await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('admin'), reflectionId: id, decision: 'complete', feedback: 'Nice' }), 400, 'without feedback');
        await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('admin'), reflectionId: id, decision: 'return', feedback: 'Nice' }), 403, 'private between a teacher and their coach');
        await expectHttp(readReflection(c.sequelize, c.actor('admin'), id), 403, 'only counts');
        const waiting = await awaitingCredit(c.sequelize, c.spaceId);
        const mine = waiting.find((w) => w.id === id)!;
        expect(mine).to.deep.include({ teacherName: 'Tess Teacher', what: 'Coaching cycle reflection' });
        expect(JSON.stringify(waiting)).to.not.contain('ANSWER-ONE').and.not.contain('Reflection ');
        expect((await reviewReflection(c.sequelize, { actor: c.actor('admin'), reflectionId: id, decision: 'complete' })).status).to.equal('complete');
        const [grade] = await outbox(id);
        expect([Number(grade.score_given), Number(grade.score_maximum)]).to.deep.equal([1, 1]);
      } finally {
        await setPoints('completion', false);
      }
    });

    it('assignment ended: the former coach can no longer grade (404)', async () => {
      // A teacher with a cycle, then a new assignment: the old coach loses the reflection.
      const id = await submitted();
      const [a] = await rows<{ id: number }>('SELECT id FROM coaching_assignments WHERE teacher_person_id = ? AND active = 1', [c.ids.teacher]);
      await c.sequelize.query('UPDATE coaching_assignments SET active = 0 WHERE id = ?', { replacements: [a.id] });
      try {
        await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete' }), 404, 'does not exist');
      } finally {
        await c.sequelize.query('UPDATE coaching_assignments SET active = 1 WHERE id = ?', { replacements: [a.id] });
      }
    });
  });

  describe('grade and outbox', () => {
    it('completing writes exactly one outbox row: full completion credit 1/1 for the teacher on the task’s line item, no comment', async () => {
      const id = await submitted();
      const result = await reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete', feedback: 'PRIVATE-FEEDBACK' });
      const rowsNow = await outbox(id);
      expect(rowsNow).to.have.length(1);
      expect(rowsNow[0]).to.deep.include({ status: 'pending', comment: null });
      expect([Number(rowsNow[0].id), Number(rowsNow[0].score_given), Number(rowsNow[0].score_maximum), Number(rowsNow[0].person_id)]).to.deep.equal([result.outboxId, 1, 1, c.ids.teacher]);
      const [task] = await rows<{ task_id: number }>('SELECT task_id FROM reflections WHERE id = ?', [id]);
      expect(rowsNow[0].resource_key).to.equal(`reflection-task:${task.task_id}`);
      const [item] = await rows<{ label: string; score_maximum: number; resource_link_id: string | null }>("SELECT label, score_maximum, resource_link_id FROM lms_line_items WHERE space_id = ? AND resource_key = ?", [c.spaceId, rowsNow[0].resource_key]);
      expect(item.label).to.equal(`Coaching reflection ${task.task_id}`);
      expect(Number(item.score_maximum)).to.equal(1);
    });

    it('a failure after the grade and its outbox row rolls back both (one transaction)', async () => {
      const id = await submitted();
      const eventsBefore = await rows('SELECT id FROM reflection_events WHERE reflection_id = ?', [id]);
      let outboxId: number | undefined;
      try {
        await c.sequelize.transaction(async (transaction) => {
          const r = await reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete', transaction });
          outboxId = r.outboxId;
          const inside = await c.sequelize.query('SELECT id FROM grade_outbox WHERE id = ?', { replacements: [r.outboxId], type: QueryTypes.SELECT, transaction });
          expect(inside, 'the outbox row exists inside the transaction').to.have.length(1);
          throw new Error('forced failure after the grade');
        });
        expect.fail('the transaction should have failed');
      } catch (err) {
        expect((err as Error).message).to.equal('forced failure after the grade');
      }
      expect(outboxId).to.be.a('number');
      expect(await statusOf(id)).to.equal('submitted');
      expect(await outbox(id)).to.deep.equal([]);
      expect(await rows('SELECT id FROM reflection_events WHERE reflection_id = ?', [id])).to.have.length(eventsBefore.length);
      const [r] = await rows<{ score_given: number | null }>('SELECT score_given FROM reflections WHERE id = ?', [id]);
      expect(r.score_given).to.equal(null);
    });

    it('re-grading with points supersedes the waiting grade with a later timestamp (latest wins); completion cannot be re-given', async () => {
      await setPoints('points');
      try {
        const id = await submitted();
        await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete' }), 400, 'Give points from 0 to 10');
        await expectHttp(reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete', points: 11 }), 400, 'at most 10 points');
        const first = await reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete', points: 7 });
        const second = await reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete', points: 9.5 });
        expect(second.superseded).to.equal(1);
        const all = await outbox(id);
        expect(all.map((r) => [Number(r.id), r.status, Number(r.score_given), Number(r.score_maximum)])).to.deep.equal([[first.outboxId, 'superseded', 7, 10], [second.outboxId, 'pending', 9.5, 10]]);
        expect(Number(all[1].score_timestamp)).to.be.greaterThan(Number(all[0].score_timestamp));
        const states = await deliveryStates(c.sequelize, 'reflection', [id]);
        expect(states.get(id)).to.deep.include({ state: 'waiting', outboxId: second.outboxId });
      } finally {
        await setPoints('completion');
      }
    });

    it('retry: only a failed grade, through the engine, by the assigned coach', async () => {
      const id = await submitted();
      const { outboxId } = await reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: id, decision: 'complete' });
      await expectHttp(retryReflectionGrade(c.sequelize, { actor: c.actor('coach'), reflectionId: id }), 409, 'still on its way');
      await c.sequelize.query("UPDATE grade_outbox SET status = 'failed', attempts = 8, last_error_code = 'NOT_STUDENT', last_error = 'The LMS says this person is not a student.' WHERE id = ?", { replacements: [outboxId] });
      const failed = deliveryText((await deliveryStates(c.sequelize, 'reflection', [id])).get(id));
      expect(failed).to.deep.equal({ text: 'Failed: The LMS says this person is not a student.', chip: 'chip-bad', canRetry: true });
      await expectHttp(retryReflectionGrade(c.sequelize, { actor: c.actor('otherCoach'), reflectionId: id }), 404, 'does not exist');
      await expectHttp(retryReflectionGrade(c.sequelize, { actor: c.actor('teacher'), reflectionId: id }), 403, 'Your coach');
      const state = await retryReflectionGrade(c.sequelize, { actor: c.actor('coach'), reflectionId: id });
      expect(state).to.deep.include({ state: 'waiting', outboxId, attempt: 1 });
      const [row] = await outbox(id);
      expect(row.status).to.equal('pending');
    });
  });

  describe('privacy', () => {
    const audits = (id: number) => rows<{ action: string; actor_person_id: number; actor_role: string; owner_person_id: number; detail: string }>(
      "SELECT action, actor_person_id, actor_role, owner_person_id, detail FROM audit_log WHERE subject_type = 'reflection' AND subject_id = ? ORDER BY id", [id]);

    it('the coach’s read is audited in the same transaction; the teacher’s is not; others are refused and leave no row', async () => {
      const id = await submitted();
      const teacherView = await readReflection(c.sequelize, c.actor('teacher'), id);
      expect(teacherView.reflection.answers).to.deep.equal([`ANSWER-ONE-${id}`, `ANSWER-TWO-${id}`]);
      expect(await audits(id)).to.deep.equal([]);
      const coachView = await readReflection(c.sequelize, c.actor('coach'), id);
      expect(coachView.audience).to.equal('coach');
      const after = await audits(id);
      expect(after).to.have.length(1);
      expect(after[0]).to.deep.include({ action: 'read', actor_role: 'coach' });
      expect([Number(after[0].actor_person_id), Number(after[0].owner_person_id)]).to.deep.equal([c.ids.coach, c.ids.teacher]);
      expect(after[0].detail).to.not.contain('ANSWER');
      for (const who of ['otherCoach', 'otherTeacher', 'mentor', 'guest'] as const) await expectHttp(readReflection(c.sequelize, c.actor(who), id), 404, 'does not exist');
      await expectHttp(readReflection(c.sequelize, c.actor('admin'), id), 403, 'only counts');
      expect(await audits(id)).to.have.length(1);
    });
  });
});
