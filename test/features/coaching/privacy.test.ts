/** "Who can see what": generated from PRIVACY_ITEMS, open to everyone in a course, with a teacher's recent-access list. */
import path from 'node:path';
import { expect } from 'chai';
import { create } from 'express-handlebars';
import { recordAudit } from '../../../src/features/coaching/audit';
import { logSession } from '../../../src/features/coaching/commands/sessionLogger';
import { PRIVACY_ITEMS, type PrivacyItem } from '../../../src/features/coaching/policies/privacyWall';
import { accessSentence, presentPrivacy } from '../../../src/features/coaching/privacyPresenter';
import { BrowserClient, decodeHtmlEntities } from '../../../src/simulator/client';
import { coachingCourse, teacherWithCycle, type CoachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';

const ROOT = path.resolve(__dirname, '../../..');

/** The privacy template rendered with a view model, as the app renders it (without the layout). */
async function renderPrivacy(model: Record<string, unknown>): Promise<string> {
  const hbs = create({ extname: '.hbs', partialsDir: path.join(ROOT, 'views', 'partials'), helpers: { eq: (a: unknown, b: unknown) => a === b, link: (p: string) => p } });
  return decodeHtmlEntities(await hbs.render(path.join(ROOT, 'views', 'coaching', 'privacy.hbs'), model));
}

/** The text of one item's section of the page. */
function section(html: string, key: string): string {
  const start = html.indexOf(`id="item-${key}"`);
  expect(start, `section ${key}`).to.be.greaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('Who can see what', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  beforeEach(async () => {
    h = await startHarness();
    c = await coachingCourse(h);
  });
  afterEach(() => h.stop());

  it('needs a launch (401) and a course (403 with what to do for an account-level launch)', async () => {
    expect((await new BrowserClient().request('GET', `${h.toolUrl}/app/privacy`)).status).to.equal(401);
    const browser = new BrowserClient();
    const launched = await h.launch({ userSub: 'u-admin' }, browser);
    expect(launched.status).to.equal(200);
    const ltik = /[?&]ltik=([^"&]+)/.exec(decodeHtmlEntities(launched.html))![1];
    const res = await browser.request('GET', `${h.toolUrl}/app/privacy?ltik=${ltik}`);
    expect(res.status).to.equal(403);
    expect(decodeHtmlEntities(res.html)).to.contain('Open CoachLoop from the course');
  });

  it('is open to everyone in the course and lists every item of the privacy wall; admins never see session notes', async () => {
    for (const who of ['teacher', 'coach', 'admin', 'mentor', 'guest'] as const) {
      const res = await c.get(who, '/app/privacy');
      expect(res.status, who).to.equal(200);
      const html = decodeHtmlEntities(res.html);
      for (const item of PRIVACY_ITEMS) expect(html, `${who}: ${item.key}`).to.contain(item.label);
      const notes = section(html, 'sessionNotes');
      expect(notes).to.contain('Your principal / program admins never see it.').and.contain('Mentors of coaches never see it.').and.contain('Your coach sees it.');
      expect(section(html, 'goals')).to.contain('Your principal / program admins see only totals over groups of at least 5 teachers, never yours on its own: only how many goals are met');
      expect(section(html, 'participation')).to.contain('Other coaches see it — only while you have no coach');
      expect(html.includes('Recent access to your coaching record'), `${who}: the access list is the teacher's own`).to.equal(who === 'teacher');
      if (who !== 'teacher') expect(html).to.contain('“you” means the teacher');
    }
  });

  it('is derived from PRIVACY_ITEMS: a changed table changes the page', async () => {
    const changed: PrivacyItem[] = PRIVACY_ITEMS.map((i) => (i.key === 'sessionNotes' ? { ...i, access: { ...i.access, admin: 'full' as const } } : i));
    changed.push({ key: 'totals', label: 'A NEW KIND OF INFORMATION', content: true, access: { teacher: 'full', mentor: 'aggregate' }, conditions: { mentor: 'CONDITION-WORDS' } });
    const actor = c.actor('teacher');
    const original = await renderPrivacy(presentPrivacy(actor));
    const page = await renderPrivacy(presentPrivacy(actor, { items: changed, minGroupSize: 7 }));
    expect(section(original, 'sessionNotes')).to.contain('Your principal / program admins never see it.');
    expect(section(page, 'sessionNotes')).to.contain('Your principal / program admins see it.').and.not.contain('admins never see it');
    expect(original).to.not.contain('A NEW KIND OF INFORMATION');
    expect(page).to.contain('A NEW KIND OF INFORMATION').and.contain('Mentors of coaches see only totals over groups of at least 7 teachers, never yours on its own: CONDITION-WORDS.');
    expect(accessSentence('Your coach', true, undefined, undefined)).to.equal('Your coach never sees it.');
    expect(accessSentence('Other teachers', false, 'full', 'when you share it')).to.equal('Other teachers see it — when you share it.');
  });

  it("lists recent access to the teacher's record — who, role, what, when — and never the content", async () => {
    const cycleId = await teacherWithCycle(c);
    await logSession(c.sequelize, { actor: c.actor('coach'), cycleId, kind: 'debrief', heldOn: '2026-10-02', minutes: 30, format: 'in_person', notes: 'SECRET-NOTES', nextSteps: 'SECRET-NEXT' });
    // A read of the cycle page by the coach, audited as the cycle reader does it.
    await c.sequelize.transaction((transaction) => recordAudit(c.sequelize, transaction, {
      actor: c.actor('coach'), action: 'read', subjectType: 'cycle', subjectId: cycleId, ownerPersonId: c.ids.teacher, detail: 'cycle page: focus, goals, check-ins, session notes, stated needs',
    }));
    const res = await c.get('teacher', '/app/privacy');
    expect(res.status).to.equal(200);
    const html = decodeHtmlEntities(res.html);
    const log = html.slice(html.indexOf('Recent access to your coaching record'));
    const rows = log.slice(0, log.indexOf('</tbody>')).split('<tr>').slice(2);
    expect(rows).to.have.length(3);
    expect(rows[0]).to.contain('Cora Coach').and.contain('(Coach)').and.contain('Opened your coaching record').and.contain('cycle page: focus, goals').and.match(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(rows[1]).to.contain('Paula Principal').and.contain('(Program admin)').and.contain('Assigned you a coach');
    expect(rows[2]).to.contain('You').and.contain('Opted in to coaching');
    for (const secret of ['SECRET-NOTES', 'SECRET-NEXT', 'FOCUS-OF-teacher', 'NEEDS-NOTE-OF-teacher']) expect(html, secret).to.not.contain(secret);

    // Another teacher sees none of it.
    const other = decodeHtmlEntities((await c.get('otherTeacher', '/app/privacy')).html);
    expect(other).to.contain('Nobody has opened or changed your coaching record yet.').and.not.contain('Cora Coach');
  });

  it('shows the newest 50 entries only', async () => {
    await teacherWithCycle(c);
    await c.sequelize.transaction(async (transaction) => {
      for (let i = 0; i < 55; i++) {
        await recordAudit(c.sequelize, transaction, { actor: c.actor('coach'), action: 'read', subjectType: 'cycle', ownerPersonId: c.ids.teacher, detail: `READ-${i}` }, new Date(Date.UTC(2030, 0, 1, 0, i)));
      }
    });
    const html = decodeHtmlEntities((await c.get('teacher', '/app/privacy')).html);
    const body = html.slice(html.indexOf('Recent access'), html.indexOf('</tbody>'));
    expect(body.split('<tr>').length - 2).to.equal(50);
    expect(body).to.contain('READ-54').and.contain('READ-5<').and.not.contain('READ-4<');
  });
});
