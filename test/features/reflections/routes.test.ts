/**
 * Reflection routes up the ladder (401 / 403 / 404 / 400 with the message and nothing changed /
 * success), the pages each audience gets, and a grade travelling to the simulated LMS gradebook:
 * sent, failed with its reason, retried by the coach.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { registerGradeDelivery } from '../../../src/features/grades/gradeWorker';
import { JobQueue } from '../../../src/jobs/jobQueue';
import { type CoachingCourse, coachingCourse, teacherWithCycle } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
const COURSE = 'reflection-routes';

describe('reflections: routes and pages', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let cycleId: number;
  let reflectionId: number;
  const queues: JobQueue[] = [];

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, COURSE);
    cycleId = await teacherWithCycle(c);
  });
  after(async () => {
    await Promise.all(queues.map((q) => q.stop()));
    await h.stop();
  });

  const rows = <T extends object>(sql: string, replacements: unknown[]) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const reflection = async () => (await rows<{ status: string; answers: string; feedback: string | null }>('SELECT status, answers, feedback FROM reflections WHERE id = ?', [reflectionId]))[0];
  const anonymous = (method: string, path: string) => c.browsers.teacher.request(method, `${h.toolUrl}${path}`, method === 'POST' ? { form: {} } : undefined);
  const json = (who: 'teacher' | 'coach', path: string, form: Record<string, string | string[]>) =>
    c.browsers[who].request('POST', `${h.toolUrl}${path}?ltik=${encodeURIComponent(c.ltiks[who])}`, { form, headers: { accept: 'application/json' } });

  /** Delivers due grades of this course to the simulated LMS (other tests' grades are set aside). */
  async function deliver(): Promise<void> {
    await c.sequelize.query("UPDATE grade_outbox SET status = 'failed', last_error_code = 'SET_ASIDE_BY_TEST' WHERE space_id <> ? AND status IN ('pending', 'sending')", { replacements: [c.spaceId] });
    const queue = new JobQueue(c.sequelize, { workerId: `reflections-${queues.length}`, onError: () => undefined });
    registerGradeDelivery(queue, { sequelize: c.sequelize, lti: h.coachloop.lti }, { requestTimeoutMs: 3000, onError: () => undefined });
    queues.push(queue);
    await queue.drain();
  }

  it('POST /app/cycles/:cycleId/reflection-tasks — 401, 403 teacher, 404 other coach and bad ids, 400 with the message and nothing made, 303', async () => {
    const path = `/app/cycles/${cycleId}/reflection-tasks`;
    const count = async () => Number((await rows<{ n: number }>('SELECT COUNT(*) AS n FROM reflection_tasks WHERE cycle_id = ?', [cycleId]))[0].n);
    const form = { title: 'Talk moves', prompts: 'What did you try?\nWhat did students say?' };
    expect((await anonymous('POST', path)).status).to.equal(401);
    expect((await c.post('teacher', path, form)).status).to.equal(403);
    expect((await c.post('admin', path, form)).status).to.equal(403);
    expect((await c.post('otherCoach', path, form)).status).to.equal(404);
    expect((await c.post('coach', '/app/cycles/abc/reflection-tasks', form)).status).to.equal(404);
    expect((await c.post('coach', '/app/cycles/999999999/reflection-tasks', form)).status).to.equal(404);
    const empty = await c.post('coach', path, {});
    expect(empty.status).to.equal(400);
    expect(empty.html).to.contain('Give the reflection a title.');
    const tooMany = await c.post('coach', path, { title: 'TYPED-TITLE', prompts: '1\n2\n3\n4\n5\n6' });
    expect(tooMany.status).to.equal(400);
    expect(tooMany.html).to.contain('Use at most 5 questions').and.contain('TYPED-TITLE');
    expect(await count()).to.equal(0);
    const ok = await c.post('coach', path, form);
    expect(ok.status).to.equal(303);
    expect(ok.headers.get('location')).to.match(/^\/app\/reflections\/queue\?notice=task&ltik=/);
    expect(await count()).to.equal(1);
    reflectionId = Number((await rows<{ id: number }>('SELECT r.id FROM reflections r JOIN reflection_tasks t ON t.id = r.task_id WHERE t.cycle_id = ?', [cycleId]))[0].id);
  });

  it('GET /app/reflections — the teacher’s list; coaches and admins are sent on; others 403', async () => {
    expect((await anonymous('GET', '/app/reflections')).status).to.equal(401);
    const teacher = await c.get('teacher', '/app/reflections');
    expect(teacher.status).to.equal(200);
    expect(teacher.html).to.contain('Talk moves').and.contain('To write');
    const other = await c.get('otherTeacher', '/app/reflections');
    expect(other.status).to.equal(200);
    expect(other.html).to.not.contain('Talk moves');
    expect((await c.get('coach', '/app/reflections')).headers.get('location')).to.match(/^\/app\/reflections\/queue\?/);
    expect((await c.get('admin', '/app/reflections')).headers.get('location')).to.match(/^\/app\/reflections\/settings\?/);
    for (const who of ['mentor', 'guest'] as const) expect((await c.get(who, '/app/reflections')).status, who).to.equal(403);
  });

  it('GET /app/reflections/:id — the teacher writes, the coach reads (audited), everyone else learns nothing', async () => {
    const path = `/app/reflections/${reflectionId}`;
    expect((await anonymous('GET', path)).status).to.equal(401);
    const teacher = await c.get('teacher', path);
    expect(teacher.status).to.equal(200);
    expect(teacher.html).to.contain('What did students say?').and.contain('Save draft').and.contain('/public/js/reflection-autosave.js').and.not.contain('<script>');
    const coach = await c.get('coach', path);
    expect(coach.status).to.equal(200);
    expect(coach.html).to.contain('What Tess Teacher wrote').and.contain('is still writing').and.contain('What did students say?').and.not.contain('Your feedback');
    for (const [who, status] of [['otherCoach', 404], ['otherTeacher', 404], ['admin', 403], ['mentor', 403], ['guest', 403]] as const) {
      expect((await c.get(who, path)).status, who).to.equal(status);
    }
    expect((await c.get('teacher', '/app/reflections/abc')).status).to.equal(404);
    expect((await c.get('teacher', '/app/reflections/999999999')).status).to.equal(404);
  });

  it('POST /app/reflections/:id — ladder; drafts, autosave (JSON) and submit', async () => {
    const path = `/app/reflections/${reflectionId}`;
    expect((await anonymous('POST', path)).status).to.equal(401);
    expect((await c.post('coach', path, { action: 'save', answers: ['x', 'y'] })).status).to.equal(403);
    expect((await c.post('otherTeacher', path, { action: 'save', answers: ['x', 'y'] })).status).to.equal(404);
    const empty = await c.post('teacher', path, {});
    expect(empty.status).to.equal(400);
    expect(empty.html).to.contain('Choose to save a draft or to submit.');
    const early = await c.post('teacher', path, { action: 'submit', answers: ['TYPED-FIRST-ANSWER', ''] });
    expect(early.status).to.equal(400);
    expect(early.html).to.contain('question 2 is empty').and.contain('TYPED-FIRST-ANSWER');
    expect(JSON.parse((await reflection()).answers)).to.deep.equal(['', '']);
    const saved = await c.post('teacher', path, { action: 'save', answers: ['Draft one', ''] });
    expect(saved.status).to.equal(303);
    expect(saved.headers.get('location')).to.match(/\?notice=saved&/);
    const auto = await json('teacher', path, { action: 'autosave', answers: ['Draft one, more', 'Pairs'] });
    expect(auto.status).to.equal(200);
    expect(JSON.parse(auto.html)).to.deep.include({ status: 'draft', changed: true });
    expect(JSON.parse((await reflection()).answers)).to.deep.equal(['Draft one, more', 'Pairs']);
    // The draft is the teacher's until submitted: the coach's page does not show it.
    expect((await c.get('coach', path)).html).to.contain('is still writing').and.not.contain('Draft one, more');
    const submitted = await c.post('teacher', path, { action: 'submit', answers: ['My answer one\nwith two lines', 'REFLECTION-TEXT-TWO'] });
    expect(submitted.status).to.equal(303);
    expect((await reflection()).status).to.equal('submitted');
    const late = await json('teacher', path, { action: 'autosave', answers: ['changed', 'changed'] });
    expect(late.status).to.equal(409);
    expect(JSON.parse(late.html).error.message).to.contain('with your coach now');
    expect((await reflection()).status).to.equal('submitted');
  });

  it('GET /app/reflections/queue — the coach’s queue; nobody else', async () => {
    const queue = await c.get('coach', '/app/reflections/queue');
    expect(queue.status).to.equal(200);
    expect(queue.html).to.contain('Waiting for your feedback').and.contain('Tess Teacher').and.contain('Talk moves').and.not.contain('REFLECTION-TEXT-TWO');
    const other = await c.get('otherCoach', '/app/reflections/queue');
    expect(other.status).to.equal(200);
    expect(other.html).to.not.contain('Tess Teacher');
    for (const who of ['teacher', 'admin', 'mentor', 'guest'] as const) expect((await c.get(who, '/app/reflections/queue')).status, who).to.equal(403);
    expect((await anonymous('GET', '/app/reflections/queue')).status).to.equal(401);
  });

  it('POST /app/reflections/:id/review — ladder; return with feedback, the teacher revises, the coach completes', async () => {
    const path = `/app/reflections/${reflectionId}/review`;
    expect((await anonymous('POST', path)).status).to.equal(401);
    expect((await c.post('teacher', path, { decision: 'complete' })).status).to.equal(403);
    expect((await c.post('mentor', path, { decision: 'complete' })).status).to.equal(403);
    expect((await c.post('otherCoach', path, { decision: 'complete' })).status).to.equal(404);
    expect((await c.post('admin', path, { decision: 'complete' })).status).to.equal(403);
    expect((await c.post('coach', '/app/reflections/abc/review', { decision: 'complete' })).status).to.equal(404);
    const empty = await c.post('coach', path, {});
    expect(empty.status).to.equal(400);
    expect(empty.html).to.contain('Choose to return the reflection for revision or to complete it.');
    const bare = await c.post('coach', path, { decision: 'return', feedback: '  ' });
    expect(bare.status).to.equal(400);
    expect(bare.html).to.contain('returning a reflection needs feedback');
    expect((await reflection()).status).to.equal('submitted');
    const returned = await c.post('coach', path, { decision: 'return', feedback: 'COACH-FEEDBACK: say what the pairs said.' });
    expect(returned.status).to.equal(303);
    expect((await reflection()).status).to.equal('returned');
    const teacherPage = await c.get('teacher', `/app/reflections/${reflectionId}`);
    expect(teacherPage.html).to.contain('COACH-FEEDBACK').and.contain('Revise your reflection');
    expect((await c.post('teacher', `/app/reflections/${reflectionId}`, { action: 'save', answers: ['HALF-DONE-REVISION', 'x'] })).status).to.equal(303);
    expect((await c.get('coach', `/app/reflections/${reflectionId}`)).html).to.contain('is revising it').and.not.contain('HALF-DONE-REVISION');
    expect((await c.post('teacher', `/app/reflections/${reflectionId}`, { action: 'submit', answers: ['My answer one', 'REFLECTION-TEXT-TWO, revised'] })).status).to.equal(303);
    const review = await c.get('coach', `/app/reflections/${reflectionId}`);
    expect(review.html).to.contain('Your feedback').and.contain('REFLECTION-TEXT-TWO, revised').and.contain('Complete');
    const done = await c.post('coach', path, { decision: 'complete', feedback: 'Well observed.' });
    expect(done.status).to.equal(303);
    expect((await reflection()).status).to.equal('complete');
    const outbox = await rows<{ status: string; score_given: number }>("SELECT status, score_given FROM grade_outbox WHERE source_type = 'reflection' AND source_id = ?", [reflectionId]);
    expect(outbox.map((o) => [o.status, Number(o.score_given)])).to.deep.equal([['pending', 1]]);
    const page = await c.get('coach', `/app/reflections/${reflectionId}`);
    expect(page.html).to.contain('Complete (full credit)').and.contain('Waiting to be sent to the LMS');
    expect((await c.post('coach', path, { decision: 'complete' })).status).to.equal(409);
  });

  it('the grade reaches the LMS gradebook and the coach sees "sent"; a refusal shows its reason and the coach retries', async () => {
    await deliver();
    const items = h.sim.lineItems(COURSE);
    const [task] = await rows<{ task_id: number }>('SELECT task_id FROM reflections WHERE id = ?', [reflectionId]);
    const item = items.find((i) => i.resourceId === `reflection-task:${task.task_id}`)!;
    expect(item).to.deep.include({ scoreMaximum: 1 });
    expect(h.sim.scores(item.id).map((s) => [s.userId, s.scoreGiven, s.scoreMaximum, s.comment ?? null])).to.deep.equal([['u-teacher', 1, 1, null]]);
    const page = await c.get('coach', `/app/reflections/${reflectionId}`);
    expect(page.html).to.contain('Sent to the LMS');
    expect((await c.get('coach', '/app/reflections/queue')).html).to.contain('Sent to the LMS');
    expect((await c.post('coach', `/app/reflections/${reflectionId}/retry-grade`)).status).to.equal(409);

    // A second reflection, for a teacher the LMS no longer lists as a student: Canvas-style 422.
    expect((await c.post('coach', `/app/cycles/${cycleId}/reflection-tasks`, { title: 'Second', prompts: 'Only question' })).status).to.equal(303);
    const [second] = await rows<{ id: number }>("SELECT r.id FROM reflections r JOIN reflection_tasks t ON t.id = r.task_id WHERE t.cycle_id = ? AND t.title = 'Second'", [cycleId]);
    const secondId = Number(second.id);
    expect((await c.post('teacher', `/app/reflections/${secondId}`, { action: 'submit', answers: 'Done' })).status).to.equal(303);
    expect((await c.post('coach', `/app/reflections/${secondId}/review`, { decision: 'complete' })).status).to.equal(303);
    h.sim.enroll(COURSE, 'u-teacher', [`${LIS}membership#Instructor`]);
    await deliver();
    const failed = await c.get('coach', `/app/reflections/${secondId}`);
    expect(failed.html).to.match(/Failed: [^<]*student/i).and.contain('Retry sending the grade');
    const settings = await c.get('admin', '/app/reflections/settings');
    expect(settings.html).to.match(/<strong>1<\/strong> failed/);

    const retry = `/app/reflections/${secondId}/retry-grade`;
    expect((await anonymous('POST', retry)).status).to.equal(401);
    expect((await c.post('teacher', retry)).status).to.equal(403);
    expect((await c.post('admin', retry)).status).to.equal(403);
    expect((await c.post('otherCoach', retry)).status).to.equal(404);
    h.sim.enroll(COURSE, 'u-teacher', [`${LIS}membership#Learner`]);
    expect((await c.post('coach', retry)).status).to.equal(303);
    await deliver();
    expect((await c.get('coach', `/app/reflections/${secondId}`)).html).to.contain('Sent to the LMS');
    const secondItem = h.sim.lineItems(COURSE).find((i) => i.label.startsWith('Coaching reflection') && i.id !== item.id)!;
    expect(h.sim.scores(secondItem.id).filter((s) => s.userId === 'u-teacher').map((s) => s.scoreGiven)).to.deep.equal([1]);
  });

  it('the coach’s page view is audited per request; the teacher’s is not', async () => {
    const audits = async () => Number((await rows<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE subject_type = 'reflection' AND subject_id = ?", [reflectionId]))[0].n);
    const before = await audits();
    await c.get('teacher', `/app/reflections/${reflectionId}`);
    expect(await audits()).to.equal(before);
    await c.get('coach', `/app/reflections/${reflectionId}`);
    expect(await audits()).to.equal(before + 1);
  });

  it('GET/POST /app/reflections/settings — admins only; 400 with the message; points mode; admin credit without the text', async () => {
    for (const who of ['coach', 'teacher', 'mentor', 'guest'] as const) {
      expect((await c.get(who, '/app/reflections/settings')).status, who).to.equal(403);
      expect((await c.post(who, '/app/reflections/settings', { grading: 'points', pointsMax: '5', adminsMayGrade: 'yes' })).status, who).to.equal(403);
    }
    expect((await anonymous('POST', '/app/reflections/settings')).status).to.equal(401);
    const empty = await c.post('admin', '/app/reflections/settings', {});
    expect(empty.status).to.equal(400);
    expect(empty.html).to.contain('Choose completion credit or points.');
    const noMax = await c.post('admin', '/app/reflections/settings', { grading: 'points', pointsMax: '', adminsMayGrade: 'no' });
    expect(noMax.status).to.equal(400);
    expect(noMax.html).to.contain('Say how many points a reflection is worth.');
    expect(await rows('SELECT space_id FROM reflection_settings WHERE space_id = ?', [c.spaceId])).to.deep.equal([]);
    expect((await c.post('admin', '/app/reflections/settings', { grading: 'points', pointsMax: '20', adminsMayGrade: 'yes' })).status).to.equal(303);

    expect((await c.post('coach', `/app/cycles/${cycleId}/reflection-tasks`, { title: 'Third', prompts: 'Q' })).status).to.equal(303);
    const [third] = await rows<{ id: number }>("SELECT r.id FROM reflections r JOIN reflection_tasks t ON t.id = r.task_id WHERE t.cycle_id = ? AND t.title = 'Third'", [cycleId]);
    const thirdId = Number(third.id);
    expect((await c.post('teacher', `/app/reflections/${thirdId}`, { action: 'submit', answers: 'SECRET-REFLECTION-TEXT' })).status).to.equal(303);
    const page = await c.get('admin', '/app/reflections/settings');
    expect(page.status).to.equal(200);
    expect(page.html).to.contain('Submitted reflections waiting for credit').and.contain('Tess Teacher').and.contain('Coaching cycle reflection');
    for (const secret of ['SECRET-REFLECTION-TEXT', 'REFLECTION-TEXT-TWO', 'COACH-FEEDBACK', 'Third', 'Talk moves', 'FOCUS-OF-teacher']) expect(page.html, secret).to.not.contain(secret);
    expect((await c.get('admin', `/app/reflections/${thirdId}`)).status).to.equal(403);
    const review = `/app/reflections/${thirdId}/review`;
    const withFeedback = await c.post('admin', review, { decision: 'complete', points: '15', feedback: 'Great' });
    expect(withFeedback.status).to.equal(400);
    expect(withFeedback.html).to.contain('without feedback').and.not.contain('SECRET-REFLECTION-TEXT');
    expect((await c.post('admin', review, { decision: 'complete' })).html).to.contain('Give points from 0 to 20');
    const done = await c.post('admin', review, { decision: 'complete', points: '15' });
    expect(done.status).to.equal(303);
    expect(done.headers.get('location')).to.match(/^\/app\/reflections\/settings\?notice=completed/);
    const [graded] = await rows<{ score_given: number; score_maximum: number; graded_by: number }>('SELECT score_given, score_maximum, graded_by FROM reflections WHERE id = ?', [thirdId]);
    expect([Number(graded.score_given), Number(graded.score_maximum), Number(graded.graded_by)]).to.deep.equal([15, 20, c.ids.admin]);

    // Re-grading with points: the coach's new grade supersedes the admin's waiting one.
    const regrade = await c.post('coach', review, { decision: 'complete', points: '18' });
    expect(regrade.status).to.equal(303);
    const grades = await rows<{ status: string; score_given: number }>("SELECT status, score_given FROM grade_outbox WHERE source_type = 'reflection' AND source_id = ? ORDER BY id", [thirdId]);
    expect(grades.map((g) => [g.status, Number(g.score_given)])).to.deep.equal([['superseded', 15], ['pending', 18]]);
    expect((await c.get('coach', `/app/reflections/${thirdId}`)).html).to.contain('18 of 20 points').and.contain('Change the grade');
    expect((await c.post('admin', '/app/reflections/settings', { grading: 'completion', adminsMayGrade: 'no' })).status).to.equal(303);
  });
});
