/** What a launch records and how the session continues: tenants, people, spaces, memberships. */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { BrowserClient } from '../../src/simulator/client';
import { Membership, Person, RoleOverride, Space } from '../../src/db/models';
import { testDatabase } from '../helpers/database';
import { type Harness, ltikOf, seedCourse, startHarness } from '../helpers/harness';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

describe('launch and tenancy', function () {
  this.timeout(30_000);
  let h: Harness;
  let course: ReturnType<typeof seedCourse>;

  before(async () => {
    h = await startHarness();
    course = seedCourse(h.sim);
  });
  after(() => h.stop());

  it('records the person, the space and the membership with raw and mapped roles', async () => {
    const page = await h.launch({ userSub: course.coach, courseId: course.courseId });
    expect(page.status).to.equal(200);
    expect(page.html).to.contain('Welcome, Cora').and.contain('Coaching PD');
    const person = await Person.findOne({ where: { sub: course.coach, email: 'cora@example.org' }, order: [['id', 'DESC']] });
    expect(person?.displayName()).to.equal('Cora Coach');
    const space = await Space.findOne({ where: { tenantId: person!.tenantId, contextId: course.courseId } });
    expect(space?.title).to.equal('Coaching PD');
    expect(space?.nrpsUrl).to.be.a('string');
    const membership = await Membership.findOne({ where: { spaceId: space!.id, personId: person!.id } });
    expect(membership?.role).to.equal('coach');
    expect(membership?.ltiRoleList()).to.deep.equal([`${LIS}membership#Instructor`]);
  });

  it('continues the session on later pages with the ltik and the session cookie', async () => {
    const browser = new BrowserClient();
    const page = await h.launch({ userSub: course.teacher, courseId: course.courseId }, browser);
    const ltik = ltikOf(page);
    const home = await browser.request('GET', `${h.toolUrl}/app/home?ltik=${encodeURIComponent(ltik)}`);
    expect(home.status).to.equal(200);
    expect(home.html).to.contain('Welcome, Tess').and.contain('badge-teacher');
    // Another browser (no session cookie) cannot use a stolen ltik.
    const stolen = await new BrowserClient().request('GET', `${h.toolUrl}/app/home?ltik=${encodeURIComponent(ltik)}`);
    expect(stolen.status).to.equal(401);
    expect(stolen.html).to.contain('Your CoachLoop session has ended');
    // No ltik at all.
    const none = await new BrowserClient().request('GET', `${h.toolUrl}/app/home`);
    expect(none.status).to.equal(401);
    expect(none.html).to.contain('Open CoachLoop from your course');
  });

  it('shows role counts to coaches but not to teachers', async () => {
    await h.launch({ userSub: course.teacher, courseId: course.courseId });
    const coachPage = await h.launch({ userSub: course.coach, courseId: course.courseId });
    expect(coachPage.html).to.contain('People who have opened CoachLoop here');
    const teacherPage = await h.launch({ userSub: course.teacher, courseId: course.courseId });
    expect(teacherPage.html).not.to.contain('People who have opened CoachLoop here');
  });

  it('handles account-level launches (no course) explicitly', async () => {
    await h.launch({ userSub: course.coach, courseId: course.courseId });
    const admin = await h.launch({ userSub: course.admin });
    expect(admin.status).to.equal(200);
    expect(admin.html).to.contain('District view').and.contain('Courses where CoachLoop is placed').and.contain('Coaching PD');
    expect(admin.html).to.contain('badge-admin');
    const teacher = await h.launch({ userSub: course.teacher });
    expect(teacher.status).to.equal(200);
    expect(teacher.html).to.contain('open CoachLoop from your coaching course');
    expect(teacher.html).not.to.contain('Courses where CoachLoop is placed');
  });

  it('applies a space override: in this course, Instructors are the teachers being coached', async () => {
    const sim2 = await startHarness();
    try {
      const c = seedCourse(sim2.sim, 'override-course');
      await sim2.launch({ userSub: c.coach, courseId: c.courseId });
      const person = await Person.findOne({ where: { sub: c.coach }, order: [['id', 'DESC']] });
      const space = await Space.findOne({ where: { tenantId: person!.tenantId, contextId: c.courseId } });
      await RoleOverride.create({ spaceId: space!.id, ltiRole: `${LIS}membership#Instructor`, coachRole: 'teacher' });
      sim2.coachloop.recorder.forget();
      sim2.coachloop.actors.clear();
      const page = await sim2.launch({ userSub: c.coach, courseId: c.courseId });
      expect(page.html).to.match(/Your role here<\/dt><dd><span class="badge badge-teacher">Teacher/);
    } finally {
      await sim2.stop();
    }
  });

  describe('tenants', () => {
    it('holds a new deployment of a known platform for operator approval, then lets it in', async () => {
      // The LMS knows the deployment (an admin installed the tool again); CoachLoop does not yet.
      h.sim.registerTool({ ...h.sim.tools().find((t) => t.clientId === h.clientId)!, deploymentIds: [h.deploymentId, 'new-deployment'] });
      const held = await h.launch({ userSub: course.teacher, courseId: course.courseId, deploymentId: 'new-deployment' });
      expect(held.status).to.equal(403);
      expect(held.html).to.contain('CoachLoop is waiting for approval here').and.contain('Deployment id: new-deployment');
      const tenant = await h.coachloop.tenants.find(h.sim.issuer, h.clientId, 'new-deployment');
      expect(tenant?.status).to.equal('pending');
      await h.coachloop.tenants.setStatus(tenant!.id, 'active');
      const approved = await h.launch({ userSub: course.teacher, courseId: course.courseId, deploymentId: 'new-deployment' });
      expect(approved.status).to.equal(200);
      await h.coachloop.tenants.setStatus(tenant!.id, 'suspended');
      const paused = await h.launch({ userSub: course.teacher, courseId: course.courseId, deploymentId: 'new-deployment' });
      expect(paused.status).to.equal(403);
      expect(paused.html).to.contain('CoachLoop is paused for your district');
    });

    it('creates the tenant for a new deployment when the platform accepts new deployments', async () => {
      const open = await startHarness({ acceptNewDeployments: true, registerTenant: false });
      try {
        const c = seedCourse(open.sim, 'auto-course');
        const page = await open.launch({ userSub: c.teacher, courseId: c.courseId });
        expect(page.status).to.equal(200);
        const sequelize = await testDatabase();
        const rows = await sequelize.query('SELECT deployment_id FROM tenants WHERE client_id = ?', { replacements: [open.clientId], type: QueryTypes.SELECT });
        expect(rows).to.deep.equal([{ deployment_id: open.deploymentId }]);
      } finally {
        await open.stop();
      }
    });

    it('keeps the same sub on two deployments as two people (nothing crosses tenants)', async () => {
      const tool = h.sim.tools().find((t) => t.clientId === h.clientId)!;
      h.sim.registerTool({ ...tool, deploymentIds: [...tool.deploymentIds, 'second-deployment'] });
      await h.coachloop.tenants.create({ platformKid: h.platformKid, issuer: h.sim.issuer, clientId: h.clientId, deploymentId: 'second-deployment', name: 'Second' });
      await h.launch({ userSub: course.teacher, courseId: course.courseId });
      await h.launch({ userSub: course.teacher, courseId: course.courseId, deploymentId: 'second-deployment' });
      const sequelize = await testDatabase();
      const rows = await sequelize.query<{ tenant_id: number }>(
        `SELECT p.tenant_id FROM people p JOIN tenants t ON t.id = p.tenant_id WHERE t.client_id = ? AND p.sub = ? AND t.deployment_id IN (?, ?)`,
        { replacements: [h.clientId, course.teacher, h.deploymentId, 'second-deployment'], type: QueryTypes.SELECT },
      );
      expect(new Set(rows.map((r) => r.tenant_id)).size).to.equal(2);
      const spaces = await sequelize.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM spaces s JOIN tenants t ON t.id = s.tenant_id WHERE t.client_id = ? AND s.context_id = ? AND t.deployment_id IN (?, ?)`,
        { replacements: [h.clientId, course.courseId, h.deploymentId, 'second-deployment'], type: QueryTypes.SELECT },
      );
      expect(Number(spaces[0].n)).to.equal(2);
    });

    it('refuses launches from a deactivated platform', async () => {
      const other = await startHarness();
      try {
        const c = seedCourse(other.sim, 'inactive-course');
        await other.coachloop.lti.setPlatformActive(other.platformKid, false);
        const page = await other.launch({ userSub: c.teacher, courseId: c.courseId });
        expect(page.status).to.equal(401);
        expect(page.html).to.contain('CoachLoop is not switched on for this LMS yet');
      } finally {
        await other.stop();
      }
    });
  });
});
