import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { installCodeCommand } from '../../src/cli/installCodeCommand';
import { installCodeProblem } from '../../src/features/registration/installCodes';
import { CLI_PUBLIC_URL, testCli, type TestCli } from './cliContext';

describe('CLI: npm run install-code', function () {
  this.timeout(20_000);
  let cli: TestCli;
  before(async () => {
    cli = await testCli({ registrationMode: 'install-code' });
  });
  after(async () => {
    await cli.close();
  });

  it('create prints the code once with its expiry and registration URL; only its hash is stored', async () => {
    const run = await cli.run(installCodeCommand, ['create', '--label', 'Riverbend Canvas', '--hours', '5']);
    expect(run.code, run.err).to.equal(0);
    const code = /Code\s+([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})/.exec(run.out)?.[1];
    expect(code, run.out).to.be.a('string');
    expect(run.out).to.contain(`Registration URL  ${CLI_PUBLIC_URL}/lti/register?install_code=${code}`);
    expect(run.out).to.match(/Valid until\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(run.err).to.equal('');
    expect(await installCodeProblem(cli.ctx.sequelize, code)).to.equal(null);
    const rows = await cli.ctx.sequelize.query('SELECT * FROM install_codes', { type: QueryTypes.SELECT });
    expect(JSON.stringify(rows)).not.to.contain(code!);

    const list = await cli.run(installCodeCommand, ['list']);
    expect(list.out).to.contain('Registration mode: install-code').and.match(/Riverbend Canvas\s+.*unused/);
    expect(list.out).not.to.contain(code!);
  });

  it('create refuses a bad validity with exit 2 and stores nothing', async () => {
    const before = await cli.ctx.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM install_codes', { type: QueryTypes.SELECT });
    for (const hours of ['0', '721', '1.5', 'soon']) {
      const run = await cli.run(installCodeCommand, ['create', '--hours', hours]);
      expect(run.code, hours).to.equal(2);
      expect(run.err, hours).to.match(/^--hours: The validity/);
    }
    const after = await cli.ctx.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM install_codes', { type: QueryTypes.SELECT });
    expect(Number(after[0].n)).to.equal(Number(before[0].n));
  });

  it('in open registration mode, create says codes are not required', async () => {
    const open = await testCli({ registrationMode: 'open' });
    const run = await open.run(installCodeCommand, ['create']);
    expect(run.code).to.equal(0);
    expect(run.err).to.contain('REGISTRATION_MODE is open');
    await open.close();
  });
});
