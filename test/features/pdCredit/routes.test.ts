/**
 * PD-credit routes up the ladder (401 / 403 / 404 / 400 with the message and nothing changed /
 * success): the admin's rules, the summary page and its CSV for each audience the privacy wall
 * allows (the teacher, their assigned coach, the course's admins in whole months), and what the
 * page and file show: the figures of the hand-computed fixture, never coaching content.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { csvCell, csvText } from '../../../src/features/pdCredit/csv';
import { BrowserClient, decodeHtmlEntities } from '../../../src/simulator/client';
import { coachingCourse, type CoachingCourse, type Member } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { creditFixture, RANGE, RULES_FORM } from './fixture';

const COURSE = 'pd-credit-routes';


const SECRETS = ['SECRET-NOTE', 'SECRET-FOCUS', 'SECRET-REFLECTION', 'SECRET-NEXT', 'SECRET-NEEDS'];

describe('PD credit: routes and pages', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let tess: string;

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, COURSE);
    await creditFixture(c);
    tess = `/app/pd-credit/teachers/${c.ids.teacher}`;
  });
  after(() => h.stop());

  const rows = <T extends object>(sql: string, replacements: unknown[]) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const anonymous = (method: string, path: string) => new BrowserClient().request(method, `${h.toolUrl}${path}`, method === 'POST' ? { form: {} } : undefined);
  const range = `from=${RANGE.from}&to=${RANGE.to}`;
  const text = async (who: Member, path: string) => {
    const res = await c.get(who, path);
    return { status: res.status, html: decodeHtmlEntities(res.html), headers: res.headers };
  };

  it('GET/POST /app/pd-credit/rules — admins only; 400 with the message and nothing saved; then saved and audited', async () => {
    expect((await anonymous('GET', '/app/pd-credit/rules')).status).to.equal(401);
    expect((await anonymous('POST', '/app/pd-credit/rules')).status).to.equal(401);
    for (const who of ['coach', 'teacher', 'mentor', 'guest'] as const) {
      expect((await c.get(who, '/app/pd-credit/rules')).status, who).to.equal(403);
      expect((await c.post(who, '/app/pd-credit/rules', RULES_FORM)).status, who).to.equal(403);
    }
    const page = await text('admin', '/app/pd-credit/rules');
    expect(page.status).to.equal(200);
    expect(page.html).to.contain('value="10"').and.contain('Classroom visit / data collection').and.contain('PD credits');
    const saved = async () => rows('SELECT tenant_id FROM pd_credit_rules WHERE tenant_id = ?', [c.tenantId]);
    const bad: Array<[Record<string, string>, string]> = [
      [{}, 'Write the program name.'],
      [{ hoursPerCredit: '0' }, 'The hours per credit must be at least 0.25.'],
      [{ hoursPerCredit: 'ten' }, 'Give the hours per credit as a number.'],
      [{ weight_observation: '6' }, 'must be at most 5'],
      [{ weight_modeling: '' }, 'Give the weight of “Modeling a lesson” as a number.'],
      [{ perCycle: '-1' }, 'The credits per completed cycle must be at least 0.'],
      [{ perReflection: '0.125' }, 'Give the credits per completed reflection with at most two decimals.'],
      [{ roundingStep: '0.3' }, 'Choose how credits are rounded from the list.'],
      [{ capPerYear: '0' }, 'The cap per school year must be at least 0.25.'],
      [{ yearStartMonth: '13' }, 'Choose the month the school year starts in.'],
      [{ gradebookPassback: 'maybe' }, 'Choose whether credits may be sent to the LMS gradebook.'],
      [{ creditUnit: '<b>CEU</b>' }, 'Use letters, numbers and ordinary punctuation'],
      [{ programName: 'x'.repeat(121) }, 'Keep the program name under 120 characters.'],
    ];
    for (const [change, message] of bad) {
      const form = Object.keys(change).length ? { ...RULES_FORM, ...change } : {};
      const res = await c.post('admin', '/app/pd-credit/rules', form);
      expect(res.status, JSON.stringify(change)).to.equal(400);
      expect(decodeHtmlEntities(res.html), JSON.stringify(change)).to.contain(message);
    }
    // What was typed comes back in the form.
    expect(decodeHtmlEntities((await c.post('admin', '/app/pd-credit/rules', { ...RULES_FORM, programName: 'TYPED-NAME', hoursPerCredit: '0' })).html)).to.contain('value="TYPED-NAME"');
    expect(await saved()).to.deep.equal([]);
    const ok = await c.post('admin', '/app/pd-credit/rules', RULES_FORM);
    expect(ok.status).to.equal(303);
    expect(ok.headers.get('location')).to.match(/^\/app\/pd-credit\/rules\?notice=saved&ltik=/);
    expect(await saved()).to.have.length(1);
    const after = await text('admin', '/app/pd-credit/rules');
    expect(after.html).to.contain('value="Riverbend coaching"').and.contain('value="1.5"').and.match(/<option value="0.25" selected>/);
    const [audit] = await rows<{ detail: string }>("SELECT detail FROM audit_log WHERE tenant_id = ? AND action = 'pd_credit.rules'", [c.tenantId]);
    expect(audit.detail).to.contain('1 credit per 10 h');
  });

  it("GET a teacher's summary — 401; 403 for roles without access; 404 for another teacher, another coach and unknown ids; 200 for the teacher, their coach and admins", async () => {
    for (const path of [tess, `${tess}/csv`, '/app/pd-credit']) {
      expect((await anonymous('GET', path)).status, path).to.equal(401);
      expect((await c.get('mentor', path)).status, path).to.equal(403);
      expect((await c.get('guest', path)).status, path).to.equal(403);
    }
    for (const path of [tess, `${tess}/csv`]) {
      expect((await c.get('otherTeacher', path)).status, path).to.equal(404);
      expect((await c.get('otherCoach', path)).status, path).to.equal(404);
      for (const who of ['teacher', 'coach', 'admin'] as const) expect((await c.get(who, path)).status, `${who} ${path}`).to.equal(200);
    }
    for (const bad of ['abc', '0', '999999999', String(c.ids.coach), String(c.ids.admin)]) {
      expect((await c.get('admin', `/app/pd-credit/teachers/${bad}`)).status, bad).to.equal(404);
    }
    // Theo's own summary is his, not Tess's.
    expect((await c.get('otherTeacher', `/app/pd-credit/teachers/${c.ids.otherTeacher}`)).status).to.equal(200);
    // The account-level admin has no course: 403.
    const account = new BrowserClient();
    const launched = await h.launch({ userSub: 'u-admin' }, account);
    const ltik = /[?&]ltik=([^"&]+)/.exec(decodeHtmlEntities(launched.html))![1];
    expect((await account.request('GET', `${h.toolUrl}${tess}?ltik=${ltik}`)).status).to.equal(403);
    expect((await account.request('GET', `${h.toolUrl}/app/pd-credit/rules?ltik=${ltik}`)).status).to.equal(200);
  });

  it('the summary shows the figures and the arithmetic of the fixture, and no coaching content', async () => {
    const own = await text('teacher', `/app/pd-credit?${range}`);
    expect(own.status).to.equal(200);
    for (const expected of [
      'Riverbend coaching', 'Tess Teacher', '1 July 2026', '30 June 2027', 'data-testid="pd-credits">2.75<',
      '8 weighted hours ÷ 10 hours per credit = 0.8', '1 cycle × 1 = 1', '2 reflections × 0.25 = 0.5', '1 group session × 0.5 = 0.5',
      '2.8 rounded down to a multiple of 0.25 = 2.75', '<th scope="row">Classroom visit / data collection</th><td>1</td><td>1.5</td><td>× 1.5</td><td>2.25</td>',
      '<th scope="row">Group PD</th><td>1</td><td>3</td><td>× 0.5</td><td>1.5</td>', '<strong>2</strong> reflections completed', 'Download as CSV',
    ]) expect(own.html, expected).to.contain(expected);
    for (const who of ['teacher', 'coach', 'admin'] as const) {
      const page = await text(who, `${tess}?${range}`);
      expect(page.html, who).to.contain('data-testid="pd-credits">2.75<');
      for (const secret of SECRETS) expect(page.html, `${who}: ${secret}`).to.not.contain(secret);
    }
    // Theo: 0.65 → 0.5 (his coach sees it too).
    expect((await text('coach', `/app/pd-credit/teachers/${c.ids.otherTeacher}?${range}`)).html).to.contain('data-testid="pd-credits">0.5<');
    // The default range is the school year of today.
    expect((await text('teacher', '/app/pd-credit')).html).to.match(/This school year \(\d{4}–\d{2}\)/);
    // "My coaching" links to it; the navigation names it.
    expect((await text('teacher', '/app/coaching')).html).to.contain('Your PD-credit summary').and.contain('>PD credit</a>');
    expect((await text('admin', '/app/assignments')).html).to.contain('>PD credit rules</a>');
  });

  it('admins see whole months; a day-level range is widened and says so', async () => {
    const admin = await text('admin', `${tess}?from=2026-09-17&to=2026-09-17`);
    expect(admin.html).to.contain('1 September 2026').and.contain('30 September 2026').and.contain('Program admins see whole months');
    // The whole of September holds the observation, co-teaching and debrief: 2.25 + 1.5 + 0.75 = 4.5 weighted h → 0.45 → 0.25.
    expect(admin.html).to.contain('4.5 weighted hours ÷ 10 hours per credit = 0.45').and.contain('data-testid="pd-credits">0.25<');
    const teacher = await text('teacher', `/app/pd-credit?from=2026-09-17&to=2026-09-17`);
    expect(teacher.html).to.contain('<strong>17 September 2026</strong> to <strong>17 September 2026</strong>').and.contain('1.5 weighted hours ÷ 10').and.not.contain('whole months');
  });

  it('a bad range is a 400 with the message and the dates as typed (page and CSV)', async () => {
    const cases: Array<[string, string]> = [
      ['from=26-1-1', 'Give the first day as a date (YYYY-MM-DD).'],
      ['from=2026-13-01', 'The first day is not a real date.'],
      ['from=2026-02-30', 'The first day is not a real date.'],
      ['from=2026-10-01&to=2026-09-01', 'The first day must not be after the last day.'],
      ['from=2026-06-01&to=2026-09-01', 'Choose days within one school year'],
    ];
    for (const [query, message] of cases) {
      const page = await text('teacher', `/app/pd-credit?${query}`);
      expect(page.status, query).to.equal(400);
      expect(page.html, query).to.contain(message);
      expect(page.html, query).to.not.contain('data-testid="pd-credits"');
      const csv = await c.get('coach', `${tess}/csv?${query}`);
      expect(csv.status, query).to.equal(400);
      expect(decodeHtmlEntities(csv.html), query).to.contain(message);
    }
    expect((await text('teacher', '/app/pd-credit?from=2026-10-01&to=2026-09-01')).html).to.contain('value="2026-10-01"');
  });

  it('the CSV: header row, UTF-8 with a byte-order mark, the range in the file name, the arithmetic, formulas defused', async () => {
    const res = await c.get('teacher', `${tess}/csv?${range}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).to.equal('attachment; filename="pd-credit-tess-teacher-2026-07-01-to-2027-06-30.csv"');
    // fetch's text() drops the byte-order mark: read the bytes.
    const url = `${h.toolUrl}${tess}/csv?${range}&ltik=${encodeURIComponent(c.ltiks.teacher)}`;
    const bytes = new Uint8Array(await (await fetch(url, { headers: { cookie: c.browsers.teacher.cookieHeader(url) } })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).to.contain('÷');
    const lines = res.html.split('\r\n');
    expect(lines[0]).to.equal('Item,Value,Unit,How it is worked out');
    expect(lines).to.include('Teacher,Tess Teacher,,');
    expect(lines).to.include('Hours: Classroom visit / data collection,1.5,hours,"1 session, 90 minutes; weight 1.5 = 2.25 weighted hours"');
    expect(lines).to.include('Group sessions attended,1,sessions,');
    expect(lines).to.include('Credits: Hours of coaching,0.8,PD credits,8 weighted hours ÷ 10 hours per credit = 0.8');
    expect(lines).to.include('Total PD credits,2.75,PD credits,');
    expect(lines.at(-1)).to.equal('');
    for (const secret of SECRETS) expect(res.html).to.not.contain(secret);
    // A program name and unit a spreadsheet would run as formulas are written as text.
    expect((await c.post('admin', '/app/pd-credit/rules', { ...RULES_FORM, programName: '=HYPERLINK("http://evil.example","x")', creditUnit: '+CEU, "hours"' })).status).to.equal(303);
    const risky = (await c.get('teacher', `${tess}/csv?${range}`)).html;
    expect(risky).to.contain(`Program,"'=HYPERLINK(""http://evil.example"",""x"")",,`);
    expect(risky).to.contain(`"Total +CEU, ""hours""",2.75,"'+CEU, ""hours""",`);
    expect((await c.post('admin', '/app/pd-credit/rules', RULES_FORM)).status).to.equal(303);
  });

  it('csvCell quotes and defuses every risky start', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'plain', 'a,b', 'say "hi"', 'two\nlines', 'ünïcode – ok'].map(csvCell)).to.deep.equal([
      "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", `"'\rx"`, 'plain', '"a,b"', '"say ""hi"""', '"two\nlines"', 'ünïcode – ok',
    ]);
    expect(csvCell(-2.5)).to.equal('-2.5');
    expect(csvText([['a', 'b'], [1, '=x']])).to.equal("a,b\r\n1,'=x\r\n");
  });

  it('reads by the coach and admins are audited and shown to the teacher; the teacher’s own are not', async () => {
    const count = async () => Number((await rows<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'pd_credit.read' AND owner_person_id = ?", [c.ids.teacher]))[0].n);
    const before = await count();
    await c.get('teacher', `/app/pd-credit?${range}`);
    await c.get('teacher', `${tess}/csv?${range}`);
    expect(await count()).to.equal(before);
    await c.get('coach', `${tess}?${range}`);
    await c.get('admin', `${tess}/csv?${range}`);
    expect(await count()).to.equal(before + 2);
    const privacy = await text('teacher', '/app/privacy');
    expect(privacy.html).to.contain('Looked at your PD-credit summary').and.contain('Downloaded the PD-credit summary for 2026-07-01 to 2027-06-30');
    expect(privacy.html).to.contain('Your PD-credit summary: hours of coaching by kind of session');
  });

  it('GET /app/pd-credit for coaches and admins lists the teachers they may open', async () => {
    const coach = await text('coach', '/app/pd-credit');
    expect(coach.status).to.equal(200);
    expect(coach.html).to.contain('Tess Teacher').and.contain('Theo Otherteacher').and.contain(`/app/pd-credit/teachers/${c.ids.teacher}?ltik=`);
    const other = await text('otherCoach', '/app/pd-credit');
    expect(other.html).to.contain('You have no assigned teachers').and.not.contain('Tess Teacher');
    const admin = await text('admin', '/app/pd-credit');
    expect(admin.html).to.contain('Tess Teacher').and.contain('Theo Otherteacher').and.not.contain('Cora Coach</a>');
  });
});
