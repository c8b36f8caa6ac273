/**
 * Group PD sessions with the catalog: attendance linked to an offering and tagged with standards,
 * edited by the coach who logged it. However the attendees change and however often it is saved,
 * each attendee's coaching hours count the session exactly once (session log and dashboard rollup).
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createOffering } from '../../../src/features/learning/commands/offeringSaver';
import { listTags } from '../../../src/features/learning/taxonomy';
import { type CoachingCourse, coachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { extraTeachers } from '../surveys/fixtures';

describe('group PD sessions with the catalog', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let t: number[];
  let offering: number;
  let tag: number;

  const rows = <T extends object>(sql: string, replacements: unknown[] = []) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  /** Each teacher's coaching minutes from the session log (through attendance) and from the dashboard's rollup. */
  async function minutesPerTeacher(): Promise<{ log: Record<number, number>; rollup: Record<number, number>; attendance: Record<number, number> }> {
    const log = await rows<{ teacher_person_id: number; m: number; n: number }>(
      'SELECT a.teacher_person_id, SUM(s.minutes) AS m, COUNT(*) AS n FROM session_attendees a JOIN coaching_sessions s ON s.id = a.session_id WHERE s.space_id = ? GROUP BY a.teacher_person_id', [c.spaceId]);
    const rollup = await rows<{ teacher_person_id: number; m: number }>('SELECT teacher_person_id, SUM(minutes) AS m FROM dashboard_teacher_months WHERE space_id = ? GROUP BY teacher_person_id', [c.spaceId]);
    return {
      log: Object.fromEntries(log.map((r) => [Number(r.teacher_person_id), Number(r.m)])),
      attendance: Object.fromEntries(log.map((r) => [Number(r.teacher_person_id), Number(r.n)])),
      rollup: Object.fromEntries(rollup.filter((r) => Number(r.m) > 0).map((r) => [Number(r.teacher_person_id), Number(r.m)])),
    };
  }

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'group-course');
    const extra = await extraTeachers(c, 2, false);
    t = [c.ids.teacher, c.ids.otherTeacher, ...extra.map((a) => a.person.id)];
    offering = await createOffering(c.sequelize, { actor: c.actor('admin'), title: 'Math PLC', kind: 'plc', url: 'https://lms.example.org/plc', focusAreas: ['math'], tags: [] });
    tag = (await listTags(c.sequelize, c.tenantId)).find((x) => x.code === '2.4')!.id;
  });
  after(() => h.stop());

  it('logs a group session from the roster with its offering and tags; it counts once per attendee', async () => {
    const res = await c.post('coach', '/app/sessions/group', { attendees: [String(t[0]), String(t[1]), String(t[2])], kind: 'group_pd', heldOn: '2026-10-05', minutes: '90', format: 'in_person', offeringId: String(offering), tags: String(tag), notes: 'GROUP-NOTE' });
    expect(res.status).to.equal(303);
    const [session] = await rows<{ id: number }>('SELECT id FROM coaching_sessions WHERE space_id = ? AND cycle_id IS NULL', [c.spaceId]);
    expect(await rows('SELECT offering_id FROM session_offerings WHERE session_id = ?', [session.id])).to.deep.equal([{ offering_id: offering }]);
    expect((await rows<{ tag_id: number }>('SELECT tag_id FROM session_tags WHERE session_id = ?', [session.id])).map((r) => Number(r.tag_id))).to.deep.equal([tag]);
    const m = await minutesPerTeacher();
    expect(m.log).to.deep.equal({ [t[0]]: 90, [t[1]]: 90, [t[2]]: 90 });
    expect(m.rollup).to.deep.equal(m.log);
  });

  it('re-saving with changed attendees keeps each attendee’s hours counted once — never twice', async () => {
    const [session] = await rows<{ id: number }>('SELECT id FROM coaching_sessions WHERE space_id = ? AND cycle_id IS NULL', [c.spaceId]);
    const edit = await c.get('coach', `/app/sessions/group/${session.id}`);
    expect(edit.status).to.equal(200);
    expect(edit.html).to.contain('GROUP-NOTE').and.contain('Math PLC');
    // t[2] leaves, t[3] joins, t[0] is listed twice in the form; saved three times, the last time with 60 minutes.
    const form = { attendees: [String(t[0]), String(t[1]), String(t[3]), String(t[0])], kind: 'group_pd', heldOn: '2026-10-05', minutes: '90', format: 'in_person', offeringId: String(offering), tags: String(tag) };
    expect((await c.post('coach', `/app/sessions/group/${session.id}`, form)).status).to.equal(303);
    expect((await c.post('coach', `/app/sessions/group/${session.id}`, form)).status).to.equal(303);
    expect((await c.post('coach', `/app/sessions/group/${session.id}`, { ...form, minutes: '60' })).status).to.equal(303);
    const m = await minutesPerTeacher();
    expect(m.attendance).to.deep.equal({ [t[0]]: 1, [t[1]]: 1, [t[3]]: 1 });
    expect(m.log).to.deep.equal({ [t[0]]: 60, [t[1]]: 60, [t[3]]: 60 });
    expect(m.rollup).to.deep.equal(m.log);
    expect(Number((await rows<{ n: number }>('SELECT COUNT(*) AS n FROM coaching_sessions WHERE space_id = ?', [c.spaceId]))[0].n)).to.equal(1);
  });

  it('a bad edit is a 400 with the message and changes nothing', async () => {
    const [session] = await rows<{ id: number }>('SELECT id FROM coaching_sessions WHERE space_id = ? AND cycle_id IS NULL', [c.spaceId]);
    const before = await minutesPerTeacher();
    const noOne = await c.post('coach', `/app/sessions/group/${session.id}`, { kind: 'group_pd', heldOn: '2026-10-05', minutes: '60', format: 'in_person' });
    expect(noOne.status).to.equal(400);
    expect(noOne.html).to.contain('Choose who attended.');
    const outsider = await c.post('coach', `/app/sessions/group/${session.id}`, { attendees: [String(t[0]), String(c.ids.admin)], kind: 'group_pd', heldOn: '2026-10-05', minutes: '30', format: 'in_person' });
    expect(outsider.status).to.equal(400);
    expect(outsider.html).to.contain('Choose attendees among the teachers of this course.');
    const badTag = await c.post('coach', `/app/sessions/group/${session.id}`, { attendees: String(t[0]), kind: 'group_pd', heldOn: '2026-10-05', minutes: '30', format: 'in_person', tags: '999999' });
    expect(badTag.status).to.equal(400);
    expect(badTag.html).to.contain('from the list');
    expect(await minutesPerTeacher()).to.deep.equal(before);
  });

  it('only the coach who logged it opens or edits it: another coach gets 404, other roles 403', async () => {
    const [session] = await rows<{ id: number }>('SELECT id FROM coaching_sessions WHERE space_id = ? AND cycle_id IS NULL', [c.spaceId]);
    expect((await c.get('otherCoach', `/app/sessions/group/${session.id}`)).status).to.equal(404);
    expect((await c.post('otherCoach', `/app/sessions/group/${session.id}`, { attendees: String(t[0]), kind: 'group_pd', heldOn: '2026-10-05', minutes: '5', format: 'in_person' })).status).to.equal(404);
    expect((await c.get('teacher', `/app/sessions/group/${session.id}`)).status).to.equal(403);
    expect((await c.get('admin', `/app/sessions/group/${session.id}`)).status).to.equal(403);
    expect((await c.get('coach', '/app/sessions/group/abc')).status).to.equal(404);
    // The attendance shows on the admin's catalog page as counts only.
    const catalog = await c.get('admin', '/app/pd-catalog');
    expect(catalog.html).to.contain('1 session, 3 attendees').and.not.contain('GROUP-NOTE');
  });
});
