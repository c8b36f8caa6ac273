/**
 * Responding: only the audience sees a survey (roles, coached or not, within its window), saves
 * and comes back, submits once (a second submission, even a simultaneous one, is a clear 409 and
 * one response is kept), or changes a named response until close; closed and not-yet-open surveys
 * say so. Completion credit of a placed survey reaches the simulated LMS gradebook.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { registerGradeDelivery } from '../../../src/features/grades/gradeWorker';
import { submitResponse } from '../../../src/features/surveys/commands/responseSubmitter';
import { attachPlacement } from '../../../src/features/surveys/placement';
import { JobQueue } from '../../../src/jobs/jobQueue';
import { type CoachingCourse, coachingCourse, teacherWithCycle } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { expectHttp } from '../reflections/expectHttp';
import { publishedSurvey, templateSurvey } from './fixtures';
import { mountSurveys } from './mount';

const COURSE = 'survey-respond';

describe('surveys: responding', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let unmount: () => void;
  const queues: JobQueue[] = [];

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, COURSE);
    unmount = mountSurveys(h, c.sequelize);
    await teacherWithCycle(c); // 'teacher' is coached; 'otherTeacher' is not
  });
  after(async () => {
    unmount();
    await Promise.all(queues.map((q) => q.stop()));
    await h.stop();
  });

  const rows = <T extends object>(sql: string, replacements: unknown[]) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const count = async (table: string, surveyId: number) => Number((await rows<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE survey_id = ?`, [surveyId]))[0].n);
  const setWindow = (id: number, opensOn: string | null, closesOn: string | null) => c.sequelize.query('UPDATE surveys SET opens_on = ?, closes_on = ? WHERE id = ?', { replacements: [opensOn, closesOn, id] });
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  it('the audience filter: coached-only and coach-only surveys reach only their people; drafts reach nobody', async () => {
    const snapshot = await templateSurvey(c, 'snapshot');
    const { id: forCoaches } = await publishedSurvey(c, { author: 'admin', settings: { title: 'COACHES-ONLY', audienceRoles: ['coach'] } });
    const { id: draft } = await publishedSurvey(c, { author: 'admin', publish: false, settings: { title: 'STILL-A-DRAFT' } });
    const teacherList = await c.get('teacher', '/app/surveys');
    expect(teacherList.status).to.equal(200);
    expect(teacherList.html).to.contain('Coaching snapshot').and.not.contain('COACHES-ONLY').and.not.contain('STILL-A-DRAFT');
    const otherList = await c.get('otherTeacher', '/app/surveys');
    expect(otherList.html).to.not.contain('Coaching snapshot');
    expect(otherList.html).to.contain('No survey is meant for you');
    const refused = await c.get('otherTeacher', `/app/surveys/${snapshot}/respond`);
    expect(refused.status).to.equal(403);
    expect(refused.html).to.contain('This survey is for teachers being coached.');
    expect((await c.get('teacher', `/app/surveys/${forCoaches}/respond`)).status).to.equal(404);
    expect((await c.get('teacher', `/app/surveys/${draft}/respond`)).status).to.equal(404);
    const coachList = await c.get('coach', '/app/surveys');
    expect(coachList.html).to.contain('COACHES-ONLY');
    expect((await c.get('coach', `/app/surveys/${forCoaches}/respond`)).status).to.equal(200);
    for (const who of ['mentor', 'guest'] as const) expect((await c.get(who, '/app/surveys')).status, who).to.equal(403);
    // The survey's own address sends each person where they belong (placed links land there).
    expect((await c.get('teacher', `/app/surveys/${snapshot}`)).headers.get('location')).to.match(new RegExp(`^/app/surveys/${snapshot}/respond\\?`));
    expect((await c.get('admin', `/app/surveys/${snapshot}`)).headers.get('location')).to.match(new RegExp(`^/app/surveys/${snapshot}/results\\?`));
    expect((await c.get('admin', `/app/surveys/${draft}`)).headers.get('location')).to.match(new RegExp(`^/app/surveys/${draft}/edit\\?`));
    expect((await c.get('otherTeacher', `/app/surveys/${snapshot}`)).status).to.equal(403);
  });

  it('save and come back; required answers checked on submit (400, typed values kept, nothing stored); submit; submit twice is a 409 and one response is kept', async () => {
    const { id, questionIds: [likert, choice, text] } = await publishedSurvey(c, {
      settings: { title: 'Save and return' },
      questions: [
        { kind: 'likert5', prompt: 'My coach listens.', required: true },
        { kind: 'multiple', prompt: 'What helped?', required: true, options: ['Modeling', 'Co-teaching', 'Debriefs'] },
        { kind: 'long_text', prompt: 'Anything else?', required: false },
      ],
    });
    const path = `/app/surveys/${id}/respond`;
    const saved = await c.post('teacher', path, { action: 'save', [`q${likert}`]: '4', [`q${text}`]: 'HALF-WRITTEN' });
    expect(saved.status).to.equal(303);
    expect(saved.headers.get('location')).to.match(/\?notice=saved&/);
    expect(await count('survey_drafts', id)).to.equal(1);
    expect(await count('survey_responses', id)).to.equal(0);
    const back = await c.get('teacher', path);
    expect(back.html).to.match(new RegExp(`name="q${likert}" value="4" checked`)).and.contain('HALF-WRITTEN').and.contain('Answers last saved');
    const bad = await c.post('teacher', path, { action: 'save', [`q${likert}`]: '9' });
    expect(bad.status).to.equal(400);
    expect(bad.html).to.contain('Question 1: choose a point on the scale.');
    const missing = await c.post('teacher', path, { action: 'submit', [`q${likert}`]: '5', [`q${text}`]: 'TYPED-BUT-NOT-SENT' });
    expect(missing.status).to.equal(400);
    expect(missing.html).to.contain('Question 2 needs an answer: choose at least one option.').and.contain('TYPED-BUT-NOT-SENT');
    const wrong = await c.post('teacher', path, { action: 'submit', [`q${likert}`]: '5', [`q${choice}`]: ['Modeling', 'Lunch'] });
    expect(wrong.status).to.equal(400);
    expect(wrong.html).to.contain('Question 2: choose from the options shown.');
    expect(await count('survey_completions', id)).to.equal(0);
    const done = await c.post('teacher', path, { action: 'submit', [`q${likert}`]: '5', [`q${choice}`]: ['Debriefs', 'Modeling'] });
    expect(done.status).to.equal(303);
    expect(done.headers.get('location')).to.match(/\?notice=submitted&/);
    const [stored] = await rows<{ answers: string; role_group: string; coaching_group: string }>('SELECT answers, role_group, coaching_group FROM survey_responses WHERE survey_id = ?', [id]);
    expect(JSON.parse(stored.answers)).to.deep.equal({ [likert]: 5, [choice]: ['Modeling', 'Debriefs'] });
    expect([stored.role_group, stored.coaching_group]).to.deep.equal(['teacher', 'coached']);
    expect(await count('survey_drafts', id)).to.equal(0);
    const again = await c.post('teacher', path, { action: 'submit', [`q${likert}`]: '1', [`q${choice}`]: 'Modeling' });
    expect(again.status).to.equal(409);
    expect(again.html).to.contain('You have already answered this survey').and.contain('your first response is the one kept');
    const page = await c.get('teacher', path);
    expect(page.html).to.contain('You have submitted this survey').and.not.contain('name="action" value="submit"');
    expect(await count('survey_responses', id)).to.equal(1);
    expect(await count('survey_completions', id)).to.equal(1);
    expect(JSON.parse((await rows<{ answers: string }>('SELECT answers FROM survey_responses WHERE survey_id = ?', [id]))[0].answers)[likert]).to.equal(5);
    expect((await c.get('teacher', '/app/surveys')).html).to.contain('Done');
  });

  it('two simultaneous submissions by one person: one response, the other a 409', async () => {
    const { id, questionIds: [q] } = await publishedSurvey(c, { settings: { title: 'Race' } });
    const results = await Promise.allSettled([1, 2, 3].map((v) => submitResponse(c.sequelize, { actor: c.actor('otherTeacher'), surveyId: id, answers: { [q]: v } })));
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) expect((r.reason as { status?: number }).status).to.equal(409);
    expect(await count('survey_responses', id)).to.equal(1);
    expect(await count('survey_completions', id)).to.equal(1);
  });

  it('a closed survey and one not open yet say so plainly, on the page and when answers are sent (409, nothing stored)', async () => {
    const { id, questionIds: [q] } = await publishedSurvey(c, { settings: { title: 'Windowed' } });
    const path = `/app/surveys/${id}/respond`;
    await setWindow(id, day(3), day(10));
    const early = await c.get('otherTeacher', path);
    expect(early.status).to.equal(200);
    expect(early.html).to.contain(`This survey opens on ${day(3)}`).and.not.contain('name="action"');
    const earlyPost = await c.post('otherTeacher', path, { action: 'submit', [`q${q}`]: '3' });
    expect(earlyPost.status).to.equal(409);
    expect(earlyPost.html).to.contain(`This survey opens on ${day(3)}. Come back then; nothing was saved.`);
    expect((await c.post('otherTeacher', path, { action: 'save', [`q${q}`]: '3' })).status).to.equal(409);
    await setWindow(id, day(-10), day(-1));
    const late = await c.get('otherTeacher', path);
    expect(late.status).to.equal(200);
    expect(late.html).to.contain(`This survey closed on ${day(-1)}. Answers are no longer accepted.`);
    const latePost = await c.post('otherTeacher', path, { action: 'submit', [`q${q}`]: '3' });
    expect(latePost.status).to.equal(409);
    expect(latePost.html).to.contain(`This survey closed on ${day(-1)}`);
    expect((await c.get('otherTeacher', '/app/surveys')).html).to.contain(`Closed ${day(-1)}`);
    await setWindow(id, day(-10), day(0));
    expect((await c.post('otherTeacher', path, { action: 'submit', [`q${q}`]: '3' })).status, 'the closing day still counts').to.equal(303);
    expect(await count('survey_responses', id)).to.equal(1);
  });

  it('a named survey that allows it: the response changes until close (still one response); never for anonymous surveys', async () => {
    const { id, questionIds: [q] } = await publishedSurvey(c, { settings: { title: 'Named and editable', anonymous: false, editUntilClose: true } });
    const path = `/app/surveys/${id}/respond`;
    expect((await c.post('otherTeacher', path, { action: 'submit', [`q${q}`]: '2' })).status).to.equal(303);
    const page = await c.get('otherTeacher', path);
    expect(page.html).to.contain('You can change your response until it closes').and.contain('Update your response').and.match(new RegExp(`name="q${q}" value="2" checked`));
    const updated = await c.post('otherTeacher', path, { action: 'submit', [`q${q}`]: '4' });
    expect(updated.headers.get('location')).to.match(/\?notice=updated&/);
    const stored = await rows<{ answers: string }>('SELECT answers FROM survey_responses WHERE survey_id = ?', [id]);
    expect(stored.map((r) => JSON.parse(r.answers)[q])).to.deep.equal([4]);
    expect(await count('survey_response_owners', id)).to.equal(1);
    await setWindow(id, null, day(-1));
    expect((await c.post('otherTeacher', path, { action: 'submit', [`q${q}`]: '1' })).status).to.equal(409);
    expect(JSON.parse((await rows<{ answers: string }>('SELECT answers FROM survey_responses WHERE survey_id = ?', [id]))[0].answers)[q]).to.equal(4);
  });

  it('completion of a placed survey reaches the LMS gradebook as 1/1 Completed, FullyGraded (earlier completions too)', async () => {
    const { id, questionIds: [q] } = await publishedSurvey(c, { author: 'admin', settings: { title: 'Placed survey' } });
    // Completed before the survey was placed: credit is queued when the placed link is first launched.
    await submitResponse(c.sequelize, { actor: c.actor('otherTeacher'), surveyId: id, answers: { [q]: 3 } });
    expect(await rows('SELECT id FROM grade_outbox WHERE resource_key = ?', [`survey:${id}`])).to.deep.equal([]);
    // The link exists in the LMS once someone launches it (a placed link's first launch).
    expect((await h.launch({ userSub: 'u-teacher', courseId: COURSE, resourceLinkId: 'rl-survey-placed' })).status).to.equal(200);
    expect(await attachPlacement(c.sequelize, id, { spaceId: c.spaceId, resourceLinkId: 'rl-survey-placed' })).to.equal(true);
    expect(await attachPlacement(c.sequelize, id, { spaceId: c.spaceId, resourceLinkId: 'rl-another-link' })).to.equal(false);
    expect(await attachPlacement(c.sequelize, id, { spaceId: c.spaceId + 1000, resourceLinkId: 'rl-survey-placed' })).to.equal(false);
    expect((await c.post('teacher', `/app/surveys/${id}/respond`, { action: 'submit', [`q${q}`]: '5' })).status).to.equal(303);
    const outbox = await rows<{ person_id: number; score_given: number; score_maximum: number; activity_progress: string; grading_progress: string }>(
      'SELECT person_id, score_given, score_maximum, activity_progress, grading_progress FROM grade_outbox WHERE resource_key = ? ORDER BY person_id', [`survey:${id}`]);
    expect(outbox.map((o) => Number(o.person_id)).sort()).to.deep.equal([c.ids.teacher, c.ids.otherTeacher].sort());
    await c.sequelize.query("UPDATE grade_outbox SET status = 'failed', last_error_code = 'SET_ASIDE_BY_TEST' WHERE space_id <> ? AND status IN ('pending', 'sending')", { replacements: [c.spaceId] });
    const queue = new JobQueue(c.sequelize, { workerId: 'surveys-respond', onError: () => undefined });
    registerGradeDelivery(queue, { sequelize: c.sequelize, lti: h.coachloop.lti }, { requestTimeoutMs: 3000, onError: () => undefined });
    queues.push(queue);
    await queue.drain();
    const item = h.sim.lineItems(COURSE).find((i) => i.resourceId === `survey:${id}`);
    expect(item, 'line item').to.not.equal(undefined);
    expect(item).to.deep.include({ scoreMaximum: 1, resourceLinkId: 'rl-survey-placed', label: 'Placed survey' });
    const scores = h.sim.scores(item!.id).map((s) => [s.userId, s.scoreGiven, s.scoreMaximum, s.activityProgress, s.gradingProgress]).sort();
    expect(scores).to.deep.equal([['u-teacher', 1, 1, 'Completed', 'FullyGraded'], ['u-teacher2', 1, 1, 'Completed', 'FullyGraded']]);
  });

  it('commands check the window and audience too (not only the routes)', async () => {
    const { id, questionIds: [q] } = await publishedSurvey(c, { settings: { title: 'Command checks', audienceCoaching: 'coached' } });
    await expectHttp(submitResponse(c.sequelize, { actor: c.actor('otherTeacher'), surveyId: id, answers: { [q]: 1 } }), 403, 'teachers being coached');
    await expectHttp(submitResponse(c.sequelize, { actor: c.actor('mentor'), surveyId: id, answers: { [q]: 1 } }), 404, 'does not exist');
    await setWindow(id, null, day(-2));
    await expectHttp(submitResponse(c.sequelize, { actor: c.actor('teacher'), surveyId: id, answers: { [q]: 1 } }), 409, 'closed on');
  });
});
