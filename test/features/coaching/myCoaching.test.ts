/** "My coaching": the opt-in ladder, pause / resume / leave, and the teacher's own coaching record. */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { recordCheckin } from '../../../src/features/coaching/commands/checkinRecorder';
import { changeCycleStatus } from '../../../src/features/coaching/commands/cycleStatusChanger';
import { startCycle } from '../../../src/features/coaching/commands/cycleStarter';
import { createGoal } from '../../../src/features/coaching/commands/goalCreator';
import { logSession } from '../../../src/features/coaching/commands/sessionLogger';
import { moveStage } from '../../../src/features/coaching/commands/stageMover';
import { teacherOptIn } from '../../../src/features/coaching/commands/teacherOptIn';
import { BrowserClient, decodeHtmlEntities } from '../../../src/simulator/client';
import { coachingCourse, teacherWithCycle, type CoachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';

const GOOD = { subjects: 'Grade 7 math, science', gradeBand: 'g6_8', needAreas: ['math', 'data'], needsNote: 'MY-OWN-WORDS', consent: 'yes' };

describe('My coaching (teacher)', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  // A tenant per test: teacher profiles belong to the tenant, so tests cannot see each other's.
  beforeEach(async () => {
    h = await startHarness();
    c = await coachingCourse(h);
  });
  afterEach(() => h.stop());

  const profiles = (who: 'teacher' | 'otherTeacher' = 'teacher') => c.sequelize.query<{ status: string; need_areas: string; needs_note: string | null }>(
    'SELECT status, need_areas, needs_note FROM teacher_profiles WHERE tenant_id = ? AND person_id = ?', { replacements: [c.tenantId, c.ids[who]], type: QueryTypes.SELECT });
  const audits = (action?: string) => c.sequelize.query<{ action: string; detail: string | null; actor_person_id: number }>(
    `SELECT action, detail, actor_person_id FROM audit_log WHERE tenant_id = ? AND owner_person_id = ?${action ? ' AND action = ?' : ''} ORDER BY id`,
    { replacements: [c.tenantId, c.ids.teacher, ...(action ? [action] : [])], type: QueryTypes.SELECT });
  const text = (html: string) => decodeHtmlEntities(html);

  it('refuses without a launch (401) and for coaches, admins, mentors and guests (403)', async () => {
    const anonymous = new BrowserClient();
    for (const [method, path] of [['GET', '/app/coaching'], ['POST', '/app/coaching/profile'], ['POST', '/app/coaching/profile/status']]) {
      expect((await anonymous.request(method, `${h.toolUrl}${path}`, method === 'POST' ? { form: GOOD } : {})).status, `${method} ${path}`).to.equal(401);
      for (const who of ['coach', 'admin', 'mentor', 'guest'] as const) {
        const res = method === 'GET' ? await c.get(who, path) : await c.post(who, path, { ...GOOD, status: 'paused' });
        expect(res.status, `${who} ${method} ${path}`).to.equal(403);
      }
    }
    expect(await profiles()).to.have.length(0);
  });

  it('explains coaching before the teacher opts in, with a link to "Who can see what" and the form', async () => {
    const page = await c.get('teacher', '/app/coaching');
    expect(page.status).to.equal(200);
    const html = text(page.html);
    expect(html).to.contain('Coaching is yours to choose').and.contain('never part of your evaluation').and.contain('/app/privacy?ltik=');
    expect(html).to.contain('name="consent" value="yes"').and.contain('name="needAreas" value="english_learners"').and.contain('Opt in to coaching');
    expect(html).to.not.contain('name="consent" value="yes" checked');
  });

  it('opt-in ladder: 400 with the message and the typed values for each mistake, nothing written; then 303, opted_in and an audit row', async () => {
    const cases: Array<[Record<string, string | string[]>, string]> = [
      [{ ...GOOD, consent: '' }, 'Tick the box to say you are choosing coaching yourself.'],
      [{ ...GOOD, needAreas: [] }, 'Choose at least one area you want help with.'],
      [{ ...GOOD, needAreas: ['math', 'data', 'sel', 'literacy', 'science', 'technology'] }, 'Choose at most 5 areas, so your coach can focus.'],
      [{ ...GOOD, gradeBand: 'college' }, 'Choose your grade band from the list.'],
      [{ ...GOOD, subjects: '' }, 'Name the subjects you teach.'],
      [{ ...GOOD, needAreas: ['math', 'astrology'] }, 'Choose the areas from the list.'],
    ];
    for (const [form, message] of cases) {
      const res = await c.post('teacher', '/app/coaching/profile', form);
      expect(res.status, message).to.equal(400);
      const html = text(res.html);
      expect(html, message).to.contain(message);
      expect(html, 'the typed words are kept').to.contain('MY-OWN-WORDS');
    }
    const kept = text((await c.post('teacher', '/app/coaching/profile', { ...GOOD, consent: '' })).html);
    expect(kept).to.match(/value="math" checked/).and.match(/value="g6_8" checked/).and.contain('value="Grade 7 math, science"');
    expect(await profiles()).to.have.length(0);
    expect(await audits()).to.have.length(0);

    const ok = await c.post('teacher', '/app/coaching/profile', GOOD);
    expect(ok.status).to.equal(303);
    expect(ok.headers.get('location')).to.match(/^\/app\/coaching\?notice=opted_in&ltik=/);
    const [row] = await profiles();
    expect(row.status).to.equal('opted_in');
    expect(JSON.parse(row.need_areas)).to.deep.equal(['math', 'data']);
    expect(row.needs_note).to.equal('MY-OWN-WORDS');
    expect((await audits('profile.opt_in')).map((a) => a.actor_person_id)).to.deep.equal([c.ids.teacher]);

    const page = text((await c.get('teacher', '/app/coaching?notice=opted_in')).html);
    expect(page).to.contain('you are taking part in coaching').and.contain('Waiting for a coach').and.contain('MY-OWN-WORDS').and.contain('Pause coaching');

    // Updating keeps the status and writes no second opt-in row.
    expect((await c.post('teacher', '/app/coaching/profile', { ...GOOD, needAreas: ['sel'] })).headers.get('location')).to.contain('notice=saved');
    expect(JSON.parse((await profiles())[0].need_areas)).to.deep.equal(['sel']);
    expect(await audits('profile.opt_in')).to.have.length(1);
  });

  it('pause, resume and leave: each audited; leaving ends the assignment and says how many ended', async () => {
    await teacherWithCycle(c);
    expect((await c.post('teacher', '/app/coaching/profile/status', {})).status, 'no status chosen').to.equal(400);
    expect(text((await c.post('teacher', '/app/coaching/profile/status', { status: 'gone' })).html)).to.contain('Choose to take part, pause or leave.');

    const pause = await c.post('teacher', '/app/coaching/profile/status', { status: 'paused' });
    expect(pause.status).to.equal(303);
    expect((await profiles())[0].status).to.equal('paused');
    let page = text((await c.get('teacher', pause.headers.get('location')!.replace(/&ltik=.*/, ''))).html);
    expect(page).to.contain('Coaching is paused').and.contain('Resume coaching').and.contain('Cora Coach');

    expect((await c.post('teacher', '/app/coaching/profile/status', { status: 'opted_in' })).headers.get('location')).to.contain('notice=resumed');
    expect((await profiles())[0].status).to.equal('opted_in');

    page = text((await c.get('teacher', '/app/coaching')).html);
    expect(page).to.match(/<details class="more leave">[\s\S]*Yes, leave coaching/);
    const leave = await c.post('teacher', '/app/coaching/profile/status', { status: 'left' });
    expect(leave.status).to.equal(303);
    expect(leave.headers.get('location')).to.contain('notice=left&ended=1');
    expect((await profiles())[0].status).to.equal('left');
    const active = await c.sequelize.query('SELECT id FROM coaching_assignments WHERE space_id = ? AND teacher_person_id = ? AND active = 1', { replacements: [c.spaceId, c.ids.teacher], type: QueryTypes.SELECT });
    expect(active).to.have.length(0);
    expect((await audits('profile.status')).map((a) => a.detail)).to.deep.equal(['opted_in → paused', 'paused → opted_in', 'opted_in → left']);
    expect((await audits('assignment.end')).map((a) => a.detail)).to.deep.equal(['teacher left coaching']);

    page = text((await c.get('teacher', '/app/coaching?notice=left&ended=1')).html);
    expect(page).to.contain('1 coach assignment ended').and.contain('Take part again').and.contain('Waiting for a coach');
    expect(page, 'the record stays readable by its owner').to.contain('FOCUS-OF-teacher');
  });

  it('a teacher who has not opted in cannot pause (409, explained on the page)', async () => {
    const res = await c.post('teacher', '/app/coaching/profile/status', { status: 'paused' });
    expect(res.status).to.equal(409);
    expect(text(res.html)).to.contain('Fill in the opt-in form first');
  });

  it('shows the current cycle, its stage, goals with the chart, next steps, session history with a group session, and earlier cycles', async () => {
    const coach = c.actor('coach');
    const first = await teacherWithCycle(c);
    await changeCycleStatus(c.sequelize, { actor: coach, cycleId: first, status: 'completed' });
    const cycleId = await startCycle(c.sequelize, { actor: coach, teacherId: c.ids.teacher, focus: 'CURRENT-FOCUS', model: 'impact', startsOn: '2026-10-20', status: 'active' });
    await moveStage(c.sequelize, { actor: coach, cycleId, stage: 1 });
    const goalId = await createGoal(c.sequelize, {
      actor: c.actor('teacher'), cycleId, statement: 'GOAL-STATEMENT', studentOutcome: 'Students explain their reasoning', successMeasure: 'Exit tickets',
      baseline: 20, target: 80, unit: '% of students', dueOn: '2026-12-01', alignment: ['CCSS.MATH.7'],
    });
    await recordCheckin(c.sequelize, { actor: c.actor('teacher'), goalId, checkedOn: '2026-10-25', value: 35, note: 'CHECKIN-NOTE' });
    await recordCheckin(c.sequelize, { actor: coach, goalId, checkedOn: '2026-11-05', value: 50 });
    await logSession(c.sequelize, { actor: coach, cycleId, kind: 'planning', heldOn: '2026-10-21', minutes: 45, format: 'in_person', notes: 'CYCLE-NOTES-1', nextSteps: 'OLDER-NEXT-STEPS' });
    await logSession(c.sequelize, { actor: coach, cycleId, kind: 'observation', heldOn: '2026-11-02', minutes: 30, format: 'virtual', notes: 'CYCLE-NOTES-2', nextSteps: 'LATEST-NEXT-STEPS' });
    await teacherOptIn(c.sequelize, { actor: c.actor('otherTeacher'), subjects: ['Science'], gradeBand: 'g6_8', needAreas: ['science'] });
    await logSession(c.sequelize, { actor: coach, attendees: [c.ids.teacher, c.ids.otherTeacher], kind: 'group_pd', heldOn: '2026-10-28', minutes: 90, format: 'in_person', notes: 'GROUP-NOTES' });
    const readsBefore = (await audits('read')).length;

    const res = await c.get('teacher', '/app/coaching');
    expect(res.status).to.equal(200);
    const page = text(res.html);
    expect(page).to.contain('CURRENT-FOCUS').and.contain('Impact Cycle').and.contain(`/app/cycles/${cycleId}?ltik=`);
    expect(page).to.match(/<li class="current" aria-current="step"><span class="stage">Learn/);
    expect(page).to.match(/<li class="done"><span class="stage">Identify/);
    expect(page).to.contain('GOAL-STATEMENT').and.contain('<svg class="progress-chart"').and.contain('<polyline').and.contain('2 check-ins; latest 50 % of students');
    expect(page).to.contain('CHECKIN-NOTE').and.contain(`action="/app/goals/${goalId}/checkins"`);
    expect(page).to.match(/id="next-heading">Next steps<\/h2>\s*<p class="next-steps">LATEST-NEXT-STEPS/);
    const history = page.slice(page.indexOf('id="history-heading"'));
    expect(history).to.contain('3 sessions with you').and.contain('CYCLE-NOTES-1').and.contain('CYCLE-NOTES-2').and.contain('GROUP-NOTES');
    expect(history).to.contain('Group PD <span class="chip">group</span>').and.contain('1 h 30 min').and.contain('Virtual').and.contain('Cora Coach');
    expect(history.indexOf('CYCLE-NOTES-2'), 'newest first').to.be.lessThan(history.indexOf('GROUP-NOTES'));
    expect(page.slice(page.indexOf('id="past-heading"'))).to.contain('FOCUS-OF-teacher').and.contain('Completed');
    expect((await audits('read')).length, 'the owner reading their own record is not audited').to.equal(readsBefore);
  });

  it("another teacher never sees the first teacher's coaching content", async () => {
    const cycleId = await teacherWithCycle(c);
    const goalId = await createGoal(c.sequelize, {
      actor: c.actor('teacher'), cycleId, statement: 'SECRET-GOAL', studentOutcome: 'SECRET-OUTCOME', successMeasure: 'Quizzes', baseline: 1, target: 5, unit: 'points', dueOn: '2026-12-01', alignment: [],
    });
    await recordCheckin(c.sequelize, { actor: c.actor('teacher'), goalId, checkedOn: '2026-10-01', value: 2, note: 'SECRET-CHECKIN' });
    await logSession(c.sequelize, { actor: c.actor('coach'), cycleId, kind: 'debrief', heldOn: '2026-10-02', minutes: 30, format: 'in_person', notes: 'SECRET-NOTES', nextSteps: 'SECRET-NEXT' });
    await c.post('otherTeacher', '/app/coaching/profile', { ...GOOD, needsNote: 'OTHER-WORDS' });

    for (const path of ['/app/coaching', '/app/privacy']) {
      const res = await c.get('otherTeacher', path);
      expect(res.status, path).to.equal(200);
      for (const secret of ['FOCUS-OF-teacher', 'NEEDS-NOTE-OF-teacher', 'SECRET-GOAL', 'SECRET-OUTCOME', 'SECRET-CHECKIN', 'SECRET-NOTES', 'SECRET-NEXT', 'Tess Teacher']) {
        expect(res.html, `${path}: ${secret}`).to.not.contain(secret);
      }
    }
    const own = text((await c.get('otherTeacher', '/app/coaching')).html);
    expect(own).to.contain('OTHER-WORDS').and.contain('No cycle is running');
    expect((await c.get('teacher', '/app/coaching')).html).to.contain('SECRET-NOTES');
  });
});
