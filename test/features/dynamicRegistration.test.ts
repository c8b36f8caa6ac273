/**
 * Dynamic Registration against the simulator shaped like Canvas, Moodle and D2L: success and a
 * launch right after it, and every way it can go wrong (nothing stored then).
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { LmsSimulator, type RegistrationShape } from '../../src/simulator';
import { BrowserClient } from '../../src/simulator/client';
import { createInstallCode } from '../../src/features/registration/installCodes';
import { registerDynamically, RegistrationError } from '../../src/features/registration/dynamicRegistrar';
import { testDatabase } from '../helpers/database';
import { type Harness, startHarness } from '../helpers/harness';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

describe('Dynamic Registration', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  async function withSim<T>(shape: RegistrationShape, fn: (sim: LmsSimulator) => Promise<T>): Promise<T> {
    const sim = new LmsSimulator({ registrationShape: shape });
    await sim.start();
    try {
      return await fn(sim);
    } finally {
      await sim.stop();
    }
  }

  const registerUrl = (sim: LmsSimulator, token?: string, configUrl = sim.openidConfigurationUrl) =>
    `${h.coachloop.lti.urls.register}?openid_configuration=${encodeURIComponent(configUrl)}${token ? `&registration_token=${encodeURIComponent(token)}` : ''}`;

  async function platformsFor(issuer: string): Promise<Array<{ client_id: string; active: number; accept_new_deployments: number; registration_method: string }>> {
    const sequelize = await testDatabase();
    return sequelize.query('SELECT client_id, active, accept_new_deployments, registration_method FROM lti_platforms WHERE platform_url = ?', { replacements: [issuer], type: QueryTypes.SELECT });
  }

  for (const shape of ['canvas', 'moodle', 'd2l'] as const) {
    it(`registers with a ${shape}-shaped platform and launches right after`, async () => {
      await withSim(shape, async (sim) => {
        const token = shape === 'd2l' ? undefined : sim.createRegistrationToken();
        const page = await new BrowserClient().request('GET', registerUrl(sim, token));
        expect(page.status, page.html.slice(0, 600)).to.equal(200);
        expect(page.html).to.contain('CoachLoop is registered with').and.contain('finish-registration');
        const tool = sim.tools().find((t) => t.name === 'CoachLoop');
        expect(tool, 'the LMS knows the tool').to.not.equal(undefined);
        expect(page.html).to.contain(tool!.clientId).and.contain(tool!.deploymentIds[0]);
        expect(tool!.redirectUris).to.deep.equal([h.coachloop.lti.urls.launch]);
        expect(tool!.scopes).to.have.members([
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
          'https://purl.imsglobal.org/spec/lti-ags/scope/score', 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
        ]);
        const stored = await platformsFor(sim.issuer);
        expect(stored).to.have.length(1);
        expect(stored[0]).to.include({ client_id: tool!.clientId, registration_method: 'dynamic' });
        expect(Number(stored[0].active)).to.equal(1);

        sim.addCourse({ id: 'c1', title: 'PD', label: 'PD' });
        sim.addUser({ sub: 'u1', name: 'Ada Teacher', email: 'ada@example.org' });
        sim.enroll('c1', 'u1', [`${LIS}membership#Learner`]);
        const launch = await new BrowserClient().launch(sim.prepareLaunch({ clientId: tool!.clientId, deploymentId: tool!.deploymentIds[0], userSub: 'u1', courseId: 'c1' }));
        expect(launch.status, launch.html.slice(0, 400)).to.equal(200);
        expect(launch.html).to.contain('Welcome, Ada');
      });
    });
  }

  it('a Canvas-shaped platform refuses the configuration without the token: the page says to start again', async () => {
    await withSim('canvas', async (sim) => {
      const page = await new BrowserClient().request('GET', registerUrl(sim));
      expect(page.status).to.equal(400);
      expect(page.html).to.contain('The LMS answered 401').and.contain('start the registration again from the LMS').and.contain('CONFIGURATION_REFUSED');
      expect(await platformsFor(sim.issuer)).to.deep.equal([]);
    });
  });

  it('an invalid or used token is refused and nothing is stored', async () => {
    await withSim('moodle', async (sim) => {
      const page = await new BrowserClient().request('GET', registerUrl(sim, 'not-a-token'));
      expect(page.status).to.equal(400);
      expect(page.html).to.contain('CONFIGURATION_REFUSED');
      const token = sim.createRegistrationToken();
      expect((await new BrowserClient().request('GET', registerUrl(sim, token))).status).to.equal(200);
      const again = await new BrowserClient().request('GET', registerUrl(sim, token));
      expect(again.status).to.equal(400);
      expect(again.html).to.contain('Registration links from the LMS work once');
      expect(await platformsFor(sim.issuer)).to.have.length(1);
    });
  });

  it('refuses a configuration whose issuer is not the address it was read from', async () => {
    await withSim('moodle', async (sim) => {
      const token = sim.createRegistrationToken();
      const otherOrigin = sim.openidConfigurationUrl.replace('127.0.0.1', 'localhost');
      const page = await new BrowserClient().request('GET', registerUrl(sim, token, otherOrigin));
      expect(page.status).to.equal(400);
      expect(page.html).to.contain('ISSUER_MISMATCH').and.contain('does not match its address');
      expect(sim.tools()).to.deep.equal([]);
      expect(await platformsFor(sim.issuer)).to.deep.equal([]);
    });
  });

  it('explains a platform 5xx and a platform 4xx on the registration POST, storing nothing', async () => {
    await withSim('moodle', async (sim) => {
      sim.faults.add({ route: 'registration', status: 503 });
      const down = await new BrowserClient().request('GET', registerUrl(sim, sim.createRegistrationToken()));
      expect(down.status).to.equal(400);
      expect(down.html).to.contain('The LMS answered 503').and.contain('had a problem of its own');
      sim.faults.add({ route: 'registration', status: 500, body: { error: 'invalid_client_metadata', error_description: 'redirect_uris not allowed' } });
      const refused = await new BrowserClient().request('GET', registerUrl(sim, sim.createRegistrationToken()));
      expect(refused.html).to.contain('redirect_uris not allowed');
      sim.faults.add({ route: 'openidConfiguration', status: 500 });
      const noConfig = await new BrowserClient().request('GET', registerUrl(sim, sim.createRegistrationToken()));
      expect(noConfig.html).to.contain('CONFIGURATION_REFUSED');
      expect(await platformsFor(sim.issuer)).to.deep.equal([]);
    });
  });

  it('explains an unreachable LMS and a request without openid_configuration', async () => {
    const unreachable = await new BrowserClient().request('GET', `${h.coachloop.lti.urls.register}?openid_configuration=${encodeURIComponent('http://127.0.0.1:9/config')}`);
    expect(unreachable.status).to.equal(400);
    expect(unreachable.html).to.contain('could not be reached');
    const bare = await new BrowserClient().request('GET', h.coachloop.lti.urls.register);
    expect(bare.status).to.equal(400);
    expect(bare.html).to.contain('start the registration from the LMS');
  });

  it('a second registration with the same LMS stores a second client, and both launch', async () => {
    await withSim('canvas', async (sim) => {
      for (let i = 0; i < 2; i++) expect((await new BrowserClient().request('GET', registerUrl(sim, sim.createRegistrationToken()))).status).to.equal(200);
      const tools = sim.tools();
      expect(tools).to.have.length(2);
      expect(await platformsFor(sim.issuer)).to.have.length(2);
      sim.addCourse({ id: 'c1', title: 'PD', label: 'PD' });
      sim.addUser({ sub: 'u1', name: 'Ada Teacher' });
      sim.enroll('c1', 'u1', [`${LIS}membership#Instructor`]);
      for (const t of tools) {
        const launch = await new BrowserClient().launch(sim.prepareLaunch({ clientId: t.clientId, deploymentId: t.deploymentIds[0], userSub: 'u1', courseId: 'c1' }));
        expect(launch.status).to.equal(200);
      }
    });
  });

  it('with install codes required: refuses without a code, accepts a valid one once', async () => {
    await withSim('moodle', async (sim) => {
      const sequelize = await testDatabase();
      const deps = { sequelize, lti: h.coachloop.lti, tenants: h.coachloop.tenants, mode: 'test' as const, registrationMode: 'install-code' as const };
      const attempt = (code?: string) => registerDynamically(deps, { openid_configuration: sim.openidConfigurationUrl, registration_token: sim.createRegistrationToken(), install_code: code }).catch((e: unknown) => e);
      const none = await attempt();
      expect(none).to.be.instanceOf(RegistrationError);
      expect((none as RegistrationError).status).to.equal(403);
      expect(sim.tools()).to.deep.equal([]);
      const { code } = await createInstallCode(sequelize, { label: 'test' });
      const ok = await attempt(code);
      expect(ok).to.have.property('clientId');
      const reused = await attempt(code);
      expect((reused as RegistrationError).message).to.contain('already used');
      expect(await platformsFor(sim.issuer)).to.have.length(1);
    });
  });
});
