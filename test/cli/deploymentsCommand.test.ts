import crypto from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { deploymentsCommand } from '../../src/cli/deploymentsCommand';
import { platformCommand } from '../../src/cli/platformCommand';
import { Tenant } from '../../src/db/models';
import { TenantResolver } from '../../src/features/launch/tenantResolver';
import { testCli, type TestCli } from './cliContext';

describe('CLI: npm run deployments', function () {
  this.timeout(20_000);
  let cli: TestCli;
  let issuer: string;
  let pendingId: number;
  before(async () => {
    cli = await testCli();
    issuer = `https://lms-${crypto.randomBytes(4).toString('hex')}.example.org`;
    const added = await cli.run(platformCommand, ['add', '--issuer', issuer, '--client-id', 'c', '--auth-url', `${issuer}/a`, '--token-url', `${issuer}/t`, '--jwks-url', `${issuer}/j`, '--name', 'Deployments LMS']);
    expect(added.code, added.err).to.equal(0);
    const [{ kid }] = await cli.ctx.sequelize.query<{ kid: string }>('SELECT kid FROM lti_platforms WHERE platform_url = ?', { replacements: [issuer], type: QueryTypes.SELECT });
    pendingId = (await new TenantResolver(cli.ctx.sequelize).create({ platformKid: kid, issuer, clientId: 'c', deploymentId: 'dep-new', name: 'Deployments LMS', status: 'pending' })).id;
  });
  after(async () => {
    await cli.close();
  });

  it('lists deployments, and --pending only those waiting for approval', async () => {
    const all = await cli.run(deploymentsCommand, ['list']);
    expect(all.code).to.equal(0);
    expect(all.out).to.match(/TENANT ID\s+STATUS\s+DEPLOYMENT ID\s+PLATFORM\s+ISSUER\s+CLIENT ID\s+LAST LAUNCH/);
    expect(all.out).to.match(new RegExp(`${pendingId}\\s+pending\\s+dep-new\\s+Deployments LMS`));
    const pending = await cli.run(deploymentsCommand, ['list', '--pending']);
    expect(pending.out).to.contain('dep-new');
    expect(pending.out).not.to.match(/\bactive\b/);
  });

  it('approve, suspend and activate change the status; repeating says so', async () => {
    const approved = await cli.run(deploymentsCommand, ['approve', String(pendingId)]);
    expect(approved.code, approved.err).to.equal(0);
    expect(approved.out).to.contain('pending → active');
    expect((await Tenant.findByPk(pendingId))?.status).to.equal('active');
    expect((await cli.run(deploymentsCommand, ['approve', String(pendingId)])).out).to.contain('was already active');
    expect((await cli.run(deploymentsCommand, ['suspend', String(pendingId)])).out).to.contain('active → suspended');
    expect((await Tenant.findByPk(pendingId))?.status).to.equal('suspended');
    expect((await cli.run(deploymentsCommand, ['activate', String(pendingId)])).out).to.contain('suspended → active');
    expect((await Tenant.findByPk(pendingId))?.status).to.equal('active');
  });

  it('an unknown or malformed tenant id is exit 2 with a message', async () => {
    const unknown = await cli.run(deploymentsCommand, ['approve', '987654321']);
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.contain('There is no deployment with tenant id 987654321');
    const malformed = await cli.run(deploymentsCommand, ['suspend', 'abc']);
    expect(malformed.code).to.equal(2);
    expect(malformed.err).to.contain('The tenant id is not valid').and.contain('"abc"');
  });
});
