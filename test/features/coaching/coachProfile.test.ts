/** The coach profile page: specialties, grade bands and capacity, with the current caseload. */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { confirmAssignment } from '../../../src/features/coaching/commands/assignmentConfirmer';
import { teacherOptIn } from '../../../src/features/coaching/commands/teacherOptIn';
import { BrowserClient, decodeHtmlEntities } from '../../../src/simulator/client';
import { coachingCourse, type CoachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';

const GOOD = { specialties: ['math', 'data'], gradeBands: ['g6_8', 'g9_12'], capacity: '2' };

describe('Coach profile', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  beforeEach(async () => {
    h = await startHarness();
    c = await coachingCourse(h);
  });
  afterEach(() => h.stop());

  const rows = () => c.sequelize.query<{ specialties: string; grade_bands: string; capacity: number }>(
    'SELECT specialties, grade_bands, capacity FROM coach_profiles WHERE tenant_id = ? AND person_id = ?', { replacements: [c.tenantId, c.ids.coach], type: QueryTypes.SELECT });

  it('refuses without a launch (401) and for teachers, admins, mentors and guests (403)', async () => {
    for (const method of ['GET', 'POST']) {
      expect((await new BrowserClient().request(method, `${h.toolUrl}/app/coach-profile`, method === 'POST' ? { form: GOOD } : {})).status).to.equal(401);
      for (const who of ['teacher', 'admin', 'mentor', 'guest'] as const) {
        const res = method === 'GET' ? await c.get(who, '/app/coach-profile') : await c.post(who, '/app/coach-profile', GOOD);
        expect(res.status, `${who} ${method}`).to.equal(403);
      }
    }
    expect(await rows()).to.have.length(0);
  });

  it('400 with the message and the typed values for each mistake, nothing written; then saves (303) and shows the caseload against capacity', async () => {
    const page = decodeHtmlEntities((await c.get('coach', '/app/coach-profile')).html);
    expect(page).to.contain('You have not saved a profile yet').and.contain('<strong class="caseload-count">0</strong>').and.contain('<strong class="caseload-capacity">12</strong>');

    const cases: Array<[Record<string, string | string[]>, string]> = [
      [{ ...GOOD, capacity: '0' }, 'Caseload capacity must be at least 1.'],
      [{ ...GOOD, specialties: [] }, 'Choose at least one specialty.'],
      [{ ...GOOD, gradeBands: [] }, 'Choose at least one grade band.'],
      [{ ...GOOD, capacity: 'lots' }, 'Caseload capacity must be a whole number.'],
      [{ ...GOOD, capacity: '61' }, 'use at most 60'],
      [{ ...GOOD, specialties: ['math', 'juggling'] }, 'Choose specialties from the list.'],
    ];
    for (const [form, message] of cases) {
      const res = await c.post('coach', '/app/coach-profile', form);
      expect(res.status, message).to.equal(400);
      const html = decodeHtmlEntities(res.html);
      expect(html, message).to.contain(message);
      if (form.gradeBands.length) expect(html, `${message}: typed values kept`).to.contain('value="g9_12" checked');
    }
    expect(decodeHtmlEntities((await c.post('coach', '/app/coach-profile', { ...GOOD, capacity: '0' })).html)).to.contain('name="capacity" value="0"');
    expect(await rows()).to.have.length(0);

    const ok = await c.post('coach', '/app/coach-profile', GOOD);
    expect(ok.status).to.equal(303);
    expect(ok.headers.get('location')).to.match(/^\/app\/coach-profile\?notice=saved&ltik=/);
    const [row] = await rows();
    expect(JSON.parse(row.specialties)).to.deep.equal(['math', 'data']);
    expect(JSON.parse(row.grade_bands)).to.deep.equal(['g6_8', 'g9_12']);
    expect(Number(row.capacity)).to.equal(2);

    // Two teachers assigned: the caseload is full against a capacity of 2.
    for (const who of ['teacher', 'otherTeacher'] as const) {
      await teacherOptIn(c.sequelize, { actor: c.actor(who), subjects: ['Math'], gradeBand: 'g6_8', needAreas: ['math'] });
      await confirmAssignment(c.sequelize, { actor: c.actor('admin'), teacherId: c.ids[who], coachId: c.ids.coach });
    }
    const saved = decodeHtmlEntities((await c.get('coach', '/app/coach-profile?notice=saved')).html);
    expect(saved).to.contain('Your coach profile is saved.').and.contain('<strong class="caseload-count">2</strong>').and.contain('<strong class="caseload-capacity">2</strong>');
    expect(saved).to.contain('Your caseload is full').and.contain('value="math" checked').and.contain('value="g6_8" checked').and.contain('name="capacity" value="2"');
    expect(saved).to.not.contain('You have not saved a profile yet');

    // Lowering capacity below the caseload is allowed, and the page says what it means.
    expect((await c.post('coach', '/app/coach-profile', { ...GOOD, capacity: '1' })).status).to.equal(303);
    expect(decodeHtmlEntities((await c.get('coach', '/app/coach-profile')).html)).to.contain('You coach more teachers than your capacity');
  });

  it("another coach's page shows only their own profile and caseload", async () => {
    await c.post('coach', '/app/coach-profile', GOOD);
    const other = decodeHtmlEntities((await c.get('otherCoach', '/app/coach-profile')).html);
    expect(other).to.contain('You have not saved a profile yet').and.not.contain('value="math" checked');
  });
});
