/**
 * PD credit to the LMS gradebook through the grade outbox, against the simulator's gradebook:
 * only when the admin turned it on; sent by the teacher or an admin; one column per course and
 * school year, created once; each send's score arrives once, later sends with later timestamps;
 * the status (waiting, sent, failed) shown on the summary, and Retry after a failure.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { logSession } from '../../../src/features/coaching/commands/sessionLogger';
import { registerGradeDelivery } from '../../../src/features/grades/gradeWorker';
import { JobQueue } from '../../../src/jobs/jobQueue';
import { BrowserClient, decodeHtmlEntities } from '../../../src/simulator/client';
import { coachingCourse, type CoachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { creditFixture, RANGE, RULES_FORM } from './fixture';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
const COURSE = 'pd-credit-passback';

describe('PD credit: sending credits to the LMS gradebook', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let cycles: { cycleB: number };
  let send: string;
  let retry: string;
  const queues: JobQueue[] = [];

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, COURSE);
    cycles = await creditFixture(c);
    send = `/app/pd-credit/teachers/${c.ids.teacher}/send`;
    retry = `/app/pd-credit/teachers/${c.ids.teacher}/retry`;
  });
  after(async () => {
    await Promise.all(queues.map((q) => q.stop()));
    await h.stop();
  });

  const rows = <T extends object>(sql: string, replacements: unknown[]) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const sends = async () => Number((await rows<{ n: number }>('SELECT COUNT(*) AS n FROM pd_credit_sends WHERE teacher_person_id = ?', [c.ids.teacher]))[0].n);
  const page = async (who: 'teacher' | 'admin' | 'coach' = 'teacher') => decodeHtmlEntities((await c.get(who, `/app/pd-credit/teachers/${c.ids.teacher}?from=${RANGE.from}&to=${RANGE.to}`)).html);
  const column = () => h.sim.lineItems(COURSE).filter((i) => i.resourceId === 'pd-credit:2026-07-01');
  const tessScores = () => h.sim.scores(column()[0].id).filter((s) => s.userId === 'u-teacher');

  /** Delivers due grades of this course to the simulated LMS (other tests' grades are set aside). */
  async function deliver(): Promise<void> {
    await c.sequelize.query("UPDATE grade_outbox SET status = 'failed', last_error_code = 'SET_ASIDE_BY_TEST' WHERE space_id <> ? AND status IN ('pending', 'sending')", { replacements: [c.spaceId] });
    const queue = new JobQueue(c.sequelize, { workerId: `pd-credit-${queues.length}`, onError: () => undefined });
    registerGradeDelivery(queue, { sequelize: c.sequelize, lti: h.coachloop.lti }, { requestTimeoutMs: 3000, onError: () => undefined });
    queues.push(queue);
    await queue.drain();
  }

  it('is refused (409) while the program keeps PD credit out of the gradebook, and the page offers no button', async () => {
    expect((await c.post('admin', '/app/pd-credit/rules', RULES_FORM)).status).to.equal(303);
    const refused = await c.post('teacher', send, RANGE);
    expect(refused.status).to.equal(409);
    expect(decodeHtmlEntities(refused.html)).to.contain('has not turned on sending PD credit');
    expect(await page()).to.not.contain('LMS gradebook');
    expect(await sends()).to.equal(0);
  });

  it('POST …/send — 401; 403 for coaches and roles without access; 404 for another teacher; 400 with the message and nothing queued', async () => {
    expect((await c.post('admin', '/app/pd-credit/rules', { ...RULES_FORM, gradebookPassback: 'yes' })).status).to.equal(303);
    expect((await new BrowserClient().request('POST', `${h.toolUrl}${send}`, { form: RANGE })).status).to.equal(401);
    for (const who of ['coach', 'otherCoach', 'mentor', 'guest'] as const) expect((await c.post(who, send, RANGE)).status, who).to.equal(403);
    expect((await c.post('otherTeacher', send, RANGE)).status).to.equal(404);
    for (const [form, message] of [
      [{}, 'Give the first day as a date.'],
      [{ from: '2026-07-01', to: 'soon' }, 'Give the last day as a date (YYYY-MM-DD).'],
      [{ from: '2026-06-01', to: '2026-07-31' }, 'Choose days within one school year'],
    ] as Array<[Record<string, string>, string]>) {
      const res = await c.post('teacher', send, form);
      expect(res.status, JSON.stringify(form)).to.equal(400);
      expect(decodeHtmlEntities(res.html)).to.contain(message);
    }
    expect(await sends()).to.equal(0);
    expect(Number((await rows<{ n: number }>("SELECT COUNT(*) AS n FROM grade_outbox WHERE source_type = 'pd-credit'", []))[0].n)).to.equal(0);
  });

  it("the teacher sends 2.75 credits: the column is created once and the score arrives once", async () => {
    expect(await page()).to.contain('Send 2.75 PD credits to the gradebook').and.contain('“PD credits 2026–27”, out of 10');
    const res = await c.post('teacher', send, RANGE);
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.match(/^\/app\/pd-credit\?from=2026-07-01&to=2027-06-30&notice=sent&ltik=/);
    const outbox = await rows<{ status: string; score_given: number; score_maximum: number; resource_key: string }>("SELECT status, score_given, score_maximum, resource_key FROM grade_outbox WHERE source_type = 'pd-credit'", []);
    expect(outbox.map((o) => [o.status, Number(o.score_given), Number(o.score_maximum), o.resource_key])).to.deep.equal([['pending', 2.75, 10, 'pd-credit:2026-07-01']]);
    expect(await page()).to.contain('Last sent: 2.75 of 10 for 1 July 2026 to 30 June 2027').and.contain('Waiting to be sent to the LMS');

    await deliver();
    expect(column()).to.have.length(1);
    expect(column()[0]).to.deep.include({ label: 'PD credits 2026–27', scoreMaximum: 10, tag: 'coachloop-pd-credit' });
    expect(tessScores().map((s) => [s.scoreGiven, s.scoreMaximum, s.activityProgress, s.gradingProgress])).to.deep.equal([[2.75, 10, 'Completed', 'FullyGraded']]);
    await deliver();
    expect(tessScores(), 'still once after another round').to.have.length(1);
    expect(await page()).to.contain('Sent to the LMS');
    // The teacher's own page says so too; the audit log has the send.
    expect(decodeHtmlEntities((await c.get('teacher', '/app/pd-credit')).html)).to.contain('Sent to the LMS');
    expect(await rows("SELECT id FROM audit_log WHERE action = 'pd_credit.send' AND owner_person_id = ?", [c.ids.teacher])).to.have.length(1);
    expect((await c.post('teacher', retry)).status, 'nothing failed: nothing to retry').to.equal(409);
  });

  it('an admin sends again after more coaching: the same column, a later timestamp, latest wins', async () => {
    // Two more hours of modeling: 10 weighted hours → 1 + 1 + 0.5 + 0.5 = 3.
    await logSession(c.sequelize, { actor: c.actor('coach'), cycleId: cycles.cycleB, kind: 'modeling', heldOn: '2026-12-01', minutes: 120, format: 'virtual' });
    expect(await page('admin')).to.contain('data-testid="pd-credits">3<').and.contain('Send 3 PD credits to the gradebook');
    expect(await page('coach')).to.not.contain('to the gradebook</button>');
    expect((await c.post('admin', send, RANGE)).status).to.equal(303);
    await deliver();
    expect(column()).to.have.length(1);
    const scores = tessScores();
    expect(scores.map((s) => s.scoreGiven)).to.deep.equal([2.75, 3]);
    expect(Date.parse(scores[1].timestamp)).to.be.greaterThan(Date.parse(scores[0].timestamp));
  });

  it('a refused score shows why; Retry (teacher or admin, not the coach) sends it once it can arrive', async () => {
    h.sim.enroll(COURSE, 'u-teacher', [`${LIS}membership#Instructor`]);
    expect((await c.post('teacher', send, RANGE)).status).to.equal(303);
    await deliver();
    const failed = await page();
    expect(failed).to.match(/Failed: [^<]*student/i).and.contain('Retry sending');
    expect(tessScores()).to.have.length(2);

    expect((await new BrowserClient().request('POST', `${h.toolUrl}${retry}`, { form: {} })).status).to.equal(401);
    expect((await c.post('coach', retry)).status).to.equal(403);
    expect((await c.post('otherTeacher', retry)).status).to.equal(404);
    h.sim.enroll(COURSE, 'u-teacher', [`${LIS}membership#Learner`]);
    const retried = await c.post('teacher', retry);
    expect(retried.status).to.equal(303);
    expect(retried.headers.get('location')).to.contain('notice=retried');
    await deliver();
    expect(await page()).to.contain('Sent to the LMS');
    const scores = tessScores();
    expect(scores.map((s) => s.scoreGiven)).to.deep.equal([2.75, 3, 3]);
    expect(Date.parse(scores[2].timestamp)).to.be.greaterThan(Date.parse(scores[1].timestamp));
    expect(column()).to.have.length(1);
  });
});
