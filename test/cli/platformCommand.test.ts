import crypto from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { platformCommand } from '../../src/cli/platformCommand';
import { Person, Space } from '../../src/db/models';
import { TenantResolver } from '../../src/features/launch/tenantResolver';
import { CLI_PUBLIC_URL, testCli, type TestCli } from './cliContext';

const unique = () => crypto.randomBytes(4).toString('hex');

/** Flags of a valid registration for a fresh issuer. */
function addFlags(issuer: string, clientId: string, extra: string[] = []): string[] {
  return [
    'add', '--issuer', issuer, '--client-id', clientId,
    '--auth-url', `${issuer}/lti/authorize`, '--token-url', `${issuer}/lti/token`, '--jwks-url', `${issuer}/lti/jwks`,
    ...extra,
  ];
}

async function platformRow(sequelize: Sequelize, issuer: string, clientId: string) {
  const rows = await sequelize.query<{ kid: string; name: string; active: number | boolean | null; accept_new_deployments: number | boolean; registration_method: string; auth_key: string }>(
    'SELECT kid, name, active, accept_new_deployments, registration_method, auth_key FROM lti_platforms WHERE platform_url = ? AND client_id = ?',
    { replacements: [issuer, clientId], type: QueryTypes.SELECT },
  );
  return rows[0];
}

async function tenantRows(sequelize: Sequelize, issuer: string, clientId: string) {
  return sequelize.query<{ id: number; deployment_id: string; status: string }>(
    'SELECT id, deployment_id, status FROM tenants WHERE issuer = ? AND client_id = ? ORDER BY deployment_id',
    { replacements: [issuer, clientId], type: QueryTypes.SELECT },
  );
}

