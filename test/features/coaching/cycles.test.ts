/** Cycles, the stage stepper, the session log, goals and check-ins: commands, the route ladder and the audit trail. */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { endAssignment } from '../../../src/features/coaching/commands/assignmentEnder';
import { recordCheckin } from '../../../src/features/coaching/commands/checkinRecorder';
import { changeCycleStatus } from '../../../src/features/coaching/commands/cycleStatusChanger';
import { startCycle } from '../../../src/features/coaching/commands/cycleStarter';
import { createGoal } from '../../../src/features/coaching/commands/goalCreator';
import { logSession } from '../../../src/features/coaching/commands/sessionLogger';
import { moveStage } from '../../../src/features/coaching/commands/stageMover';
import { type CoachingCourse, coachingCourse, teacherWithCycle } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';

describe('coaching cycles', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let cycleId: number;

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h);
    cycleId = await teacherWithCycle(c);
  });
  after(() => h.stop());

  const rows = <T extends object>(sql: string, replacements: unknown[]) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const auditRows = (subjectId: number) => rows<{ action: string; actor_person_id: number; actor_role: string; owner_person_id: number; detail: string }>(
    "SELECT action, actor_person_id, actor_role, owner_person_id, detail FROM audit_log WHERE subject_type = 'cycle' AND subject_id = ? ORDER BY id", [subjectId]);

  describe('commands', () => {
    it('starts a cycle at its first stage, active, with the model copied and two history entries', async () => {
      const [cycle] = await rows<{ stages: string; stage_index: number; status: string; model_name: string }>('SELECT stages, stage_index, status, model_name FROM cycles WHERE id = ?', [cycleId]);
      expect(JSON.parse(cycle.stages)).to.deep.equal(['Identify', 'Learn', 'Improve']);
      expect(Number(cycle.stage_index)).to.equal(0);
      expect(cycle.status).to.equal('active');
      expect(cycle.model_name).to.equal('Impact Cycle');
      const events = await rows<{ kind: string; to_value: string }>('SELECT kind, to_value FROM cycle_events WHERE cycle_id = ? ORDER BY id', [cycleId]);
      expect(events).to.deep.equal([{ kind: 'status', to_value: 'active' }, { kind: 'stage', to_value: 'Identify' }]);
    });

    it('moves between stages in one step and records each move; the same stage changes nothing', async () => {
      expect(await moveStage(c.sequelize, { actor: c.actor('coach'), cycleId, stage: 1 })).to.deep.equal({ moved: true });
      expect(await moveStage(c.sequelize, { actor: c.actor('coach'), cycleId, stage: 1 })).to.deep.equal({ moved: false });
      const events = await rows<{ from_value: string; to_value: string; person_id: number }>("SELECT from_value, to_value, person_id FROM cycle_events WHERE cycle_id = ? AND kind = 'stage' ORDER BY id", [cycleId]);
      expect(events.map((e) => [e.from_value, e.to_value])).to.deep.equal([[null, 'Identify'], ['Identify', 'Learn']]);
      expect(Number(events[1].person_id)).to.equal(c.ids.coach);
    });

    it('refuses a stage the cycle does not have, and a teacher moving stages', async () => {
      await expectHttp(moveStage(c.sequelize, { actor: c.actor('coach'), cycleId, stage: 3 }), 400, 'This cycle has 3 stages');
      await expectHttp(moveStage(c.sequelize, { actor: c.actor('teacher'), cycleId, stage: 2 }), 403, 'Your coach moves the cycle');
      await expectHttp(moveStage(c.sequelize, { actor: c.actor('otherCoach'), cycleId, stage: 2 }), 404, 'does not exist or is not shared');
    });

    it('a planned cycle becomes active when it first moves', async () => {
      const planned = await startCycle(c.sequelize, { actor: c.actor('coach'), teacherId: c.ids.teacher, focus: 'Planned focus', model: 'student-centered', startsOn: '2026-11-01', status: 'planned' });
      await moveStage(c.sequelize, { actor: c.actor('coach'), cycleId: planned, stage: 4 });
      const [row] = await rows<{ status: string; stage_index: number }>('SELECT status, stage_index FROM cycles WHERE id = ?', [planned]);
      expect(row).to.deep.include({ status: 'active' });
      expect(Number(row.stage_index)).to.equal(4);
      await changeCycleStatus(c.sequelize, { actor: c.actor('coach'), cycleId: planned, status: 'abandoned' });
    });

    it('logs a session with the cycle teacher as the attendee; minutes are the hours', async () => {
      const id = await logSession(c.sequelize, { actor: c.actor('coach'), cycleId, kind: 'observation', heldOn: '2026-09-10', minutes: 45, format: 'in_person', notes: 'SESSION-NOTE-1', nextSteps: 'NEXT-STEP-1' });
      const attendees = await rows<{ teacher_person_id: number }>('SELECT teacher_person_id FROM session_attendees WHERE session_id = ?', [id]);
      expect(attendees.map((a) => Number(a.teacher_person_id))).to.deep.equal([c.ids.teacher]);
      const [sum] = await rows<{ m: number }>('SELECT SUM(minutes) AS m FROM coaching_sessions WHERE cycle_id = ?', [cycleId]);
      expect(Number(sum.m)).to.equal(45);
    });

    it('a group session counts once for each attendee; attendees outside the course are refused and nothing is written', async () => {
      const id = await logSession(c.sequelize, { actor: c.actor('coach'), attendees: [c.ids.teacher, c.ids.otherTeacher, c.ids.teacher], kind: 'group_pd', heldOn: '2026-09-12', minutes: 60, format: 'virtual' });
      const attendees = await rows<{ teacher_person_id: number }>('SELECT teacher_person_id FROM session_attendees WHERE session_id = ? ORDER BY teacher_person_id', [id]);
      expect(attendees.map((a) => Number(a.teacher_person_id))).to.deep.equal([c.ids.teacher, c.ids.otherTeacher].sort((a, b) => a - b));
      const before = await rows<{ n: number }>('SELECT COUNT(*) AS n FROM coaching_sessions', []);
      await expectHttp(logSession(c.sequelize, { actor: c.actor('coach'), attendees: [c.ids.teacher, c.ids.admin], kind: 'group_pd', heldOn: '2026-09-12', minutes: 60, format: 'virtual' }), 400, 'Choose attendees among the teachers');
      expect(await rows<{ n: number }>('SELECT COUNT(*) AS n FROM coaching_sessions', [])).to.deep.equal(before);
    });

    it('adds a goal and check-ins (teacher and coach); a closed cycle takes no more', async () => {
      const goalId = await createGoal(c.sequelize, { actor: c.actor('teacher'), cycleId, statement: 'GOAL-STATEMENT', studentOutcome: 'Students justify answers', successMeasure: 'Exit tickets', baseline: 20, target: 80, unit: '% of students', dueOn: '2026-10-15', alignment: ['CCSS.MATH.PRACTICE.MP3'] });
      await recordCheckin(c.sequelize, { actor: c.actor('teacher'), goalId, checkedOn: '2026-09-20', value: 35, note: 'CHECKIN-NOTE' });
      await recordCheckin(c.sequelize, { actor: c.actor('coach'), goalId, checkedOn: '2026-10-01', value: 55, evidenceUrl: 'https://example.org/evidence' });
      const checkins = await rows<{ value: number; created_by: number }>('SELECT value, created_by FROM goal_checkins WHERE goal_id = ? ORDER BY checked_on', [goalId]);
      expect(checkins.map((k) => [Number(k.value), Number(k.created_by)])).to.deep.equal([[35, c.ids.teacher], [55, c.ids.coach]]);
      await expectHttp(recordCheckin(c.sequelize, { actor: c.actor('otherTeacher'), goalId, checkedOn: '2026-10-01', value: 99 }), 404, 'goal does not exist');
    });
  });

  describe('pages and routes', () => {
    it('GET /app/cycles/:id — teacher and assigned coach only; everyone else is refused without learning anything', async () => {
      const path = `/app/cycles/${cycleId}`;
      const teacher = await c.get('teacher', path);
      expect(teacher.status).to.equal(200);
      expect(teacher.html).to.contain('FOCUS-OF-teacher').and.contain('GOAL-STATEMENT').and.contain('SESSION-NOTE-1').and.contain('NEXT-STEP-1').and.contain('CHECKIN-NOTE');
      expect(teacher.html).to.not.contain('Log a session');
      const coach = await c.get('coach', path);
      expect(coach.status).to.equal(200);
      expect(coach.html).to.contain('Log a session').and.contain('NEEDS-NOTE-OF-teacher').and.contain('<polyline');
      for (const [who, status] of [['otherCoach', 404], ['otherTeacher', 404], ['admin', 403], ['mentor', 403], ['guest', 403]] as const) {
        const res = await c.get(who, path);
        expect(res.status, who).to.equal(status);
        expect(res.html, who).to.not.contain('FOCUS-OF-teacher').and.not.contain('GOAL-STATEMENT');
      }
      expect((await c.get('coach', '/app/cycles/abc')).status).to.equal(404);
      expect((await c.get('coach', '/app/cycles/999999999')).status).to.equal(404);
      expect((await h.launch({ userSub: 'u-coach', courseId: 'coaching-course' })).status).to.equal(200);
    });

    it('writes an audit row for each read by the coach, in the same request, and none for the teacher', async () => {
      const before = (await auditRows(cycleId)).length;
      await c.get('teacher', `/app/cycles/${cycleId}`);
      expect((await auditRows(cycleId)).length).to.equal(before);
      await c.get('coach', `/app/cycles/${cycleId}`);
      const after = await auditRows(cycleId);
      expect(after.length).to.equal(before + 1);
      expect(after[after.length - 1]).to.deep.include({ action: 'read', actor_role: 'coach' });
      expect(Number(after[after.length - 1].actor_person_id)).to.equal(c.ids.coach);
      expect(Number(after[after.length - 1].owner_person_id)).to.equal(c.ids.teacher);
      expect(after[after.length - 1].detail).to.not.contain('FOCUS-OF-teacher');
    });

    it('POST stage — ladder: 401, 403 teacher, 404 other coach, 400 with the message and no change, 303', async () => {
      const path = `/app/cycles/${cycleId}/stage`;
      const stageNow = async () => Number((await rows<{ s: number }>('SELECT stage_index AS s FROM cycles WHERE id = ?', [cycleId]))[0].s);
      const start = await stageNow();
      expect((await c.browsers.teacher.request('POST', `${h.toolUrl}${path}`, { form: { stage: '2' } })).status).to.equal(401);
      expect((await c.post('teacher', path, { stage: '2' })).status).to.equal(403);
      expect((await c.post('otherCoach', path, { stage: '2' })).status).to.equal(404);
      const bad = await c.post('coach', path, { stage: 'two' });
      expect(bad.status).to.equal(400);
      expect(bad.html).to.contain('Choose a stage.');
      const missing = await c.post('coach', path, { stage: '7' });
      expect(missing.status).to.equal(400);
      expect(missing.html).to.contain('This cycle has 3 stages');
      expect(await stageNow()).to.equal(start);
      const ok = await c.post('coach', path, { stage: '2' });
      expect(ok.status).to.equal(303);
      expect(await stageNow()).to.equal(2);
    });

    it('POST sessions — 400 keeps what was typed; success shows the session to the teacher', async () => {
      const path = `/app/cycles/${cycleId}/sessions`;
      const bad = await c.post('coach', path, { kind: 'debrief', heldOn: '2026-10-02', minutes: '0', format: 'virtual', notes: 'TYPED-NOTE' });
      expect(bad.status).to.equal(400);
      expect(bad.html).to.contain('A session lasts at least 1 minute.').and.contain('TYPED-NOTE');
      expect((await c.post('coach', path, { kind: 'debrief', heldOn: '2026-02-30', minutes: '30', format: 'virtual' })).html).to.contain('The session date is not a real date.');
      expect((await c.post('teacher', path, { kind: 'debrief', heldOn: '2026-10-02', minutes: '30', format: 'virtual' })).status).to.equal(403);
      const ok = await c.post('coach', path, { kind: 'debrief', heldOn: '2026-10-02', minutes: '30', format: 'virtual', notes: 'DEBRIEF-NOTE', nextSteps: 'TRY-TURN-AND-TALK' });
      expect(ok.status).to.equal(303);
      const teacher = await c.get('teacher', `/app/cycles/${cycleId}`);
      expect(teacher.html).to.contain('DEBRIEF-NOTE').and.contain('TRY-TURN-AND-TALK');
    });

    it('POST sessions — a NUL byte in the notes is a 400 that says so, and nothing is logged (fuzzing found a 500 on SQLite)', async () => {
      const count = async () => Number((await rows<{ n: number }>('SELECT COUNT(*) AS n FROM coaching_sessions WHERE cycle_id = ?', [cycleId]))[0].n);
      const before = await count();
      const res = await c.post('coach', `/app/cycles/${cycleId}/sessions`, { kind: 'debrief', heldOn: '2026-10-03', minutes: '30', format: 'virtual', notes: 'pasted\u0000text' });
      expect(res.status).to.equal(400);
      expect(res.html).to.contain('NUL_BYTE').and.contain('invisible control character');
      expect(await count()).to.equal(before);
    });

    it('POST goals and check-ins — ladder and validation', async () => {
      const path = `/app/cycles/${cycleId}/goals`;
      const goal = { statement: 'Second goal', studentOutcome: 'Students ask questions', successMeasure: 'Tally', baseline: '2', target: '10', unit: 'questions per lesson', dueOn: '2026-12-01', alignment: 'ISTE 1.5a, Local.Q' };
      expect((await c.post('admin', path, goal)).status).to.equal(403);
      expect((await c.post('otherTeacher', path, goal)).status).to.equal(404);
      const same = await c.post('teacher', path, { ...goal, target: '2' });
      expect(same.status).to.equal(400);
      expect(same.html).to.contain('The target must differ from the baseline');
      const ok = await c.post('teacher', path, goal);
      expect(ok.status).to.equal(303);
      const [created] = await rows<{ id: number; alignment: string }>("SELECT id, alignment FROM goals WHERE statement = 'Second goal'", []);
      expect(JSON.parse(created.alignment)).to.deep.equal(['ISTE 1.5a', 'Local.Q']);
      const checkin = `/app/goals/${created.id}/checkins`;
      expect((await c.post('teacher', checkin, { checkedOn: '2026-11-01', value: 'lots' })).html).to.contain('The value must be a number.');
      expect((await c.post('teacher', checkin, { checkedOn: '2026-11-01', value: '4', evidenceUrl: 'javascript:alert(1)' })).html).to.contain('must start with http:// or https://');
      expect((await c.post('otherCoach', checkin, { checkedOn: '2026-11-01', value: '4' })).status).to.equal(404);
      expect((await c.post('teacher', checkin, { checkedOn: '2026-11-01', value: '4', return: 'coaching' })).headers.get('location')).to.match(/^\/app\/coaching\?/);
      expect((await c.post('coach', `/app/goals/${created.id}/status`, { status: 'partly_met' })).status).to.equal(303);
      const [status] = await rows<{ status: string }>('SELECT status FROM goals WHERE id = ?', [created.id]);
      expect(status.status).to.equal('partly_met');
      expect((await c.post('coach', `/app/goals/${created.id}/status`, { status: 'great' })).status).to.equal(400);
    });

    it('the caseload shows the teacher, stage, last contact and goals at risk — and only the coach’s own teachers', async () => {
      const page = await c.get('coach', '/app/caseload');
      expect(page.status).to.equal(200);
      expect(page.html).to.contain('Tess Teacher').and.contain('stage 3 of 3').and.contain('Improve').and.contain('2026-10-02');
      // GOAL-STATEMENT was due 2026-10-15 at 55 of 20→80: past due, still in progress.
      expect(page.html).to.match(/chip-warn">\d+ of \d+/);
      const other = await c.get('otherCoach', '/app/caseload');
      expect(other.status).to.equal(200);
      expect(other.html).to.not.contain('Tess Teacher');
      for (const who of ['teacher', 'admin', 'mentor', 'guest'] as const) expect((await c.get(who, '/app/caseload')).status, who).to.equal(403);
    });

    it('POST /app/cycles — only with an assigned teacher, with a real model and dates', async () => {
      const form = { teacherId: String(c.ids.teacher), focus: 'New focus', model: 'impact', startsOn: '2026-11-10', endsOn: '2026-12-20', status: 'active' };
      expect((await c.post('otherCoach', '/app/cycles', form)).html).to.contain('only with a teacher assigned to you');
      expect((await c.post('coach', '/app/cycles', { ...form, model: 'custom:999' })).html).to.contain('not available in this course');
      expect((await c.post('coach', '/app/cycles', { ...form, endsOn: '2026-11-01' })).html).to.contain('The end date must be on or after the start date.');
      expect((await c.post('teacher', '/app/cycles', form)).status).to.equal(403);
      const ok = await c.post('coach', '/app/cycles', form);
      expect(ok.status).to.equal(303);
      expect(ok.headers.get('location')).to.match(/^\/app\/cycles\/\d+\?notice=started/);
    });

    it('completing a cycle closes it to new sessions (409) and ending the assignment closes it to the coach (404)', async () => {
      expect((await c.post('coach', `/app/cycles/${cycleId}/status`, { status: 'completed' })).status).to.equal(303);
      const closed = await c.post('coach', `/app/cycles/${cycleId}/sessions`, { kind: 'debrief', heldOn: '2026-10-20', minutes: '30', format: 'virtual' });
      expect(closed.status).to.equal(409);
      expect(closed.html).to.contain('This cycle is completed');
      const [assignment] = await rows<{ id: number }>('SELECT id FROM coaching_assignments WHERE teacher_person_id = ? AND active = 1', [c.ids.teacher]);
      await endAssignment(c.sequelize, { actor: c.actor('admin'), assignmentId: Number(assignment.id) });
      expect((await c.get('coach', `/app/cycles/${cycleId}`)).status).to.equal(404);
      expect((await c.get('teacher', `/app/cycles/${cycleId}`)).status).to.equal(200);
    });
  });
});

/** Awaits a promise expected to fail with an HttpError of this status and message. */
async function expectHttp(p: Promise<unknown>, status: number, message: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    expect((err as { status?: number }).status, String(err)).to.equal(status);
    expect((err as Error).message).to.contain(message);
    return;
  }
  expect.fail(`expected an error ${status}`);
}
