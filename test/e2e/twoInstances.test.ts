/**
 * Two CoachLoop processes on one MariaDB behind a load balancer without sticky sessions (issue 9):
 * launches work whichever instance serves each step, and the background work both instances' job
 * runners share (roster syncs, grades sent to the LMS) never runs twice.
 *
 * Real server processes (src/server.ts through tsx, demo off, job runners polling every 100 ms),
 * a round-robin proxy in this process as their public URL, the platform registered with the
 * operator CLI, and the LMS simulator in this process counting what reaches it. MariaDB/MySQL
 * only: on SQLite the test is skipped with the reason printed.
 *
 * Run it: DATABASE_URL=mysql://coachloop:coachloop@127.0.0.1:3306/<db> npx mocha --no-config -r tsx/cjs -r test/setup.ts test/e2e/twoInstances.test.ts
 * It prints timings (not asserted) and counts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createMigrator } from '../../src/db/migrate';
import { LTI_PATHS } from '../../src/lti/provider';
import { LmsSimulator } from '../../src/simulator';
import { BrowserClient, type BrowserResponse } from '../../src/simulator/client';
import { dropAllTables, scratchDatabase } from '../helpers/database';
import { ALL_SCOPES, ltikOf, TEST_ENCRYPTION_KEY } from '../helpers/harness';
import { runCliProcess, startRoundRobinProxy, startServerProcess, type RoundRobinProxy, type ServerProcess } from '../helpers/instances';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
const INSTRUCTOR = `${LIS}membership#Instructor`;
const LEARNER = `${LIS}membership#Learner`;
/** Lines the servers print only when something went wrong (a 500, a lost job, a failed poll). */
const ERROR_LINES = /Unexpected error|Could not queue a roster sync|Job runner: polling failed|Grade delivery: unexpected error/;
const NRPS_PAGE_SIZE = 10;

type Db = Awaited<ReturnType<typeof scratchDatabase>>;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Runs `task` for every item, `lanes` at a time. */
async function inLanes<T, R>(items: T[], lanes: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  }));
  return results;
}

