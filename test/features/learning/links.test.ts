/**
 * Professional learning in coaching: the taxonomy and catalog commands, linking and unlinking up
 * the authorization ladder (a teacher cannot link into another teacher's cycle), links shown next
 * to the goal they serve, catalog suggestions for the coach, and what admins see (counts, never
 * whose links or why).
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createGoal } from '../../../src/features/coaching/commands/goalCreator';
import { createOffering, removeOffering } from '../../../src/features/learning/commands/offeringSaver';
import { linkLearning } from '../../../src/features/learning/commands/learningLinker';
import { addDistrictTag, removeTag, renameTag, restoreTag } from '../../../src/features/learning/commands/tagSaver';
import { listTags } from '../../../src/features/learning/taxonomy';
import { BrowserClient } from '../../../src/simulator/client';
import { type CoachingCourse, coachingCourse, teacherWithCycle } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';

describe('professional learning: taxonomy, catalog and links', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let cycleId: number;
  let otherCycleId: number;
  let goalId: number;
  let otherGoalId: number;
  let mathOffering: number;

  const rows = <T extends object>(sql: string, replacements: unknown[] = []) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const linkCount = async () => Number((await rows<{ n: number }>('SELECT COUNT(*) AS n FROM pd_links'))[0].n);

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'learning-course');
    cycleId = await teacherWithCycle(c);
    otherCycleId = await teacherWithCycle(c, 'otherTeacher', 'otherCoach');
    goalId = await createGoal(c.sequelize, { actor: c.actor('teacher'), cycleId, statement: 'GOAL-OF-TEACHER', studentOutcome: 'o', successMeasure: 'm', baseline: 0, target: 10, unit: 'pts', dueOn: '2026-12-01' });
    otherGoalId = await createGoal(c.sequelize, { actor: c.actor('otherTeacher'), cycleId: otherCycleId, statement: 'GOAL-OF-OTHER', studentOutcome: 'o', successMeasure: 'm', baseline: 0, target: 10, unit: 'pts', dueOn: '2026-12-01' });
    mathOffering = await createOffering(c.sequelize, { actor: c.actor('admin'), title: 'Number Talks Workshop', kind: 'workshop', url: 'https://lms.example.org/courses/42', focusAreas: ['math'], tags: [] });
    await createOffering(c.sequelize, { actor: c.actor('admin'), title: 'Read-aloud PLC', kind: 'plc', url: 'https://lms.example.org/courses/77', focusAreas: ['literacy'], tags: [] });
  });
  after(() => h.stop());

  describe('taxonomy', () => {
    it('starts with the ISTE Standards for Educators and for Coaches by number and name', async () => {
      const tags = await listTags(c.sequelize, c.tenantId);
      const iste = tags.filter((t) => t.framework !== 'district').map((t) => `${t.code} ${t.name}`);
      expect(iste).to.deep.equal([
        '2.1 Learner', '2.2 Leader', '2.3 Citizen', '2.4 Collaborator', '2.5 Designer', '2.6 Facilitator', '2.7 Analyst',
        '4.1 Change Agent', '4.2 Connected Learner', '4.3 Collaborator', '4.4 Learning Designer', '4.5 Professional Learning Facilitator',
        '4.6 Data-Driven Decision-Maker', '4.7 Digital Citizen Advocate',
      ]);
      // Seeding twice changes nothing.
      expect((await listTags(c.sequelize, c.tenantId)).length).to.equal(tags.length);
    });

    it('district tags: added, renamed, deleted when unused, retired when in use, restored; duplicates and ISTE renames refused', async () => {
      const admin = c.actor('admin');
      const unused = await addDistrictTag(c.sequelize, { actor: admin, name: 'Unused tag' });
      const used = await addDistrictTag(c.sequelize, { actor: admin, name: 'Close reading', code: 'ELA-3' });
      await expectHttp(addDistrictTag(c.sequelize, { actor: admin, name: 'close READING' }), 400, 'already a district tag named');
      await expectHttp(addDistrictTag(c.sequelize, { actor: c.actor('coach'), name: 'Coach tag' }), 403, 'Only program admins');
      await renameTag(c.sequelize, { actor: admin, tagId: used, name: 'Close reading of complex texts', code: 'ELA-3' });
      const iste = (await listTags(c.sequelize, c.tenantId)).find((t) => t.code === '2.4')!;
      await expectHttp(renameTag(c.sequelize, { actor: admin, tagId: iste.id, name: 'Teamwork' }), 409, 'ISTE items keep the names');
      await createGoal(c.sequelize, { actor: c.actor('teacher'), cycleId, statement: 'Tagged goal', studentOutcome: 'o', successMeasure: 'm', baseline: 0, target: 1, unit: 'x', dueOn: '2026-12-01', tags: [used] });
      expect(await removeTag(c.sequelize, { actor: admin, tagId: unused })).to.equal('deleted');
      expect(await removeTag(c.sequelize, { actor: admin, tagId: used })).to.equal('retired');
      const retired = (await listTags(c.sequelize, c.tenantId, { includeRetired: true })).find((t) => t.id === used)!;
      expect(retired).to.deep.include({ retired: true, label: 'ELA-3 Close reading of complex texts' });
      expect((await listTags(c.sequelize, c.tenantId)).some((t) => t.id === used)).to.equal(false);
      // A retired tag cannot be chosen for a new goal; restoring brings it back.
      await expectHttp(createGoal(c.sequelize, { actor: c.actor('teacher'), cycleId, statement: 'x', studentOutcome: 'o', successMeasure: 'm', baseline: 0, target: 1, unit: 'x', dueOn: '2026-12-01', tags: [used] }), 400, 'from the list');
      await restoreTag(c.sequelize, { actor: admin, tagId: used });
      expect((await listTags(c.sequelize, c.tenantId)).some((t) => t.id === used)).to.equal(true);
    });

    it('the standards page: admins edit it (a bad name is a 400 with the message), others are refused', async () => {
      expect((await c.get('admin', '/app/standards')).html).to.contain('ISTE Standards for Coaches').and.contain('Digital Citizen Advocate');
      const bad = await c.post('admin', '/app/standards', { name: '' });
      expect(bad.status).to.equal(400);
      expect(bad.html).to.contain('Name the tag.');
      expect((await c.post('admin', '/app/standards', { name: 'Number sense', code: 'MA-1' })).status).to.equal(303);
      // An unused tag is offered for deletion, one a goal carries for retirement.
      const page = await c.get('admin', '/app/standards?notice=added');
      expect(page.html).to.contain('Tag added.').and.contain('Delete<span class="sr-only"> MA-1 Number sense</span>').and.contain('Retire<span class="sr-only"> ELA-3 Close reading of complex texts</span>');
      expect((await c.get('coach', '/app/standards')).status).to.equal(403);
      expect((await c.post('teacher', '/app/standards', { name: 'Sneaky' })).status).to.equal(403);
    });
  });

  describe('catalog', () => {
    it('validates the link (http or https only) and the focus areas, with messages', async () => {
      for (const url of ['javascript:alert(1)', 'ftp://example.org/x', 'lms.example.org/course', 'https://']) {
        const res = await c.post('admin', '/app/pd-catalog', { title: 'Bad link', kind: 'course', url, focusAreas: 'math' });
        expect(res.status, url).to.equal(400);
        expect(res.html, url).to.contain('must be a full web address starting with http:// or https://');
      }
      const noFocus = await c.post('admin', '/app/pd-catalog', { title: 'No focus', kind: 'course', url: 'https://example.org/c' });
      expect(noFocus.status).to.equal(400);
      expect(noFocus.html).to.contain('Choose at least one focus area');
      expect(Number((await rows<{ n: number }>("SELECT COUNT(*) AS n FROM pd_offerings WHERE title IN ('Bad link', 'No focus')"))[0].n)).to.equal(0);
      expect((await c.post('coach', '/app/pd-catalog', { title: 'Coach offering', kind: 'course', url: 'https://example.org/c', focusAreas: 'math' })).status).to.equal(403);
    });

    it('coaches and teachers browse it filtered by focus area', async () => {
      const math = await c.get('coach', '/app/pd-catalog?focus=math');
      expect(math.status).to.equal(200);
      expect(math.html).to.contain('Number Talks Workshop').and.not.contain('Read-aloud PLC');
      expect((await c.get('teacher', '/app/pd-catalog')).html).to.contain('Read-aloud PLC');
      const bad = await c.get('teacher', '/app/pd-catalog?focus=astrology');
      expect(bad.status).to.equal(400);
      expect(bad.html).to.contain('Choose a focus area from the list.');
    });
  });

  describe('links up the authorization ladder', () => {
    it('no launch: 401; admin and mentor: 403; nothing written', async () => {
      const before = await linkCount();
      const anonymous = await new BrowserClient().request('POST', `${h.toolUrl}/app/cycles/${cycleId}/pd-links`, { form: { why: 'x', url: 'https://e.org', title: 't' } });
      expect(anonymous.status).to.equal(401);
      expect((await c.post('admin', `/app/cycles/${cycleId}/pd-links`, { why: 'x', url: 'https://e.org', title: 't' })).status).to.equal(403);
      expect((await c.post('mentor', `/app/cycles/${cycleId}/pd-links`, { why: 'x', url: 'https://e.org', title: 't' })).status).to.equal(403);
      expect(await linkCount()).to.equal(before);
    });

    it('a teacher cannot link into another teacher’s cycle, nor the other coach: not found, nothing written', async () => {
      const before = await linkCount();
      const form = { why: 'Sneaky', url: 'https://e.org/x', title: 'Sneaky link' };
      expect((await c.post('otherTeacher', `/app/cycles/${cycleId}/pd-links`, form)).status).to.equal(404);
      expect((await c.post('otherCoach', `/app/cycles/${cycleId}/pd-links`, form)).status).to.equal(404);
      await expectHttp(linkLearning(c.sequelize, { actor: c.actor('otherTeacher'), cycleId, why: 'x', url: 'https://e.org', title: 't' }), 404, 'does not exist or is not shared');
      expect(await linkCount()).to.equal(before);
    });

    it('bad input is a 400 with the message and writes nothing', async () => {
      const before = await linkCount();
      const cases: Array<[Record<string, string>, string]> = [
        [{ url: 'https://e.org/x', title: 'T' }, 'why it matters'],
        [{ why: 'W' }, 'Choose an offering from the catalog or paste a link'],
        [{ why: 'W', url: 'https://e.org/x', title: 'T', offeringId: String(mathOffering) }, 'one of the two'],
        [{ why: 'W', url: 'javascript:alert(1)', title: 'T' }, 'starting with http:// or https://'],
        [{ why: 'W', url: 'https://e.org/x' }, 'short title'],
        [{ why: 'W', url: 'https://e.org/x', title: 'T', goalId: String(otherGoalId) }, 'one of this cycle’s goals'],
        [{ why: 'W', offeringId: '999999' }, 'no longer offered'],
      ];
      for (const [form, message] of cases) {
        const res = await c.post('teacher', `/app/cycles/${cycleId}/pd-links`, form);
        expect(res.status, JSON.stringify(form)).to.equal(400);
        expect(res.html, JSON.stringify(form)).to.contain(message);
      }
      expect(await linkCount()).to.equal(before);
    });

    it('the teacher links an LMS module to their goal; "My coaching" shows it next to that goal', async () => {
      const res = await c.post('teacher', `/app/cycles/${cycleId}/pd-links`, { goalId: String(goalId), url: 'https://lms.example.org/modules/9', title: 'FRACTIONS-MODULE', why: 'WHY-FRACTIONS', return: 'coaching' });
      expect(res.status).to.equal(303);
      const page = await c.get('teacher', '/app/coaching');
      const card = page.html.slice(page.html.indexOf('GOAL-OF-TEACHER'));
      expect(card.slice(0, card.indexOf('</article>'))).to.contain('FRACTIONS-MODULE').and.contain('WHY-FRACTIONS').and.contain('https://lms.example.org/modules/9');
    });

    it('the coach sees catalog suggestions for the cycle’s focus and links one; it is listed once', async () => {
      const page = await c.get('coach', `/app/cycles/${cycleId}`);
      // teacherWithCycle asks for help with math and data: the math workshop is suggested, the literacy PLC is not.
      const suggestions = page.html.slice(page.html.indexOf('Suggested from the catalog'));
      expect(suggestions).to.contain('Number Talks Workshop');
      expect(suggestions.slice(0, suggestions.indexOf('</ul>'))).to.not.contain('Read-aloud PLC');
      expect((await c.post('coach', `/app/cycles/${cycleId}/pd-links`, { goalId: 'cycle', offeringId: String(mathOffering), why: 'WHY-NUMBER-TALKS' })).status).to.equal(303);
      const again = await c.post('coach', `/app/cycles/${cycleId}/pd-links`, { goalId: 'cycle', offeringId: String(mathOffering), why: 'again' });
      expect(again.status).to.equal(400);
      expect(again.html).to.contain('already linked');
      const after = await c.get('coach', `/app/cycles/${cycleId}`);
      expect(after.html).to.contain('WHY-NUMBER-TALKS');
      expect(after.html.includes('Suggested from the catalog')).to.equal(false);
    });

    it('admins see how many cycles link an offering, never whose or why; a linked offering is archived, not deleted', async () => {
      const page = await c.get('admin', '/app/pd-catalog');
      expect(page.html).to.contain('1 cycle link it');
      for (const secret of ['WHY-NUMBER-TALKS', 'WHY-FRACTIONS', 'Tess Teacher', 'FOCUS-OF-teacher']) expect(page.html).to.not.contain(secret);
      expect(await removeOffering(c.sequelize, { actor: c.actor('admin'), offeringId: mathOffering })).to.equal('archived');
      // Still shown on the cycle, marked as no longer in the catalog.
      expect((await c.get('teacher', `/app/cycles/${cycleId}`)).html).to.contain('Number Talks Workshop').and.contain('no longer in the catalog');
      const spare = await createOffering(c.sequelize, { actor: c.actor('admin'), title: 'Spare', kind: 'video', url: 'http://e.org/v', focusAreas: ['sel'], tags: [] });
      expect(await removeOffering(c.sequelize, { actor: c.actor('admin'), offeringId: spare })).to.equal('deleted');
    });

    it('unlinking: the other teacher and other coach get 404; the teacher may unlink what the coach linked', async () => {
      const [link] = await rows<{ id: number }>('SELECT id FROM pd_links WHERE cycle_id = ? AND offering_id IS NOT NULL', [cycleId]);
      expect((await c.post('otherTeacher', `/app/pd-links/${link.id}/remove`)).status).to.equal(404);
      expect((await c.post('otherCoach', `/app/pd-links/${link.id}/remove`)).status).to.equal(404);
      expect((await c.post('admin', `/app/pd-links/${link.id}/remove`)).status).to.equal(403);
      expect((await rows('SELECT id FROM pd_links WHERE id = ?', [link.id])).length).to.equal(1);
      expect((await c.post('teacher', `/app/pd-links/${link.id}/remove`)).status).to.equal(303);
      expect((await rows('SELECT id FROM pd_links WHERE id = ?', [link.id])).length).to.equal(0);
      expect((await c.post('teacher', `/app/pd-links/${link.id}/remove`)).status).to.equal(404);
    });

    it('the other teacher links into their own cycle (and the teacher’s page does not show it)', async () => {
      expect((await c.post('otherTeacher', `/app/cycles/${otherCycleId}/pd-links`, { goalId: String(otherGoalId), url: 'https://e.org/o', title: 'OTHER-LINK', why: 'mine' })).status).to.equal(303);
      expect((await c.get('teacher', '/app/coaching')).html).to.not.contain('OTHER-LINK');
      expect((await c.get('otherTeacher', '/app/coaching')).html).to.contain('OTHER-LINK');
    });
  });
});

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