describe('CLI: npm run platform', function () {
  this.timeout(20_000);
  let cli: TestCli;
  before(async () => {
    cli = await testCli();
  });
  after(async () => {
    await cli.close();
  });

  it('add registers the platform and its deployments, and prints every value the LMS admin pastes', async () => {
    const issuer = `https://lms-${unique()}.example.org`;
    const run = await cli.run(platformCommand, addFlags(issuer, 'client-1', ['--name', 'Riverbend Schoology', '--deployment-id', 'dep-a', '--deployment-id', 'dep-b']));
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.contain('Registered a new platform: Riverbend Schoology').and.contain(issuer).and.contain('client-1');
    for (const value of [`${CLI_PUBLIC_URL}/lti/login`, `${CLI_PUBLIC_URL}/lti/launch`, `${CLI_PUBLIC_URL}/lti/keys`, `${CLI_PUBLIC_URL}/lti/canvas.json`]) {
      expect(run.out).to.contain(value);
    }
    expect(run.out).to.match(/OIDC login initiation URL\s+https:\/\/coachloop\.example\.org\/lti\/login/);
    expect(run.out).to.match(/Redirect URL\s+https:\/\/coachloop\.example\.org\/lti\/launch/);
    expect(run.out).to.match(/Deep linking URL\s+https:\/\/coachloop\.example\.org\/lti\/launch/);
    expect(run.err).to.equal('');

    const row = await platformRow(cli.ctx.sequelize, issuer, 'client-1');
    expect(row.name).to.equal('Riverbend Schoology');
    expect(Number(row.active)).to.equal(1);
    expect(Number(row.accept_new_deployments)).to.equal(0);
    expect(row.registration_method).to.equal('manual');
    expect(row.auth_key).to.equal(`${issuer}/lti/jwks`);
    expect((await tenantRows(cli.ctx.sequelize, issuer, 'client-1')).map((t) => [t.deployment_id, t.status])).to.deep.equal([['dep-a', 'active'], ['dep-b', 'active']]);
  });

  it('add again updates the platform, approves a pending deployment it names and keeps the others', async () => {
    const issuer = `https://lms-${unique()}.example.org`;
    expect((await cli.run(platformCommand, addFlags(issuer, 'client-2', ['--deployment-id', 'dep-a']))).code).to.equal(0);
    const kid = (await platformRow(cli.ctx.sequelize, issuer, 'client-2')).kid;
    await new TenantResolver(cli.ctx.sequelize).create({ platformKid: kid, issuer, clientId: 'client-2', deploymentId: 'dep-waiting', name: 'x', status: 'pending' });

    const run = await cli.run(platformCommand, addFlags(issuer, 'client-2', ['--name', 'Renamed', '--deployment-id', 'dep-a', '--deployment-id', 'dep-waiting', '--accept-new-deployments']));
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.contain('Updated the platform: Renamed');
    expect(run.out).to.match(/dep-a\s+active\s+unchanged/).and.match(/dep-waiting\s+active\s+activated/);
    const row = await platformRow(cli.ctx.sequelize, issuer, 'client-2');
    expect(row.kid).to.equal(kid);
    expect(row.name).to.equal('Renamed');
    expect(Number(row.accept_new_deployments)).to.equal(1);
    expect((await tenantRows(cli.ctx.sequelize, issuer, 'client-2')).map((t) => t.status)).to.deep.equal(['active', 'active']);
  });

  it('add refuses bad input with exit code 2, names each flag and what it expects, and stores nothing', async () => {
    const issuer = `https://lms-${unique()}.example.org`;
    const run = await cli.run(platformCommand, ['add', '--issuer', 'ftp://lms.example.org', '--client-id', 'client-bad', '--auth-url', 'not a url', '--token-url', `${issuer}/token`]);
    expect(run.code).to.equal(2);
    expect(run.err).to.contain('Nothing was registered');
    expect(run.err).to.match(/--issuer: .*expected an http:\/\/ or https:\/\/ URL/);
    expect(run.err).to.match(/--auth-url: .*expected an http:\/\/ or https:\/\/ URL/);
    expect(run.err).to.match(/--jwks-url: .*is missing/);
    expect(run.err).not.to.contain('--token-url:');
    expect(run.out).to.equal('');
    const [{ n }] = await cli.ctx.sequelize.query<{ n: number }>("SELECT COUNT(*) AS n FROM lti_platforms WHERE client_id = 'client-bad'", { type: QueryTypes.SELECT });
    expect(Number(n)).to.equal(0);
  });

  it('add keeps an issuer with a trailing slash exactly as given, with a warning', async () => {
    const issuer = `https://lms-${unique()}.example.org/`;
    const run = await cli.run(platformCommand, ['add', '--issuer', issuer, '--client-id', 'client-3', '--auth-url', `${issuer}auth`, '--token-url', `${issuer}token`, '--jwks-url', `${issuer}jwks`, '--deployment-id', '1']);
    expect(run.code, run.err).to.equal(0);
    expect(run.err).to.contain('Warning: The issuer ends with "/"');
    expect(await platformRow(cli.ctx.sequelize, issuer, 'client-3')).to.not.equal(undefined);
  });

  it('list shows platforms and their deployments with status and last launch', async () => {
    const issuer = `https://lms-${unique()}.example.org`;
    await cli.run(platformCommand, addFlags(issuer, 'client-4', ['--name', 'Listed LMS', '--deployment-id', 'dep-used', '--deployment-id', 'dep-unused']));
    const used = (await tenantRows(cli.ctx.sequelize, issuer, 'client-4')).find((t) => t.deployment_id === 'dep-used')!;
    await Person.create({ tenantId: used.id, sub: 'u1', name: null, givenName: null, familyName: null, email: null, lastLaunchAt: new Date('2026-03-01T08:30:00Z') });
    await Space.create({ tenantId: used.id, contextId: 'c1', title: null, label: null, contextTypes: null, nrpsUrl: null, agsLineitemsUrl: null, lastLaunchAt: new Date('2026-03-02T09:45:00Z') });

    const run = await cli.run(platformCommand, ['list']);
    expect(run.code).to.equal(0);
    expect(run.out).to.match(/NAME\s+ISSUER\s+CLIENT ID\s+ACTIVE\s+NEW DEPLOYMENTS\s+REGISTERED/);
    expect(run.out).to.match(new RegExp(`Listed LMS\\s+${issuer.replace(/[.]/g, '\\.')}\\s+client-4\\s+yes\\s+need approval\\s+by hand`));
    expect(run.out).to.contain(`Deployments of Listed LMS (${issuer}, client id client-4)`);
    expect(run.out).to.match(/dep-used\s+active\s+2026-03-02 09:45 UTC/);
    expect(run.out).to.match(/dep-unused\s+active\s+never/);
    // Names of people never appear: the operator sees registrations only.
    expect(run.out).not.to.contain('u1');
  });

  it('remove refuses (exit 2) while deployments hold people, unless --yes; then suspends them and keeps their data', async () => {
    const issuer = `https://lms-${unique()}.example.org`;
    await cli.run(platformCommand, addFlags(issuer, 'client-5', ['--deployment-id', 'dep-people', '--deployment-id', 'dep-empty']));
    const [empty, people] = await tenantRows(cli.ctx.sequelize, issuer, 'client-5');
    expect(people.deployment_id).to.equal('dep-people');
    await Person.create({ tenantId: people.id, sub: 'teacher-1', name: 'Tess', givenName: null, familyName: null, email: null, lastLaunchAt: new Date() });

    const refused = await cli.run(platformCommand, ['remove', '--issuer', issuer, '--client-id', 'client-5']);
    expect(refused.code).to.equal(2);
    expect(refused.err).to.contain('Not removed').and.contain('dep-people').and.contain('--yes');
    expect(await platformRow(cli.ctx.sequelize, issuer, 'client-5')).to.not.equal(undefined);
    expect((await tenantRows(cli.ctx.sequelize, issuer, 'client-5')).map((t) => t.status)).to.deep.equal(['active', 'active']);

    const removed = await cli.run(platformCommand, ['remove', '--issuer', issuer, '--client-id', 'client-5', '--yes']);
    expect(removed.code, removed.err).to.equal(0);
    expect(removed.out).to.contain('Deactivated the platform').and.contain('Suspended deployment dep-people').and.contain('Deleted deployments nobody had used: dep-empty');
    const after = await tenantRows(cli.ctx.sequelize, issuer, 'client-5');
    expect(after.map((t) => [t.deployment_id, t.status])).to.deep.equal([['dep-people', 'suspended']]);
    expect(after[0].id).to.equal(people.id);
    expect(empty.deployment_id).to.equal('dep-empty');
    expect(await Person.count({ where: { tenantId: people.id } })).to.equal(1);
    const row = await platformRow(cli.ctx.sequelize, issuer, 'client-5');
    expect(Number(row.active)).to.equal(0);

    // Registering it again reconnects the kept data; the suspended deployment is activated when named.
    const again = await cli.run(platformCommand, addFlags(issuer, 'client-5', ['--deployment-id', 'dep-people']));
    expect(again.code).to.equal(0);
    expect(again.out).to.match(/dep-people\s+active\s+activated/);
    expect((await platformRow(cli.ctx.sequelize, issuer, 'client-5')).kid).to.equal(row.kid);
  });

  it('remove deletes a platform without data, with its keys; an unknown platform is exit 2', async () => {
    const issuer = `https://lms-${unique()}.example.org`;
    await cli.run(platformCommand, addFlags(issuer, 'client-6', ['--deployment-id', 'dep-1']));
    const kid = (await platformRow(cli.ctx.sequelize, issuer, 'client-6')).kid;
    const removed = await cli.run(platformCommand, ['remove', '--issuer', issuer, '--client-id', 'client-6']);
    expect(removed.code, removed.err).to.equal(0);
    expect(removed.out).to.contain('Removed the platform');
    expect(await platformRow(cli.ctx.sequelize, issuer, 'client-6')).to.equal(undefined);
    expect(await tenantRows(cli.ctx.sequelize, issuer, 'client-6')).to.deep.equal([]);
    const [{ n }] = await cli.ctx.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM lti_keys WHERE kid = ?', { replacements: [kid], type: QueryTypes.SELECT });
    expect(Number(n)).to.equal(0);

    const unknown = await cli.run(platformCommand, ['remove', '--issuer', issuer, '--client-id', 'client-6']);
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.contain('No platform is registered with issuer');
    const missing = await cli.run(platformCommand, ['remove', '--issuer', issuer]);
    expect(missing.code).to.equal(2);
    expect(missing.err).to.contain('--client-id');
  });
});