describe('two CoachLoop instances on one database (e2e)', function () {
  this.timeout(240_000);
  let db: Db;
  let dataDir: string;
  let proxy: RoundRobinProxy;
  let sim: LmsSimulator;
  let instances: ServerProcess[] = [];
  const clientId = `client-${crypto.randomBytes(6).toString('hex')}`;
  const deploymentId = `dep-${crypto.randomBytes(4).toString('hex')}`;

  before(async function () {
    const url = process.env.DATABASE_URL ?? '';
    if (!/^(mysql|mariadb):/.test(url)) {
      console.log('      skipped: two CoachLoop processes need a shared MariaDB/MySQL database; set DATABASE_URL=mysql://… to run this test (SQLite is one file for one process).');
      this.skip();
    }
    db = await scratchDatabase('two_instances');
    await dropAllTables(db.sequelize);
    await createMigrator(db.sequelize).up();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coachloop-two-instances-'));
    proxy = await startRoundRobinProxy();
    sim = new LmsSimulator({ host: '127.0.0.1', nrpsPageSize: NRPS_PAGE_SIZE });
    await sim.start();
    sim.registerTool({
      clientId, deploymentIds: [deploymentId], oidcLoginUrl: `${proxy.url}${LTI_PATHS.login}`, redirectUris: [`${proxy.url}${LTI_PATHS.launch}`],
      targetLinkUri: `${proxy.url}${LTI_PATHS.launch}`, jwksUrl: `${proxy.url}${LTI_PATHS.keys}`, scopes: ALL_SCOPES, name: 'CoachLoop',
    });
    const env = {
      NODE_ENV: 'test', DEMO: 'off', DATABASE_URL: db.url, ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, PUBLIC_URL: proxy.url,
      DATA_DIR: dataDir, LOG_LEVEL: 'error', JOB_POLL_INTERVAL_MS: '100', ROSTER_SYNC_INTERVAL_MINUTES: '60',
    };
    // The operator registers the LMS once, as with any installation; both instances read it from the database.
    const cli = await runCliProcess([
      'platform', 'add', '--issuer', sim.issuer, '--client-id', clientId, '--auth-url', sim.authorizationEndpoint,
      '--token-url', sim.tokenEndpoint, '--jwks-url', sim.jwksUrl, '--name', 'Two-instance LMS', '--deployment-id', deploymentId,
    ], env);
    expect(cli.code, cli.output).to.equal(0);
    const started = Date.now();
    instances = await Promise.all([startServerProcess('instance A', env), startServerProcess('instance B', env)]);
    console.log(`      two instances started (pids ${instances.map((i) => i.pid).join(', ')}) in ${seconds(Date.now() - started)}`);
    proxy.setBackends(instances.map((i) => i.port));
  });

  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    for (const i of instances) console.log(`----- ${i.name} (pid ${i.pid}) printed:\n${i.output().slice(-4000)}`);
  });

  after(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await proxy?.stop();
    await sim?.stop();
    await db?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A full launch (OIDC login, the platform's form post) in a browser of its own. */
  async function launch(userSub: string, courseId: string, extra: { resourceLinkId?: string; custom?: Record<string, string> } = {}): Promise<{ browser: BrowserClient; page: BrowserResponse; ltik: string }> {
    const browser = new BrowserClient();
    const page = await browser.launch(sim.prepareLaunch({ clientId, deploymentId, userSub, courseId, ...extra }));
    expect(page.status, `launch of ${userSub}: ${page.html.slice(0, 400)}`).to.equal(200);
    return { browser, page, ltik: ltikOf(page) };
  }

  function at(p: string, ltik: string): string {
    return `${proxy.url}${p}${p.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(ltik)}`;
  }

  async function spaceIdOf(courseId: string): Promise<number> {
    const [row] = await db.sequelize.query<{ id: number }>('SELECT id FROM spaces WHERE context_id = ?', { replacements: [courseId], type: QueryTypes.SELECT });
    expect(row, `space of ${courseId}`).to.not.equal(undefined);
    return Number(row.id);
  }

  /** Polls the database until `done` holds (background work is what this test waits for), or fails after `timeoutMs`. */
  async function until(what: string, done: () => Promise<boolean>, timeoutMs = 60_000, everyMs = 50): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }

  /** The instance a job runner's worker id (host:pid:random) belongs to. */
  function instanceOf(workerId: string): string {
    return instances.find((i) => workerId.split(':').includes(String(i.pid)))?.name ?? workerId;
  }

  function expectNoErrorsLogged(): void {
    for (const i of instances) expect(i.output(), `${i.name} logged an error`).to.not.match(ERROR_LINES);
  }

  function course(id: string, people: Array<{ sub: string; role: string }>): void {
    sim.addCourse({ id, title: `Course ${id}`, label: id });
    for (const p of people) {
      sim.addUser({ sub: p.sub, name: `Person ${p.sub}`, given_name: 'Person', family_name: p.sub });
      sim.enroll(id, p.sub, [p.role]);
    }
  }

  it('serves a launch whose OIDC login one instance answered and whose id_token the other checked, and a session made on either on both', async () => {
    course('c-launch', [{ sub: 'launch-teacher', role: LEARNER }]);
    for (const [loginOn, launchOn] of [[0, 1], [1, 0]]) {
      // The state cookie, nonce and platform keys of the login must be found by the other instance.
      proxy.setRoute((method, p) => (p === LTI_PATHS.login ? loginOn : p === LTI_PATHS.launch && method === 'POST' ? launchOn : undefined));
      const from = proxy.log.length;
      const started = Date.now();
      const { browser, page, ltik } = await launch('launch-teacher', 'c-launch');
      const took = Date.now() - started;
      // Login initiation, the id_token post, then ltijs's redirect to the launch page (any instance).
      const steps = proxy.log.slice(from).map((r) => [r.method, r.path, r.status]);
      expect(steps.slice(0, 2)).to.deep.equal([['POST', LTI_PATHS.login, 302], ['POST', LTI_PATHS.launch, 302]]);
      expect(proxy.log.slice(from, from + 2).map((r) => r.backend)).to.deep.equal([loginOn, launchOn]);
      expect(steps.slice(2).at(-1)).to.deep.equal(['GET', LTI_PATHS.launch, 200]);
      expect(page.html).to.contain('Person launch-teacher');
      // The ltik the launch instance issued works on both, for every page.
      proxy.setRoute(undefined);
      const pages = ['/app/home', '/app/coaching', '/app/home', '/app/coaching'];
      const served: number[] = [];
      for (const p of pages) {
        const before = proxy.log.length;
        const res = await browser.request('GET', at(p, ltik));
        expect(res.status, `${p}: ${res.html.slice(0, 300)}`).to.equal(200);
        expect(res.html).to.contain('Person launch-teacher');
        served.push(proxy.log[before].backend);
      }
      expect(new Set(served)).to.deep.equal(new Set([0, 1]));
      console.log(`      login on ${instances[loginOn].name}, launch on ${instances[launchOn].name}: ${took} ms; its session used on both (${served.join(', ')})`);
    }
    expectNoErrorsLogged();
  });

  it('runs each requested roster sync once while coaches launch and ask for syncs on both instances at the same time', async () => {
    const coaches = Array.from({ length: 5 }, (_, i) => ({ sub: `roster-coach-${i}`, role: INSTRUCTOR }));
    const teachers = Array.from({ length: 20 }, (_, i) => ({ sub: `roster-teacher-${i}`, role: LEARNER }));
    course('c-roster', [...coaches, ...teachers]);
    const pagesPerSync = Math.ceil((coaches.length + teachers.length) / NRPS_PAGE_SIZE);
    await until('no roster sync running', async () => {
      const [r] = await db.sequelize.query<{ n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running')", { type: QueryTypes.SELECT });
      return Number(r.n) === 0;
    });
    const nrpsBefore = sim.faults.seen('nrps');
    // A slow LMS (each roster page takes 100 ms) keeps every sync running while more requests come in.
    sim.faults.add({ route: 'nrps', delayMs: 100, times: 1000 });
    const holders = new Map<string, string>();

    // 1. Twenty coach launches at once, none synced before: every one asks for a sync if the roster is stale.
    let started = Date.now();
    const first = await inLanes(Array.from({ length: 20 }, (_, i) => coaches[i % coaches.length].sub), 20, (sub) => launch(sub, 'c-roster'));
    const launchesMs = Date.now() - started;
    const spaceId = await spaceIdOf('c-roster');
    const idle = async () => {
      const rows = await db.sequelize.query<{ id: number; status: string; locked_by: string | null }>(
        "SELECT id, status, locked_by FROM jobs WHERE kind = 'roster-sync' AND job_key = ?",
        { replacements: [`space:${spaceId}`], type: QueryTypes.SELECT },
      );
      for (const r of rows) if (r.locked_by) holders.set(`${r.id}`, instanceOf(r.locked_by));
      return rows.length > 0 && rows.every((r) => r.status !== 'queued' && r.status !== 'running');
    };
    await until('the launches\' roster sync to finish', idle);
    const phase1Ms = Date.now() - started;

    // 2. Ten "Sync roster" presses and ten more launches at once, spread over both instances.
    started = Date.now();
    const presses = first.slice(0, 10).map(async ({ browser, ltik }) => {
      const res = await browser.request('POST', at('/app/roster/sync', ltik), { form: {} });
      expect(res.status, res.html.slice(0, 300)).to.equal(303);
    });
    const relaunches = Array.from({ length: 10 }, (_, i) => launch(coaches[i % coaches.length].sub, 'c-roster'));
    await Promise.all([...presses, ...relaunches]);
    await until('the requested roster syncs to finish', idle);
    const phase2Ms = Date.now() - started;

    const jobs = (await db.sequelize.query<{ id: number; status: string; attempts: number; payload: string; result: string | null; started_at: Date; finished_at: Date }>(
      "SELECT id, status, attempts, payload, result, started_at, finished_at FROM jobs WHERE kind = 'roster-sync' AND job_key = ? ORDER BY id",
      { replacements: [`space:${spaceId}`], type: QueryTypes.SELECT },
    )).map((j) => ({ ...j, payload: JSON.parse(j.payload) as { requestedBy: string }, result: JSON.parse(j.result ?? '{}') as { pages?: number; members?: number } }));
    const nrpsRequests = sim.faults.seen('nrps') - nrpsBefore;
    sim.faults.clear();
    const byLaunch = jobs.filter((j) => j.payload.requestedBy === 'launch');
    const byPerson = jobs.filter((j) => j.payload.requestedBy === 'person');
    console.log(`      20 launches in ${seconds(launchesMs)}, their sync done after ${seconds(phase1Ms)}; 10 presses + 10 launches and their syncs done in ${seconds(phase2Ms)}`);
    console.log(`      roster-sync jobs: ${jobs.length} (${byLaunch.length} asked by launches, ${byPerson.length} by the button); NRPS requests: ${nrpsRequests} (${pagesPerSync} pages a sync); run by ${[...holders].map(([id, by]) => `job ${id}: ${by}`).join(', ') || '(not sampled)'}`);

    // Each job ran once, completely: one attempt, done, every page read once.
    for (const j of jobs) {
      expect([j.status, Number(j.attempts), j.result.pages, j.result.members], `job ${j.id}`).to.deep.equal(['done', 1, pagesPerSync, coaches.length + teachers.length]);
    }
    expect(nrpsRequests, 'NRPS requests = the jobs\' pages').to.equal(jobs.length * pagesPerSync);
    // The launches (all within the sync interval) asked for one sync between them; the presses for at most one each.
    expect(byLaunch).to.have.length(1);
    expect(byPerson.length).to.be.within(1, 10);
    // Never two syncs of the course at once: each started after the one before it finished.
    for (let i = 1; i < jobs.length; i++) {
      expect(new Date(jobs[i].started_at).getTime(), `job ${jobs[i].id} started before job ${jobs[i - 1].id} finished`).to.be.at.least(new Date(jobs[i - 1].finished_at).getTime());
    }
    const [members] = await db.sequelize.query<{ n: number }>("SELECT COUNT(*) AS n FROM memberships WHERE space_id = ? AND status = 'active'", { replacements: [spaceId], type: QueryTypes.SELECT });
    expect(Number(members.n)).to.equal(coaches.length + teachers.length);
    expectNoErrorsLogged();
  });

  it('sends each of 50 survey completions made on both instances to the LMS exactly once, into one gradebook column', async () => {
    const teachers = Array.from({ length: 50 }, (_, i) => ({ sub: `grade-teacher-${i}`, role: LEARNER }));
    course('c-grades', [{ sub: 'grade-coach', role: INSTRUCTOR }, ...teachers]);
    const coach = await launch('grade-coach', 'c-grades');
    const post = async (p: string, form: Record<string, string>) => {
      const res = await coach.browser.request('POST', at(p, coach.ltik), { form });
      expect(res.status, `${p}: ${res.html.slice(0, 300)}`).to.equal(303);
      return res.headers.get('location') ?? '';
    };
    const created = await post('/app/surveys/new', { title: 'Two instances check-in', kind: 'custom', audienceRoles: 'teacher', audienceCoaching: 'all', anonymous: 'no', editUntilClose: 'once' });
    const surveyId = Number(/\/app\/surveys\/(\d+)\/edit/.exec(created)?.[1]);
    const added = await post(`/app/surveys/${surveyId}/questions`, { kind: 'likert5', prompt: 'This week went well.', required: 'on' });
    const questionId = Number(/#question-(\d+)/.exec(added)?.[1]);
    await post(`/app/surveys/${surveyId}/publish`, {});
    expect(surveyId).to.be.greaterThan(0);
    expect(questionId).to.be.greaterThan(0);
    const spaceId = await spaceIdOf('c-grades');

    // Each teacher opens the survey's placed link (requests alternate between the instances)...
    let started = Date.now();
    const opened = await inLanes(teachers, 10, async ({ sub }) => {
      const session = await launch(sub, 'c-grades', { resourceLinkId: 'survey-link', custom: { coachloop_task: `survey:${surveyId}` } });
      expect(session.page.html).to.contain('This week went well.');
      return session;
    });
    const launchesMs = Date.now() - started;
    // ...then all submit at once, while the gradebook answers slowly (150 ms a score): both job
    // runners find a pile of grades to send and claim from it at the same time.
    sim.faults.add({ route: 'scores', delayMs: 150, times: 1000 });
    started = Date.now();
    await Promise.all(opened.map(async ({ browser, ltik }) => {
      const res = await browser.request('POST', at(`/app/surveys/${surveyId}/respond`, ltik), { form: { action: 'submit', [`q${questionId}`]: '4' } });
      expect(res.status, res.html.slice(0, 300)).to.equal(303);
    }));
    const submittedMs = Date.now() - started;

    // Which instance holds each row is sampled while they work.
    const holders = new Map<string, Set<number>>();
    await until('every grade to be sent', async () => {
      const rows = await db.sequelize.query<{ id: number; status: string; locked_by: string | null }>('SELECT id, status, locked_by FROM grade_outbox WHERE space_id = ?', { replacements: [spaceId], type: QueryTypes.SELECT });
      for (const r of rows) if (r.locked_by) holders.set(instanceOf(r.locked_by), (holders.get(instanceOf(r.locked_by)) ?? new Set()).add(Number(r.id)));
      return rows.length === teachers.length && rows.every((r) => r.status !== 'pending' && r.status !== 'sending');
    }, 90_000, 20);
    const deliveredMs = Date.now() - started;
    sim.faults.clear();

    const rows = await db.sequelize.query<{ status: string; attempts: number; sub: string }>(
      'SELECT o.status, o.attempts, p.sub FROM grade_outbox o JOIN people p ON p.id = o.person_id WHERE o.space_id = ?',
      { replacements: [spaceId], type: QueryTypes.SELECT },
    );
    const items = sim.lineItems('c-grades');
    const requests = items.length === 1 ? sim.scoreRequests(items[0].id) : sim.scoreRequests();
    console.log(`      50 launches in ${seconds(launchesMs)}; 50 submissions at once in ${seconds(submittedMs)}; every grade sent ${seconds(deliveredMs)} after the first submission`);
    console.log(`      outbox rows: ${rows.length}, line items: ${items.length}, score requests: ${requests.length}; rows seen held by ${[...holders].map(([w, ids]) => `${w}: ${ids.size}`).join(', ') || 'nobody (each send was quicker than the sampling)'}`);

    expect(rows.map((r) => [r.status, Number(r.attempts)])).to.deep.equal(teachers.map(() => ['sent', 1]));
    expect(items, 'one gradebook column for the survey').to.have.length(1);
    expect(requests.map((r) => r.status)).to.deep.equal(teachers.map(() => 200));
    expect(requests.map((r) => r.userId).sort()).to.deep.equal(teachers.map((t) => t.sub).sort());
    expect(sim.scores(items[0].id).map((s) => [s.scoreGiven, s.scoreMaximum])).to.deep.equal(teachers.map(() => [1, 1]));
    expectNoErrorsLogged();
  });

  it('stops both servers by themselves when asked, leaving no process behind', async () => {
    const stopped = await Promise.all(instances.map((i) => i.stop()));
    expect(stopped).to.deep.equal(instances.map(() => ({ code: 0, signal: null })));
    for (const i of instances) {
      expect(() => process.kill(i.pid, 0), `${i.name} (pid ${i.pid}) is gone`).to.throw(/ESRCH/);
      expect(i.output()).to.contain('SIGTERM received: stopping CoachLoop.');
    }
    expectNoErrorsLogged();
  });
});
