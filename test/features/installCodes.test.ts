import { expect } from 'chai';
import { consumeInstallCode, createInstallCode, installCodeProblem, listInstallCodes } from '../../src/features/registration/installCodes';
import { testDatabase } from '../helpers/database';

describe('install codes', () => {
  it('are single use, expire, and are stored only as a hash', async () => {
    const sequelize = await testDatabase();
    const { code, expiresAt } = await createInstallCode(sequelize, { label: 'Riverbend Canvas', ttlHours: 1 });
    expect(code).to.match(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect(expiresAt.getTime()).to.be.closeTo(Date.now() + 3600_000, 5000);
    expect(await installCodeProblem(sequelize, code)).to.equal(null);
    expect(await installCodeProblem(sequelize, undefined)).to.contain('has none');
    expect(await installCodeProblem(sequelize, 'AAAA-BBBB-CCCC-DDDD')).to.contain('not one this CoachLoop server issued');
    expect(await installCodeProblem(sequelize, code, new Date(Date.now() + 2 * 3600_000))).to.contain('expired');
    expect(await consumeInstallCode(sequelize, code, 'kid-1')).to.equal(true);
    expect(await consumeInstallCode(sequelize, code, 'kid-2')).to.equal(false);
    expect(await installCodeProblem(sequelize, code)).to.contain('already used');
    const listed = (await listInstallCodes(sequelize)).find((c) => c.label === 'Riverbend Canvas');
    expect(listed?.usedByPlatformKid).to.equal('kid-1');
    expect(JSON.stringify(await sequelize.query('SELECT * FROM install_codes'))).not.to.contain(code);
  });
});
