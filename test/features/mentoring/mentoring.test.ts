/**
 * Mentoring up the ladder: the admin's pairings (401 / 403 / 400 with the message / 303, audited,
 * 404 for a pairing out of reach), the mentor's view (only their coaches, aggregates over at least
 * the minimum group size), mentor notes (their mentor and that coach only), and a coach's own
 * figures (their caseload only). Nobody here ever sees notes, reflections or goal text of coaching.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { BrowserClient, decodeHtmlEntities } from '../../../src/simulator/client';
import { coachingCourse, type CoachingCourse, type Member } from '../../helpers/coaching';
import { type Harness, ltikOf, startHarness } from '../../helpers/harness';
import { buildDistrict, type District, SECRETS } from '../dashboard/fixture';
import { mountDashboard } from '../dashboard/mount';

const PERIOD = 'from=2026-08&to=2027-07';
const NOTE = 'MENTOR-NOTE: tried the debrief protocol with two teachers';

describe('mentoring: pairings, the mentor view, mentor notes and a coach’s own figures', function () {
  this.timeout(120_000);
  let h: Harness;
  let c: CoachingCourse;
  let d: District;
  let unmount: () => void;
  const account = { browser: new BrowserClient(), ltik: '' };

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'mentoring-course');
    d = await buildDistrict(c);
    unmount = mountDashboard(h.coachloop, c.sequelize);
    const page = await h.launch({ userSub: 'u-admin' }, account.browser);
    account.ltik = ltikOf(page);
  });
  after(async () => {
    unmount?.();
    await h.stop();
  });

  const anonymous = (method: string, path: string) => new BrowserClient().request(method, `${h.toolUrl}${path}`, method === 'POST' ? { form: {} } : undefined);
  const text = (html: string) => decodeHtmlEntities(html);
  const rows = <T extends object>(sql: string, replacements: unknown[]) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const pairings = async () => rows<{ id: number; coach_person_id: number; active: number | null }>('SELECT id, coach_person_id, active FROM mentor_assignments WHERE tenant_id = ? ORDER BY id', [c.tenantId]);
  const others: Member[] = ['coach', 'otherCoach', 'mentor', 'teacher', 'guest'];

  it('GET /app/mentoring/assignments — 401, 403 for all but admins, 200 for the course and the account-level admin', async () => {
    expect((await anonymous('GET', '/app/mentoring/assignments')).status).to.equal(401);
    for (const who of others) expect((await c.get(who, '/app/mentoring/assignments')).status, who).to.equal(403);
    const page = await c.get('admin', '/app/mentoring/assignments');
    expect(page.status).to.equal(200);
    expect(text(page.html)).to.contain('<option value="' + c.ids.mentor + '">Milo Mentor</option>').and.contain('Cora Coach').and.contain('No mentor is paired with a coach yet.');
    const accountPage = await account.browser.request('GET', `${h.toolUrl}/app/mentoring/assignments?ltik=${encodeURIComponent(account.ltik)}`);
    expect(accountPage.status).to.equal(200);
    expect(text(accountPage.html)).to.contain('Milo Mentor');
  });

  it('POST /app/mentoring/assignments — 401, 403, 400 with the message and nothing written, then 303 (audited, once)', async () => {
    expect((await anonymous('POST', '/app/mentoring/assignments')).status).to.equal(401);
    for (const who of others) expect((await c.post(who, '/app/mentoring/assignments', { mentorId: String(c.ids.mentor), coachId: String(c.ids.coach) })).status, who).to.equal(403);
    const empty = await c.post('admin', '/app/mentoring/assignments', {});
    expect(empty.status).to.equal(400);
    expect(text(empty.html)).to.contain('Choose a mentor.');
    const notMentor = await c.post('admin', '/app/mentoring/assignments', { mentorId: String(c.ids.otherCoach), coachId: String(c.ids.coach) });
    expect(notMentor.status).to.equal(400);
    expect(text(notMentor.html)).to.contain('That person is not a mentor in this course.');
    const notCoach = await c.post('admin', '/app/mentoring/assignments', { mentorId: String(c.ids.mentor), coachId: String(c.ids.teacher) });
    expect(notCoach.status).to.equal(400);
    expect(text(notCoach.html)).to.contain('That person is not a coach in this course.').and.contain(`<option value="${c.ids.mentor}" selected>`);
    expect(await pairings()).to.deep.equal([]);
    const ok = await c.post('admin', '/app/mentoring/assignments', { mentorId: String(c.ids.mentor), coachId: String(c.ids.coach) });
    expect(ok.status).to.equal(303);
    expect(ok.headers.get('location')).to.match(/^\/app\/mentoring\/assignments\?notice=assigned&ltik=/);
    expect((await c.post('admin', '/app/mentoring/assignments', { mentorId: String(c.ids.mentor), coachId: String(c.ids.coach) })).status).to.equal(303);
    const [pairing, ...more] = await pairings();
    expect(more).to.deep.equal([]);
    expect([Number(pairing.coach_person_id), Number(pairing.active)]).to.deep.equal([c.ids.coach, 1]);
    const audit = await rows<{ action: string; actor_person_id: number }>("SELECT action, actor_person_id FROM audit_log WHERE tenant_id = ? AND subject_type = 'mentor_assignment'", [c.tenantId]);
    expect(audit.map((a) => [a.action, Number(a.actor_person_id)])).to.deep.equal([['mentor.assign', c.ids.admin]]);
  });

  it('GET /app/mentoring — 401, 403 for all but mentors; the mentor sees their coach only, in aggregate', async () => {
    expect((await anonymous('GET', '/app/mentoring')).status).to.equal(401);
    for (const who of ['admin', 'coach', 'otherCoach', 'teacher', 'guest'] as const) expect((await c.get(who, '/app/mentoring')).status, who).to.equal(403);
    const bad = await c.get('mentor', '/app/mentoring?from=soon');
    expect(bad.status).to.equal(400);
    expect(text(bad.html)).to.contain('Give the first month as YYYY-MM');
    const page = await c.get('mentor', `/app/mentoring?${PERIOD}`);
    expect(page.status).to.equal(200);
    const html = text(page.html);
    // Coach A: caseload T1–T4 and T6; met T1–T4; 285 minutes.
    expect(html).to.contain('Cora Coach').and.contain('<strong>5</strong>teachers in caseload now').and.contain('<strong>4</strong>teachers met in the period').and.contain('<strong>4.8 h</strong>coaching hours');
    // Cycles: completed 3 teachers, active 2 (hidden), so completed is hidden with it and both are shown together.
    expect(html).to.contain('Active and Completed together').and.contain('hidden (fewer than 3 teachers)');
    expect(html).to.not.contain('Omar Othercoach');
    for (const name of ['Tess Teacher', 'Theo Otherteacher', 'Teacher T3', ...SECRETS]) expect(html, name).to.not.contain(name);
  });

  it('POST /app/mentoring/coaches/:coachId/notes — 401, 403, 404 for a coach not theirs, 400 with the message, 303', async () => {
    const path = `/app/mentoring/coaches/${c.ids.coach}/notes`;
    const form = { metOn: '2026-10-21', body: NOTE };
    expect((await anonymous('POST', path)).status).to.equal(401);
    for (const who of ['admin', 'coach', 'otherCoach', 'teacher', 'guest'] as const) expect((await c.post(who, path, form)).status, who).to.equal(403);
    expect((await c.post('mentor', `/app/mentoring/coaches/${c.ids.otherCoach}/notes`, form)).status).to.equal(404);
    expect((await c.post('mentor', '/app/mentoring/coaches/abc/notes', form)).status).to.equal(404);
    const empty = await c.post('mentor', path, {});
    expect(empty.status).to.equal(400);
    expect(text(empty.html)).to.contain('Give the day you met as a date.');
    const noBody = await c.post('mentor', path, { metOn: '2026-10-21', body: '  ' });
    expect(noBody.status).to.equal(400);
    expect(text(noBody.html)).to.contain('Write what you talked about.');
    expect(await rows('SELECT id FROM mentor_notes WHERE tenant_id = ?', [c.tenantId])).to.deep.equal([]);
    const ok = await c.post('mentor', path, form);
    expect(ok.status).to.equal(303);
    expect(ok.headers.get('location')).to.match(new RegExp(`^/app/mentoring\\?notice=note&ltik=.*#coach-${c.ids.coach}$`));
    expect(text((await c.get('mentor', `/app/mentoring?${PERIOD}`)).html)).to.contain(NOTE).and.contain('2026-10-21');
  });

  it('GET /app/my-figures — 401, 403 for all but coaches; each coach sees their own caseload and the notes about them, nothing of another coach', async () => {
    expect((await anonymous('GET', '/app/my-figures')).status).to.equal(401);
    for (const who of ['admin', 'mentor', 'teacher', 'guest'] as const) expect((await c.get(who, '/app/my-figures')).status, who).to.equal(403);
    const mine = await c.get('coach', `/app/my-figures?${PERIOD}`);
    expect(mine.status).to.equal(200);
    const html = text(mine.html);
    expect(html).to.contain('<strong>4.8 h</strong>coaching hours').and.contain('<strong>6</strong>sessions').and.contain(NOTE).and.contain('Milo Mentor');
    expect(html).to.contain('Tess Teacher').and.contain('Teacher T6').and.not.contain('Teacher T5');
    for (const secret of SECRETS) expect(html, secret).to.not.contain(secret);
    const other = text((await c.get('otherCoach', `/app/my-figures?${PERIOD}`)).html);
    expect(other).to.contain('<strong>1.8 h</strong>coaching hours').and.contain('Teacher T5').and.not.contain('Tess Teacher').and.not.contain(NOTE);
    expect((await c.get('coach', '/app/my-figures?to=13')).status).to.equal(400);
  });

  it('nobody else reads mentor notes: not the admin (dashboard, pairings), not another coach', async () => {
    for (const path of ['/app/dashboard', '/app/mentoring/assignments']) expect(text((await c.get('admin', path)).html), path).to.not.contain(NOTE);
    expect(text((await c.get('otherCoach', '/app/my-figures')).html)).to.not.contain(NOTE);
  });

  it('a coach met by fewer than 3 teachers: the mentor sees caseload size, never hours, cycles or goals', async () => {
    expect((await c.post('admin', '/app/mentoring/assignments', { mentorId: String(c.ids.mentor), coachId: String(c.ids.otherCoach) })).status).to.equal(303);
    const html = text((await c.get('mentor', `/app/mentoring?${PERIOD}`)).html);
    const card = html.slice(html.indexOf(`id="coach-${c.ids.otherCoach}"`));
    expect(card).to.contain('Omar Othercoach').and.contain('<strong>1</strong>teachers in caseload now').and.contain('<strong>hidden</strong>coaching hours')
      .and.contain('Hours and sessions are hidden: this coach met fewer than 3 teachers').and.not.contain('1.8 h');
    expect(card.slice(0, card.indexOf('Your notes'))).to.contain('Hidden: fewer than 3 teachers.');
  });

  it('POST /app/mentoring/assignments/:id/end — 401, 403, 404, then 303: the mentor loses the coach, notes are kept', async () => {
    const [first] = await pairings();
    const path = `/app/mentoring/assignments/${first.id}/end`;
    expect((await anonymous('POST', path)).status).to.equal(401);
    for (const who of others) expect((await c.post(who, path)).status, who).to.equal(403);
    expect((await c.post('admin', '/app/mentoring/assignments/abc/end')).status).to.equal(404);
    expect((await c.post('admin', '/app/mentoring/assignments/999999999/end')).status).to.equal(404);
    const ok = await c.post('admin', path);
    expect(ok.status).to.equal(303);
    expect(ok.headers.get('location')).to.match(/notice=ended/);
    expect((await c.post('admin', path)).status).to.equal(303);
    const html = text((await c.get('mentor', `/app/mentoring?${PERIOD}`)).html);
    expect(html).to.not.contain('Cora Coach').and.not.contain(NOTE);
    expect((await c.post('mentor', `/app/mentoring/coaches/${c.ids.coach}/notes`, { metOn: '2026-11-01', body: 'again' })).status).to.equal(404);
    expect(await rows('SELECT id FROM mentor_notes WHERE tenant_id = ?', [c.tenantId])).to.have.length(1);
    expect(text((await c.get('coach', '/app/my-figures')).html)).to.contain(NOTE);
    expect(d.coachA).to.equal(c.ids.coach);
  });
});
