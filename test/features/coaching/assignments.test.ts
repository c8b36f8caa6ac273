/** The admin's assignments page and the assignment routes: the route ladder, suggestions, the audit trail, coaches taking teachers on, and the privacy wall. */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { changeParticipation } from '../../../src/features/coaching/commands/participationChanger';
import { saveCoachProfile } from '../../../src/features/coaching/commands/coachProfileSaver';
import { confirmAssignment } from '../../../src/features/coaching/commands/assignmentConfirmer';
import { createGoal } from '../../../src/features/coaching/commands/goalCreator';
import { logSession } from '../../../src/features/coaching/commands/sessionLogger';
import { saveSpaceSettings } from '../../../src/features/coaching/commands/spaceSettingsSaver';
import { teacherOptIn } from '../../../src/features/coaching/commands/teacherOptIn';
import { BrowserClient, decodeHtmlEntities } from '../../../src/simulator/client';
import { type CoachingCourse, coachingCourse, type Member, teacherWithCycle } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';

describe('coach assignments (admin)', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let other: CoachingCourse;
  /** A teacher of the other course only (people are shared across a district's courses). */
  let farTeacher: number;

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h);
    other = await coachingCourse(h, 'other-course');
    h.sim.addUser({ sub: 'u-far', name: 'Fay Faraway', given_name: 'Fay', family_name: 'Faraway' });
    h.sim.enroll('other-course', 'u-far', ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
    expect((await h.launch({ userSub: 'u-far', courseId: 'other-course' })).status).to.equal(200);
    const [far] = await rows<{ id: number }>('SELECT id FROM people WHERE tenant_id = ? AND sub = ?', [c.tenantId, 'u-far']);
    farTeacher = Number(far.id);
    await teacherOptIn(c.sequelize, { actor: { ...other.actor('teacher'), person: { id: farTeacher, sub: 'u-far', name: 'Fay Faraway' } }, subjects: ['Art'], gradeBand: 'g3_5', needAreas: ['literacy'], needsNote: 'FAR-NEEDS-NOTE' });
    // Coach profiles: Cora fits math and grades 6–8; Omar fits literacy, grades 3–5, and has one place only.
    await saveCoachProfile(c.sequelize, { actor: c.actor('coach'), specialties: ['math', 'data'], gradeBands: ['g6_8'], capacity: 10 });
    await saveCoachProfile(c.sequelize, { actor: c.actor('otherCoach'), specialties: ['literacy'], gradeBands: ['g3_5'], capacity: 1 });
  });
  after(() => h.stop());

  const text = async (who: Member, path: string) => {
    const page = await c.get(who, path);
    return { status: page.status, html: decodeHtmlEntities(page.html) };
  };
  const rows = <T extends object>(sql: string, replacements: unknown[]) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const activeOf = (teacher: Member) => rows<{ id: number; coach_person_id: number; match_score: number; confirmed_by: number }>(
    'SELECT id, coach_person_id, match_score, confirmed_by FROM coaching_assignments WHERE space_id = ? AND teacher_person_id = ? AND active = 1', [c.spaceId, c.ids[teacher]]);
  const audit = (action: string, subjectId: number) => rows<{ actor_person_id: number; owner_person_id: number; actor_role: string }>(
    "SELECT actor_person_id, owner_person_id, actor_role FROM audit_log WHERE action = ? AND subject_type = 'assignment' AND subject_id = ?", [action, subjectId]);
  const optIn = (who: Member, needsNote = `NEEDS-NOTE-OF-${who}`) =>
    teacherOptIn(c.sequelize, { actor: c.actor(who), subjects: ['Math', 'Science'], gradeBand: 'g6_8', needAreas: ['math', 'literacy'], needsNote });
  /** An active assignment in the other course of the same district. */
  const foreignAssignment = async (coachId: number, teacherId: number) => {
    const now = new Date();
    await c.sequelize.query('INSERT INTO coaching_assignments (space_id, coach_person_id, teacher_person_id, active, confirmed_at, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)', {
      replacements: [other.spaceId, coachId, teacherId, now, now, now],
    });
    const [r] = await rows<{ id: number }>('SELECT id FROM coaching_assignments WHERE space_id = ? AND teacher_person_id = ? AND active = 1', [other.spaceId, teacherId]);
    return Number(r.id);
  };
  const clear = () => c.sequelize.query('UPDATE coaching_assignments SET active = NULL, ended_at = ? WHERE space_id = ? AND active = 1', { replacements: [new Date(), c.spaceId] });

  describe('GET /app/assignments', () => {
    it('needs a launch (401) and the admin role in the course (403 for coach, teacher, mentor, no role)', async () => {
      expect((await new BrowserClient().request('GET', `${h.toolUrl}/app/assignments`)).status).to.equal(401);
      for (const who of ['coach', 'teacher', 'mentor', 'guest'] as Member[]) expect((await c.get(who, '/app/assignments')).status, who).to.equal(403);
      const page = await text('admin', '/app/assignments');
      expect(page.status).to.equal(200);
      expect(page.html).to.contain('Teachers waiting for a coach').and.contain('Current assignments').and.contain('Participation');
    });

    it('lists an opted-in teacher without a coach, with ranked suggestions, score parts, reasons and "at capacity"', async () => {
      await clear();
      await optIn('teacher');
      // Omar's only place is taken by a teacher in another course of the district.
      await foreignAssignment(c.ids.otherCoach, farTeacher);
      const { html } = await text('admin', '/app/assignments');
      const waiting = html.slice(html.indexOf('Teachers waiting for a coach'), html.indexOf('Current assignments'));
      expect(waiting).to.contain('Tess Teacher').and.contain('Math, Science').and.contain('Grades 6–8').and.contain('<li class="chip">Literacy</li>');
      // Cora: math 1 of 2 → 30, same band 25, 10 of 10 free → 15 = 70. Omar: literacy → 30, neighbour band 10, full → 0 = 40.
      const cora = waiting.indexOf('Assign Cora Coach');
      const omar = waiting.indexOf('Assign Omar Othercoach');
      expect(cora).to.be.greaterThan(-1);
      expect(omar).to.be.greaterThan(cora);
      expect(waiting).to.contain('<span class="score">70</span>').and.contain('<span class="score">40</span>');
      expect(waiting).to.contain('Specialty fit: 30 of 60').and.contain('Grade band: 25 of 25').and.contain('Room in caseload: 15 of 15');
      expect(waiting).to.contain('Specialises in 1 of 2 areas asked for: Math').and.contain('Works with a neighbouring grade band (Grades 3–5)');
      expect(waiting).to.contain('At capacity').and.contain('At capacity (1 of 1 places taken)');
      expect(html).to.contain('How suggestions are ranked').and.contain("the coach works with the teacher's grade band");
    });

    it('never shows coaching content: no needs note, cycle focus, goals or session notes, even when they exist', async () => {
      await clear();
      const cycleId = await teacherWithCycle(c, 'otherTeacher', 'coach');
      await createGoal(c.sequelize, {
        actor: c.actor('coach'), cycleId, statement: 'GOAL-STATEMENT-SECRET', studentOutcome: 'OUTCOME-SECRET', successMeasure: 'MEASURE-SECRET',
        baseline: 10, target: 80, unit: '% of students', dueOn: '2026-10-01', alignment: ['ALIGNMENT-SECRET'],
      });
      await logSession(c.sequelize, { actor: c.actor('coach'), cycleId, kind: 'planning', heldOn: '2026-09-02', minutes: 30, format: 'in_person', notes: 'SESSION-NOTES-SECRET', nextSteps: 'NEXT-STEPS-SECRET' });
      await optIn('teacher', 'WAITING-NEEDS-NOTE-SECRET');
      const { status, html } = await text('admin', '/app/assignments');
      expect(status).to.equal(200);
      expect(html).to.contain('Theo Otherteacher').and.contain('Tess Teacher');
      for (const secret of ['NEEDS-NOTE-OF-otherTeacher', 'WAITING-NEEDS-NOTE-SECRET', 'FOCUS-OF-otherTeacher', 'GOAL-STATEMENT-SECRET', 'OUTCOME-SECRET', 'MEASURE-SECRET', 'ALIGNMENT-SECRET', 'SESSION-NOTES-SECRET', 'NEXT-STEPS-SECRET']) {
        expect(html, secret).to.not.contain(secret);
      }
    });

    it('shows current assignments with who confirmed them and the score, labels paused teachers, and counts participation', async () => {
      await clear();
      await optIn('teacher');
      await optIn('otherTeacher');
      await confirmAssignment(c.sequelize, { actor: c.actor('admin'), teacherId: c.ids.teacher, coachId: c.ids.coach });
      await confirmAssignment(c.sequelize, { actor: c.actor('admin'), teacherId: c.ids.otherTeacher, coachId: c.ids.coach });
      await changeParticipation(c.sequelize, { actor: c.actor('otherTeacher'), status: 'paused' });
      const { html } = await text('admin', '/app/assignments');
      const current = html.slice(html.indexOf('Current assignments'), html.indexOf('id="participation-heading"'));
      expect(current).to.contain('Tess Teacher').and.contain('Cora Coach').and.contain('by Paula Principal').and.contain('70 of 100');
      expect(current).to.match(/Theo Otherteacher<\/strong> <span class="chip chip-warn">Paused<\/span>/);
      expect(current).to.contain('paused coaching; you can change the coach when they take part again');
      expect(current).to.contain('Another coach for Tess Teacher').and.contain('Omar Othercoach — score 40 (at capacity)');
      const participation = html.slice(html.indexOf('id="participation-heading"'));
      const kpi = (label: string) => new RegExp(`<strong>(\\d+)</strong> ${label}<`).exec(participation)?.[1];
      expect(kpi('Teachers in the course')).to.equal('2');
      expect(kpi('Taking part in coaching')).to.equal('1');
      expect(kpi('Paused')).to.equal('1');
      expect(kpi('Left coaching')).to.equal('0');
      expect(kpi('With a coach')).to.equal('2');
      expect(kpi('Waiting for a coach')).to.equal('0');
      expect(participation).to.contain('Coaches and their caseload').and.contain('Cora Coach').and.contain('2 of 10');
      expect(participation).to.match(/1 of 1 <span class="chip chip-warn">Full<\/span>/);
      await changeParticipation(c.sequelize, { actor: c.actor('otherTeacher'), status: 'opted_in' });
      // A teacher the roster sync marked as gone from the course is labelled, and cannot be reassigned.
      await c.sequelize.query("UPDATE memberships SET status = 'inactive' WHERE space_id = ? AND person_id = ?", { replacements: [c.spaceId, c.ids.otherTeacher] });
      const gone = (await text('admin', '/app/assignments')).html;
      expect(gone).to.match(/Theo Otherteacher<\/strong> <span class="chip chip-bad">No longer in the course<\/span>/);
      expect(gone).to.not.contain('Another coach for Theo Otherteacher');
      await c.sequelize.query("UPDATE memberships SET status = 'active' WHERE space_id = ? AND person_id = ?", { replacements: [c.spaceId, c.ids.otherTeacher] });
    });
  });

  describe('POST /app/assignments', () => {
    it('needs a launch (401); teachers, mentors and members without a role get 403; coaches too while the course does not allow it', async () => {
      await clear();
      await saveSpaceSettings(c.sequelize, { actor: c.actor('admin'), coachesConfirm: false });
      const form = { teacherId: String(c.ids.teacher), coachId: String(c.ids.coach) };
      expect((await new BrowserClient().request('POST', `${h.toolUrl}/app/assignments`, { form })).status).to.equal(401);
      for (const who of ['teacher', 'mentor', 'guest'] as Member[]) expect((await c.post(who, '/app/assignments', form)).status, who).to.equal(403);
      const coach = await c.post('coach', '/app/assignments', form);
      expect(coach.status).to.equal(403);
      expect(decodeHtmlEntities(coach.html)).to.contain('In this course an admin confirms coach assignments');
      expect(await activeOf('teacher')).to.have.length(0);
    });

    it('answers 400 with the reason for bad input, keeping the admin on the page', async () => {
      const empty = await c.post('admin', '/app/assignments', {});
      expect(empty.status).to.equal(400);
      expect(empty.html).to.contain('Choose a teacher.').and.contain('Teachers waiting for a coach');
      const noCoach = await c.post('admin', '/app/assignments', { teacherId: String(c.ids.teacher), coachId: 'x' });
      expect(noCoach.status).to.equal(400);
      expect(noCoach.html).to.contain('Choose a coach.');
      const notACoach = await c.post('admin', '/app/assignments', { teacherId: String(c.ids.teacher), coachId: String(c.ids.mentor) });
      expect(notACoach.status).to.equal(400);
      expect(notACoach.html).to.contain('That person is not a coach of this course.');
      const foreignTeacher = await c.post('admin', '/app/assignments', { teacherId: String(farTeacher), coachId: String(c.ids.coach) });
      expect(foreignTeacher.status).to.equal(400);
      expect(decodeHtmlEntities(foreignTeacher.html)).to.contain('not a teacher of this course who opted in');
      const huge = await c.post('admin', '/app/assignments', { teacherId: '99999999999999999999', coachId: String(c.ids.coach) });
      expect(huge.status).to.equal(400);
      expect(await activeOf('teacher')).to.have.length(0);
    });

    it('confirms (303 back with a notice), keeps the score and writes assignment.confirm owned by the teacher; reassigning ends the old one', async () => {
      const res = await c.post('admin', '/app/assignments', { teacherId: String(c.ids.teacher), coachId: String(c.ids.coach) });
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.match(/^\/app\/assignments\?notice=assigned&ltik=/);
      const [first] = await activeOf('teacher');
      expect(Number(first.coach_person_id)).to.equal(c.ids.coach);
      expect(Number(first.match_score)).to.equal(70);
      expect(Number(first.confirmed_by)).to.equal(c.ids.admin);
      const [confirm] = await audit('assignment.confirm', Number(first.id));
      expect(Number(confirm.owner_person_id)).to.equal(c.ids.teacher);
      expect(Number(confirm.actor_person_id)).to.equal(c.ids.admin);
      expect(confirm.actor_role).to.equal('admin');
      const notice = await c.browsers.admin.request('GET', `${h.toolUrl}${res.headers.get('location')!}`);
      expect(decodeHtmlEntities(notice.html)).to.contain('Coach assigned.');

      const again = await c.post('admin', '/app/assignments', { teacherId: String(c.ids.teacher), coachId: String(c.ids.otherCoach) });
      expect(again.status).to.equal(303);
      const [second] = await activeOf('teacher');
      expect(Number(second.coach_person_id)).to.equal(c.ids.otherCoach);
      const [ended] = await audit('assignment.end', Number(first.id));
      expect(Number(ended.owner_person_id)).to.equal(c.ids.teacher);
      expect(await audit('assignment.confirm', Number(second.id))).to.have.length(1);
    });

    // On MariaDB the later inserts meet the one-active-assignment index and are told so (409).
    it('two admins assigning the same teacher at once: no 500, one active assignment', async () => {
      await optIn('teacher');
      for (let round = 0; round < 5; round++) {
        await clear();
        const results = await Promise.all([c.ids.coach, c.ids.otherCoach, c.ids.coach].map((coachId) =>
          c.post('admin', '/app/assignments', { teacherId: String(c.ids.teacher), coachId: String(coachId) })));
        for (const r of results) expect(r.status, r.html.slice(0, 300)).to.be.oneOf([303, 409]);
        for (const r of results.filter((x) => x.status === 409)) expect(r.html).to.contain('a moment ago');
        expect(await activeOf('teacher')).to.have.length(1);
      }
    });

    it('refuses a teacher who paused, with the reason', async () => {
      await clear();
      await changeParticipation(c.sequelize, { actor: c.actor('otherTeacher'), status: 'paused' });
      const res = await c.post('admin', '/app/assignments', { teacherId: String(c.ids.otherTeacher), coachId: String(c.ids.coach) });
      expect(res.status).to.equal(400);
      expect(res.html).to.contain('Theo Otherteacher has paused coaching');
      await changeParticipation(c.sequelize, { actor: c.actor('otherTeacher'), status: 'opted_in' });
    });

    it('lets a coach take a teacher on only for themself, and only while the course allows it', async () => {
      await clear();
      await saveSpaceSettings(c.sequelize, { actor: c.actor('admin'), coachesConfirm: true });
      const forOther = await c.post('coach', '/app/assignments', { teacherId: String(c.ids.teacher), coachId: String(c.ids.otherCoach) });
      expect(forOther.status).to.equal(403);
      expect(decodeHtmlEntities(forOther.html)).to.contain('only for themselves');
      const bad = await c.post('coach', '/app/assignments', {});
      expect(bad.status).to.equal(400);
      expect(bad.html).to.contain('Choose a teacher.');
      const self = await c.post('coach', '/app/assignments', { teacherId: String(c.ids.teacher), coachId: String(c.ids.coach) });
      expect(self.status).to.equal(303);
      expect(self.headers.get('location')).to.match(/^\/app\/caseload\?notice=assigned&ltik=/);
      const [a] = await activeOf('teacher');
      expect(Number(a.coach_person_id)).to.equal(c.ids.coach);
      const [confirm] = await audit('assignment.confirm', Number(a.id));
      expect(confirm.actor_role).to.equal('coach');
      expect(Number(confirm.owner_person_id)).to.equal(c.ids.teacher);
      // Another coach cannot take over a teacher who has a coach; only an admin reassigns.
      const takeOver = await c.post('otherCoach', '/app/assignments', { teacherId: String(c.ids.teacher), coachId: String(c.ids.otherCoach) });
      expect(takeOver.status).to.equal(409);
      expect(decodeHtmlEntities(takeOver.html)).to.contain('already has a coach');
      await saveSpaceSettings(c.sequelize, { actor: c.actor('admin'), coachesConfirm: false });
    });
  });

  describe('POST /app/assignments/:assignmentId/end', () => {
    it('needs a launch (401) and the admin role (403); bad or foreign ids are 404; ending writes assignment.end owned by the teacher', async () => {
      await clear();
      const id = await confirmAssignment(c.sequelize, { actor: c.actor('admin'), teacherId: c.ids.teacher, coachId: c.ids.coach });
      const [existing] = await rows<{ id: number }>('SELECT id FROM coaching_assignments WHERE space_id = ? AND teacher_person_id = ? AND active = 1', [other.spaceId, farTeacher]);
      const foreign = existing ? Number(existing.id) : await foreignAssignment(c.ids.otherCoach, farTeacher);
      const path = (x: number | string) => `/app/assignments/${x}/end`;

      expect((await new BrowserClient().request('POST', `${h.toolUrl}${path(id)}`)).status).to.equal(401);
      for (const who of ['coach', 'teacher', 'mentor', 'guest'] as Member[]) expect((await c.post(who, path(id))).status, who).to.equal(403);
      for (const bad of ['abc', '0', '-1', '1.5', '99999999999', foreign]) {
        const res = await c.post('admin', path(bad));
        expect(res.status, String(bad)).to.equal(404);
        expect(res.html).to.contain('Not found');
      }
      expect(await activeOf('teacher')).to.have.length(1);

      const res = await c.post('admin', path(id));
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.match(/^\/app\/assignments\?notice=ended&ltik=/);
      expect(await activeOf('teacher')).to.have.length(0);
      const [ended] = await audit('assignment.end', id);
      expect(Number(ended.owner_person_id)).to.equal(c.ids.teacher);
      expect(Number(ended.actor_person_id)).to.equal(c.ids.admin);
      // Ending again changes nothing and writes nothing.
      expect((await c.post('admin', path(id))).status).to.equal(303);
      expect(await audit('assignment.end', id)).to.have.length(1);
      const [stillThere] = await rows<{ active: number | null }>('SELECT active FROM coaching_assignments WHERE id = ?', [foreign]);
      expect(Number(stillThere.active)).to.equal(1);
    });
  });
});
