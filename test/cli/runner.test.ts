import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { prepareDatabase, runCli, type CliIo } from '../../src/cli/index';
import { COMMANDS } from '../../src/cli/commands';
import { loadConfig } from '../../src/config';
import { createDatabase } from '../../src/db/database';

function captured(): CliIo & { out: (l?: string) => void; text(): { out: string; err: string } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l = '') => void out.push(l), err: (l = '') => void err.push(l), text: () => ({ out: out.join('\n'), err: err.join('\n') }) };
}

describe('CLI runner', function () {
  this.timeout(30_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coachloop-cli-'));
    env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}`, PUBLIC_URL: 'https://coachloop.example.org' };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists its commands; an unknown command or none is exit 2', async () => {
    expect(COMMANDS.map((c) => c.name)).to.include.members(['platform', 'deployments', 'install-code']);
    const help = captured();
    expect(await runCli(['help'], { env, io: help })).to.equal(0);
    expect(help.text().out).to.contain('platform').and.contain('deployments').and.contain('install-code');
    const none = captured();
    expect(await runCli([], { env, io: none })).to.equal(2);
    const unknown = captured();
    expect(await runCli(['plattform'], { env, io: unknown })).to.equal(2);
    expect(unknown.text().err).to.contain('Unknown command "plattform"');
  });

  it('migrates a new database, runs the command and reports usage errors with exit 2', async () => {
    const list = captured();
    expect(await runCli(['platform', 'list'], { env, io: list })).to.equal(0);
    expect(list.text().out).to.contain('No platform is registered yet');
    const bad = captured();
    expect(await runCli(['platform', 'add', '--issuer'], { env, io: bad })).to.equal(2);
    expect(bad.text().err).to.contain('--issuer needs a value').and.contain('Usage:');
    const unknownFlag = captured();
    expect(await runCli(['deployments', 'list', '--everything'], { env, io: unknownFlag })).to.equal(2);
    expect(unknownFlag.text().err).to.contain('Unknown option --everything');
  });

  it('stops with exit 1 and the configuration message when the environment is not valid', async () => {
    const io = captured();
    expect(await runCli(['platform', 'list'], { env: { NODE_ENV: 'production' }, io })).to.equal(1);
    expect(io.text().err).to.contain('PUBLIC_URL is missing');
  });

  it('refuses pending migrations in production instead of applying them', async () => {
    const sequelize = createDatabase({ databaseUrl: `sqlite:${path.join(dir, 'empty.sqlite')}` });
    try {
      const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), mode: 'production' as const };
      let message = '';
      await prepareDatabase(config, sequelize).catch((err: Error) => (message = err.message));
      expect(message).to.contain('The database needs').and.contain('npm run migrate');
      expect(await sequelize.getQueryInterface().showAllTables()).not.to.include('tenants');
    } finally {
      await sequelize.close();
    }
  });

  it('as a process: prints, exits by itself with the command\'s code', async () => {
    const run = (args: string[]) => new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(__dirname, '..', '..', 'src', 'cli', 'index.ts'), ...args], {
        env: { ...process.env, ...env, DATABASE_URL: `sqlite:${path.join(dir, 'process.sqlite')}` },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`the CLI did not exit by itself: ${out} ${err}`));
      }, 25_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, out, err });
      });
    });
    const created = await run(['install-code', 'create', '--label', 'From a process']);
    expect(created.code, created.err).to.equal(0);
    expect(created.out).to.contain('https://coachloop.example.org/lti/register?install_code=');
    const added = await run(['platform', 'add', '--issuer', 'https://lms.example.org', '--client-id', 'p', '--auth-url', 'https://lms.example.org/a', '--token-url', 'https://lms.example.org/t', '--jwks-url', 'https://lms.example.org/j', '--deployment-id', '7']);
    expect(added.code, added.err).to.equal(0);
    expect(added.out).to.contain('Registered a new platform');
    const bad = await run(['deployments', 'approve', 'x']);
    expect(bad.code).to.equal(2);
  });
});
