/** Roster sync through Names and Role Provisioning: paging, roles, leavers, idempotence, faults, jobs. */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { BrowserClient } from '../../src/simulator/client';
import { syncRoster } from '../../src/features/roster/rosterSyncer';
import { requestRosterSync, rosterJobKey, rosterTarget, ROSTER_SYNC_KIND } from '../../src/features/roster/rosterJob';
import { testDatabase } from '../helpers/database';
import { ALL_SCOPES, type Harness, ltikOf, startHarness } from '../helpers/harness';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
const noProgress = async () => undefined;

/**
 * Runs the queued sync of one space. Other tests' coach launches queue automatic syncs for
 * spaces whose simulators are gone; they are set aside first so this test runs only its own.
 */
async function drainOnly(h: Harness, spaceId: number): Promise<void> {
  const sequelize = await testDatabase();
  await sequelize.query("UPDATE jobs SET status = 'failed', active_key = NULL, error_code = 'SET_ASIDE_BY_TEST' WHERE kind = ? AND job_key <> ? AND status IN ('queued', 'running')", {
    replacements: [ROSTER_SYNC_KIND, rosterJobKey(spaceId)],
  });
  await h.coachloop.jobs.drain();
}

describe('roster sync', function () {
  this.timeout(60_000);

  async function courseWith(h: Harness, learners: number, courseId = 'roster-course') {
    h.sim.addCourse({ id: courseId, title: 'Coaching PD', label: 'PD' });
    h.sim.addUser({ sub: 'coach', name: 'Cora Coach', email: 'cora@example.org' });
    h.sim.enroll(courseId, 'coach', [`${LIS}membership#Instructor`]);
    for (let i = 1; i <= learners; i++) {
      h.sim.addUser({ sub: `t${i}`, name: `Teacher ${String(i).padStart(3, '0')}`, given_name: 'Teacher', family_name: String(i).padStart(3, '0'), email: `t${i}@example.org` });
      h.sim.enroll(courseId, `t${i}`, [`${LIS}membership#Learner`]);
    }
    const browser = new BrowserClient();
    const page = await h.launch({ userSub: 'coach', courseId }, browser);
    expect(page.status).to.equal(200);
    const sequelize = await testDatabase();
    const [space] = await sequelize.query<{ id: number }>(
      'SELECT s.id FROM spaces s JOIN tenants t ON t.id = s.tenant_id WHERE t.client_id = ? AND s.context_id = ?',
      { replacements: [h.clientId, courseId], type: QueryTypes.SELECT },
    );
    const target = await rosterTarget(sequelize, Number(space.id));
    expect(target, 'the launch stored the NRPS URL').to.not.equal(null);
    return { sequelize, spaceId: Number(space.id), target: target!, browser, ltik: ltikOf(page) };
  }

  async function members(spaceId: number) {
    const sequelize = await testDatabase();
    return sequelize.query<{ sub: string; role: string; status: string; lti_roles: string; updated_at: unknown; name: string }>(
      'SELECT p.sub, p.name, m.role, m.status, m.lti_roles, m.updated_at FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.space_id = ? ORDER BY p.sub',
      { replacements: [spaceId], type: QueryTypes.SELECT },
    );
  }

  describe('engine', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ sim: { nrpsPageSize: 4, shortRoleNames: true } });
    });
    after(() => h.stop());

    it('reads every page, normalises short role names, maps roles, and a second sync writes nothing', async () => {
      const { sequelize, spaceId, target } = await courseWith(h, 21);
      const progress: number[] = [];
      const first = await syncRoster({ sequelize, lti: h.coachloop.lti }, target, async (p) => { progress.push(p.pagesDone); });
      expect(first.pages).to.equal(6);
      expect(first.members).to.equal(22);
      expect(first.added).to.equal(21); // the coach's membership came from the launch
      expect(progress.at(-1)).to.equal(6);
      const rows = await members(spaceId);
      expect(rows).to.have.length(22);
      const t1 = rows.find((r) => r.sub === 't1')!;
      expect(t1.role).to.equal('teacher');
      expect(JSON.parse(t1.lti_roles)).to.deep.equal([`${LIS}membership#Learner`]);
      expect(rows.find((r) => r.sub === 'coach')!.role).to.equal('coach');

      const second = await syncRoster({ sequelize, lti: h.coachloop.lti }, target, noProgress);
      expect(second).to.include({ added: 0, updated: 0, reactivated: 0, deactivated: 0, unchanged: 22, members: 22 });
      expect(await members(spaceId)).to.deep.equal(rows);
    });

    it('marks leavers inactive (keeping them) and reactivates them when they return; updates changed names', async () => {
      const { sequelize, spaceId, target } = await courseWith(h, 5, 'leavers');
      await syncRoster({ sequelize, lti: h.coachloop.lti }, target, noProgress);
      h.sim.unenroll('leavers', 't2');
      h.sim.addUser({ sub: 't3', name: 'Teacher Renamed', email: 't3@example.org' });
      const after = await syncRoster({ sequelize, lti: h.coachloop.lti }, target, noProgress);
      expect(after).to.include({ deactivated: 1, updated: 1, added: 0 });
      let rows = await members(spaceId);
      expect(rows.find((r) => r.sub === 't2')!.status).to.equal('inactive');
      expect(rows.find((r) => r.sub === 't3')!.name).to.equal('Teacher Renamed');
      h.sim.enroll('leavers', 't2', [`${LIS}membership#Learner`]);
      const back = await syncRoster({ sequelize, lti: h.coachloop.lti }, target, noProgress);
      expect(back).to.include({ reactivated: 1, deactivated: 0 });
      rows = await members(spaceId);
      expect(rows.find((r) => r.sub === 't2')!.status).to.equal('active');
    });

    it('waits and retries after 429 (honouring Retry-After) and after a 500, then completes', async () => {
      const { sequelize, target } = await courseWith(h, 6, 'faults');
      const waits: number[] = [];
      const sleep = async (ms: number) => { waits.push(ms); };
      h.sim.faults.clear();
      h.sim.faults.add({ route: 'nrps', status: 429, retryAfterSec: 7 });
      h.sim.faults.add({ route: 'nrps', status: 500 });
      const result = await syncRoster({ sequelize, lti: h.coachloop.lti, sleep }, target, noProgress);
      expect(result.members).to.equal(7);
      expect(waits[0]).to.equal(7000);
      expect(waits).to.have.length(2);
      expect(h.sim.faults.seen('nrps')).to.equal(2 + result.pages);
    });

    it('stops without deactivating anyone when a page keeps failing', async () => {
      const { sequelize, spaceId, target } = await courseWith(h, 6, 'stuck');
      await syncRoster({ sequelize, lti: h.coachloop.lti }, target, noProgress);
      h.sim.faults.clear();
      h.sim.faults.add({ route: 'nrps', status: 503, times: 10 });
      const before = await members(spaceId);
      const err = await syncRoster({ sequelize, lti: h.coachloop.lti, sleep: async () => undefined }, target, noProgress).catch((e: unknown) => e);
      expect(err).to.have.property('transient', true);
      expect(await members(spaceId)).to.deep.equal(before);
      h.sim.faults.clear();
    });
  });

  describe('as a job, with the roster page', () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ sim: { nrpsPageSize: 5 } });
    });
    after(() => h.stop());

    it('two sync requests for one space queue one job, which runs once', async () => {
      const { spaceId } = await courseWith(h, 8, 'jobs');
      const jobs = h.coachloop.jobs;
      // The coach's launch already queued an automatic sync: a manual request joins it.
      const [a, b] = await Promise.all([requestRosterSync(jobs, spaceId, 'person'), requestRosterSync(jobs, spaceId, 'person')]);
      expect(a.job.id).to.equal(b.job.id);
      h.sim.faults.clear();
      await drainOnly(h, spaceId);
      const done = await jobs.latest(ROSTER_SYNC_KIND, rosterJobKey(spaceId));
      expect(done?.status).to.equal('done');
      expect(done?.result).to.include({ members: 9, pages: 2 });
      expect(h.sim.faults.seen('nrps')).to.equal(2);
    });

    it('shows the roster, filters and searches it, and reports the last sync in plain words', async () => {
      const { spaceId, browser, ltik } = await courseWith(h, 12, 'page');
      await requestRosterSync(h.coachloop.jobs, spaceId, 'person');
      await drainOnly(h, spaceId);
      const url = (q: string) => `${h.toolUrl}/app/roster?ltik=${encodeURIComponent(ltik)}${q}`;
      const page = await browser.request('GET', url(''));
      expect(page.status).to.equal(200);
      expect(page.html).to.contain('13 members in the LMS course').and.contain('Teacher 012').and.contain('Sync roster');
      const search = await browser.request('GET', url('&q=teacher%20007'));
      expect(search.html).to.contain('Teacher 007').and.not.contain('Teacher 008');
      const coaches = await browser.request('GET', url('&role=coach'));
      expect(coaches.html).to.contain('Cora Coach').and.not.contain('Teacher 001');
      const bad = await browser.request('GET', url('&role=wizard'));
      expect(bad.status).to.equal(400);
      expect(bad.html).to.contain('Choose a role from the list.');
      const status = await browser.request('GET', `${h.toolUrl}/app/roster/sync/status?ltik=${encodeURIComponent(ltik)}`);
      expect(JSON.parse(status.html)).to.include({ state: 'done' });
    });

    it('ends a sync the LMS does not allow (no names-and-roles scope) with a plain explanation, keeping members', async () => {
      const tool = h.sim.tools().find((t) => t.clientId === h.clientId)!;
      const { spaceId, browser, ltik } = await courseWith(h, 3, 'no-scope');
      h.sim.registerTool({ ...tool, scopes: ALL_SCOPES.filter((s) => !s.includes('nrps')) });
      await h.coachloop.lti.forgetServiceToken(h.sim.issuer, h.clientId, ['https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly']);
      await requestRosterSync(h.coachloop.jobs, spaceId, 'person');
      await drainOnly(h, spaceId);
      const job = await h.coachloop.jobs.latest(ROSTER_SYNC_KIND, rosterJobKey(spaceId));
      expect(job?.status).to.equal('failed');
      expect(job?.errorCode).to.equal('FORBIDDEN');
      const page = await browser.request('GET', `${h.toolUrl}/app/roster?ltik=${encodeURIComponent(ltik)}`);
      expect(page.html).to.contain('does not let CoachLoop read this course').and.contain('Cora Coach');
      h.sim.registerTool(tool);
    });

    it('lets an admin override one person\'s role; refuses teachers, bad input and people of other courses', async () => {
      const { spaceId } = await courseWith(h, 2, 'override');
      await requestRosterSync(h.coachloop.jobs, spaceId, 'person');
      await drainOnly(h, spaceId);
      h.sim.addUser({ sub: 'principal', name: 'Pat Principal', institutionRoles: [`${LIS}institution/person#Administrator`] });
      h.sim.enroll('override', 'principal', [`${LIS}membership#Administrator`]);
      const adminBrowser = new BrowserClient();
      const admin = await h.launch({ userSub: 'principal', courseId: 'override' }, adminBrowser);
      const ltik = ltikOf(admin);
      const sequelize = await testDatabase();
      const [t1] = await sequelize.query<{ person_id: number }>('SELECT m.person_id FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.space_id = ? AND p.sub = ?', { replacements: [spaceId, 't1'], type: QueryTypes.SELECT });
      const post = (b: BrowserClient, personId: number | string, role: string, l = ltik) => b.request('POST', `${h.toolUrl}/app/roster/people/${personId}/role`, { form: { ltik: l, role } });
      const ok = await post(adminBrowser, t1.person_id, 'coach');
      expect(ok.status).to.equal(303);
      expect((await members(spaceId)).find((r) => r.sub === 't1')!.role).to.equal('coach');
      // The override survives a sync.
      await requestRosterSync(h.coachloop.jobs, spaceId, 'person');
      await drainOnly(h, spaceId);
      expect((await members(spaceId)).find((r) => r.sub === 't1')!.role).to.equal('coach');
      expect((await post(adminBrowser, t1.person_id, 'emperor')).status).to.equal(400);
      expect((await post(adminBrowser, 999999, 'coach')).status).to.equal(404);
      expect((await post(adminBrowser, 'abc', 'coach')).status).to.equal(404);
      const teacherBrowser = new BrowserClient();
      const teacher = await h.launch({ userSub: 't2', courseId: 'override' }, teacherBrowser);
      expect((await post(teacherBrowser, t1.person_id, 'admin', ltikOf(teacher))).status).to.equal(403);
      expect((await teacherBrowser.request('GET', `${h.toolUrl}/app/roster?ltik=${encodeURIComponent(ltikOf(teacher))}`)).status).to.equal(403);
      const reset = await post(adminBrowser, t1.person_id, 'default');
      expect(reset.status).to.equal(303);
      expect((await members(spaceId)).find((r) => r.sub === 't1')!.role).to.equal('teacher');
      // Each accepted override is audited (who can see coaching records depends on roles); refusals are not.
      const audit = await sequelize.query<{ action: string; detail: string; actor_role: string }>(
        "SELECT action, detail, actor_role FROM audit_log WHERE action = 'role.override' AND owner_person_id = ? ORDER BY id", { replacements: [t1.person_id], type: QueryTypes.SELECT });
      expect(audit).to.deep.equal([
        { action: 'role.override', detail: 'role set to coach', actor_role: 'admin' },
        { action: 'role.override', detail: 'role set to default', actor_role: 'admin' },
      ]);
    });

    it('without the names-and-roles service the launch works and the roster page says why sync is unavailable', async () => {
      const noNrps = await startHarness();
      try {
        const tool = noNrps.sim.tools().find((t) => t.clientId === noNrps.clientId)!;
        noNrps.sim.registerTool({ ...tool, scopes: ALL_SCOPES.filter((s) => !s.includes('nrps')) });
        noNrps.sim.addCourse({ id: 'plain', title: 'Plain course', label: 'P' });
        noNrps.sim.addUser({ sub: 'coach', name: 'Cora Coach' });
        noNrps.sim.enroll('plain', 'coach', [`${LIS}membership#Instructor`]);
        const browser = new BrowserClient();
        const launch = await noNrps.launch({ userSub: 'coach', courseId: 'plain' }, browser);
        expect(launch.status).to.equal(200);
        const ltik = ltikOf(launch);
        const page = await browser.request('GET', `${noNrps.toolUrl}/app/roster?ltik=${encodeURIComponent(ltik)}`);
        expect(page.status).to.equal(200);
        expect(page.html).to.contain('did not share its roster service').and.contain('Cora Coach').and.not.contain('>Sync roster<');
        const sync = await browser.request('POST', `${noNrps.toolUrl}/app/roster/sync`, { form: { ltik } });
        expect(sync.status).to.equal(400);
        expect(sync.html).to.contain('no roster service from the LMS');
      } finally {
        await noNrps.stop();
      }
    });

    it('a coach launch queues an automatic sync in the background when the roster is stale', async () => {
      const { spaceId } = await courseWith(h, 1, 'auto');
      const queued = await h.coachloop.jobs.latest(ROSTER_SYNC_KIND, rosterJobKey(spaceId));
      expect(queued?.status).to.be.oneOf(['queued', 'running', 'done']);
      expect(queued?.payload).to.include({ requestedBy: 'launch' });
    });
  });
});
