/** `npm run keys -- list | rotate | retire-expired` against the test database. */
import { expect } from 'chai';
import type { Sequelize } from 'sequelize';
import { keysCommand } from '../../src/cli/keysCommand';
import { CliUsageError, type CliContext } from '../../src/cli/command';
import { loadConfig } from '../../src/config';
import { ToolKeys } from '../../src/lti/toolKeys';
import { testDatabase } from '../helpers/database';
import { TEST_ENCRYPTION_KEY } from '../helpers/harness';

describe('keys command', function () {
  this.timeout(30_000);
  let sequelize: Sequelize;
  let keys: ToolKeys;
  let out: string[];
  let err: string[];
  let ctx: CliContext;

  before(async () => {
    sequelize = await testDatabase();
    keys = new ToolKeys(sequelize, TEST_ENCRYPTION_KEY);
    await keys.ensureActiveKey();
  });
  beforeEach(() => {
    out = [];
    err = [];
    const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }), publicUrl: 'https://coachloop.example.org' };
    ctx = {
      config, sequelize,
      coachloop: () => Promise.reject(new Error('the keys command needs no application')),
      out: (line = '') => out.push(line),
      err: (line = '') => err.push(line),
    };
  });

  it('lists every key with its status, creation, activation and retire-after times', async () => {
    const active = await keys.ensureActiveKey();
    expect(await keysCommand.run(['list'], ctx)).to.equal(0);
    expect(out[0]).to.match(/^KID\s+STATUS\s+CREATED\s+ACTIVATED\s+RETIRE AFTER$/);
    const row = out.find((l) => l.startsWith(active));
    expect(row).to.match(/\sactive\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+-$/);
    expect(out.join('\n')).to.contain('https://coachloop.example.org/lti/keys');
  });

  it('rotates with the configured overlap (or --overlap-hours) and says until when the old key stays published', async () => {
    const old = await keys.ensureActiveKey();
    expect(await keysCommand.run(['rotate'], ctx)).to.equal(0);
    const fresh = (await keys.list()).find((k) => k.status === 'active')!;
    expect(fresh.kid).not.to.equal(old);
    expect(out[0]).to.equal(`New active key: ${fresh.kid}`);
    const retireAfter = (await keys.list()).find((k) => k.kid === old)!.retireAfter!;
    expect(retireAfter.getTime()).to.be.closeTo(Date.now() + ctx.config.keyOverlapHours * 3_600_000, 60_000);
    expect(out[1]).to.contain(`Previous key ${old} stays published until ${retireAfter.toISOString().slice(0, 16).replace('T', ' ')} UTC (${ctx.config.keyOverlapHours} h)`);

    out.length = 0;
    expect(await keysCommand.run(['rotate', '--overlap-hours', '1.5'], ctx)).to.equal(0);
    const listed = await keys.list();
    expect(listed.find((k) => k.kid === fresh.kid)!.retireAfter!.getTime()).to.be.closeTo(Date.now() + 1.5 * 3_600_000, 60_000);
    out.length = 0;
    await keysCommand.run(['list'], ctx);
    expect(out.find((l) => l.startsWith(fresh.kid))).to.contain('retiring (published)');
  });

  it('refuses a bad overlap or argument with exit 2 and changes nothing', async () => {
    const before = await keys.list();
    for (const bad of [['rotate', '--overlap-hours', 'soon'], ['rotate', '--overlap-hours', '-1'], ['rotate', '--overlap-hours=9999']]) {
      expect(await keysCommand.run(bad, ctx), bad.join(' ')).to.equal(2);
    }
    expect(err.join('\n')).to.contain('--overlap-hours: expected a number of hours from 0 to 720');
    let usage: unknown;
    try {
      await keysCommand.run(['rotate', '--force'], ctx);
    } catch (e) {
      usage = e;
    }
    expect(usage).to.be.instanceOf(CliUsageError);
    try {
      await keysCommand.run(['shred'], ctx);
    } catch (e) {
      usage = e;
    }
    expect(String(usage)).to.contain('use list, rotate or retire-expired');
    expect(await keysCommand.run([], ctx)).to.equal(2);
    expect(await keys.list()).to.deep.equal(before);
  });

  it('retires keys past their overlap and names those still published', async () => {
    await keys.retireExpired(Date.now() + 365 * 24 * 3_600_000);
    // The key running apps may hold stays published; the next one is rotated out with no overlap.
    const current = await keys.ensureActiveKey();
    const { kid: expired } = await keys.rotate(5);
    const { kid: published } = await keys.rotate(0);
    await keys.rotate(5);
    expect(await keysCommand.run(['retire-expired'], ctx)).to.equal(0);
    expect(out[0]).to.equal(`Retired (no longer published): ${expired}`);
    expect(out.slice(1).sort()).to.have.length(2);
    for (const kid of [current, published]) expect(out.some((l) => new RegExp(`^Still published: ${kid} until .+ UTC$`).test(l)), kid).to.equal(true);
    out.length = 0;
    expect(await keysCommand.run(['retire-expired'], ctx)).to.equal(0);
    expect(out[0]).to.equal('No retiring key has passed its overlap: nothing changed.');
    expect((await keys.list()).find((k) => k.kid === expired)?.status).to.equal('retired');
  });
});
