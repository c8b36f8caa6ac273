/**
 * In production configuration (NODE_ENV=production, https PUBLIC_URL) ltijs's cookies — the
 * login's state cookie and the launch's session cookie — are Secure; SameSite=None; Partitioned
 * (and HttpOnly), so browsers keep them inside the LMS iframe where third-party cookies are
 * blocked but partitioned ones allowed. Read from the Set-Cookie headers of a real launch.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createApp, type CoachLoopApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { LmsSimulator, parseAutoPostForm } from '../../src/simulator';
import { testDatabase } from '../helpers/database';
import { TEST_ENCRYPTION_KEY } from '../helpers/harness';

const PUBLIC_URL = 'https://coachloop.example.org';

function attributes(setCookie: string): { name: string; flags: string[] } {
  const [pair, ...rest] = setCookie.split(';').map((p) => p.trim());
  return { name: pair.split('=')[0], flags: rest.map((f) => f.toLowerCase()) };
}

describe('cookies in production configuration', function () {
  this.timeout(30_000);
  let coachloop: CoachLoopApp;
  let server: http.Server;
  let local: string;
  const sim = new LmsSimulator();

  before(async () => {
    const config = loadConfig({ NODE_ENV: 'production', PUBLIC_URL, ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, DATABASE_URL: 'mysql://unused@127.0.0.1:3306/unused', LOG_LEVEL: 'silent' });
    expect(config.mode).to.equal('production');
    coachloop = await createApp({ config, sequelize: await testDatabase() });
    server = http.createServer(coachloop.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await sim.start();
    sim.registerTool({
      clientId: 'prod-client', deploymentIds: ['prod-dep'], oidcLoginUrl: `${PUBLIC_URL}/lti/login`, redirectUris: [`${PUBLIC_URL}/lti/launch`],
      targetLinkUri: `${PUBLIC_URL}/lti/launch`, jwksUrl: `${PUBLIC_URL}/lti/keys`, scopes: [],
    });
    sim.addUser({ sub: 'prod-user', name: 'Pat Prod' });
    const kid = await coachloop.lti.registerPlatform({
      issuer: sim.issuer, clientId: 'prod-client', name: 'Prod LMS', authorizationEndpoint: sim.authorizationEndpoint,
      tokenEndpoint: sim.tokenEndpoint, jwksUrl: sim.jwksUrl,
    });
    await coachloop.tenants.create({ platformKid: kid, issuer: sim.issuer, clientId: 'prod-client', deploymentId: 'prod-dep', name: 'Prod District' });
  });
  after(async () => {
    await sim.stop();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await coachloop?.close();
  });

  it('sets the state cookie and the session cookie Secure; SameSite=None; Partitioned; HttpOnly', async () => {
    const prepared = sim.prepareLaunch({ clientId: 'prod-client', deploymentId: 'prod-dep', userSub: 'prod-user' });
    // The LMS's login initiation, sent to this instance (PUBLIC_URL is where it would be public).
    const login = await fetch(`${local}/lti/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(prepared.params) });
    expect(login.status).to.equal(302);
    const stateCookies = login.headers.getSetCookie();
    expect(stateCookies).to.have.length(1);
    const state = attributes(stateCookies[0]);
    expect(state.name).to.match(/^state[0-9a-f]+$/);
    expect(state.flags).to.include.members(['secure', 'samesite=none', 'partitioned', 'httponly']);

    const auth = await fetch(login.headers.get('location')!);
    const post = parseAutoPostForm(await auth.text())!;
    expect(post.action).to.equal(`${PUBLIC_URL}/lti/launch`);
    const launch = await fetch(`${local}/lti/launch`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(post.fields),
      headers: { cookie: stateCookies[0].split(';')[0] },
    });
    expect(launch.status).to.equal(302);
    const set = launch.headers.getSetCookie().map(attributes);
    const session = set.find((c) => c.name.startsWith('lti'));
    expect(session, JSON.stringify(set)).to.not.equal(undefined);
    expect(session!.flags).to.include.members(['secure', 'samesite=none', 'partitioned', 'httponly']);
    // The state cookie is cleared with the same attributes (else the browser would keep it).
    const cleared = set.find((c) => c.name === state.name);
    expect(cleared?.flags).to.include.members(['secure', 'samesite=none', 'partitioned']);
  });
});
