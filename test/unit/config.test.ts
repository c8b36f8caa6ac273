import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coachloop-config-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('defaults to SQLite under the data folder, localhost:3000 and the demo in development', () => {
    const c = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    expect(c.databaseUrl).to.equal(`sqlite:${path.join(dataDir, 'coachloop.sqlite')}`);
    expect(c.publicUrl).to.equal('http://localhost:3000');
    expect(c.host).to.equal('127.0.0.1');
    expect(c.demo).to.equal(true);
    expect(c.ltiTokenMaxAge).to.equal(60);
  });

  it('generates the development encryption key once and keeps it in the data folder', () => {
    const first = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    expect(first.encryptionKeySource).to.equal('generated');
    expect(first.encryptionKey).to.have.length.of.at.least(32);
    const second = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    expect(second.encryptionKeySource).to.equal('data folder');
    expect(second.encryptionKey).to.equal(first.encryptionKey);
    expect(fs.statSync(path.join(dataDir, 'encryption.key')).mode & 0o077).to.equal(0);
  });

  it('requires the encryption key, public https URL and MySQL database in production, naming each variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production', DATA_DIR: dataDir });
    expect(problems.join('\n')).to.match(/PUBLIC_URL is missing/).and.match(/ENCRYPTION_KEY is missing/).and.match(/DATABASE_URL is missing/);
    expect(fs.existsSync(path.join(dataDir, 'encryption.key'))).to.equal(false);
  });

  it('refuses the demo and plain http in production', () => {
    const problems = problemsOf({
      NODE_ENV: 'production', PUBLIC_URL: 'http://coach.example.org', ENCRYPTION_KEY: 'x'.repeat(40),
      DATABASE_URL: 'mysql://u:p@db:3306/coachloop', DEMO: 'on',
    });
    expect(problems).to.have.length(2);
    expect(problems[0]).to.match(/PUBLIC_URL="http:\/\/coach.example.org" is not valid: production needs an https/);
    expect(problems[1]).to.match(/DEMO=on is not allowed/);
  });

  it('accepts a complete production configuration', () => {
    const c = loadConfig({
      NODE_ENV: 'production', PUBLIC_URL: 'https://coach.example.org/', ENCRYPTION_KEY: 'k'.repeat(64),
      DATABASE_URL: 'mysql://u:p@db:3306/coachloop', PORT: '8080',
    });
    expect(c.publicUrl).to.equal('https://coach.example.org');
    expect(c.port).to.equal(8080);
    expect(c.host).to.equal('0.0.0.0');
    expect(c.demo).to.equal(false);
  });

  it('names the variable and what is expected for malformed values', () => {
    const problems = problemsOf({ NODE_ENV: 'test', PORT: 'eighty', DATABASE_URL: 'postgres://x/y', ENCRYPTION_KEY: 'short', LTI_TOKEN_MAX_AGE: '3600', DEMO: 'maybe' });
    const text = problems.join('\n');
    expect(text).to.contain('PORT="eighty" is not valid: expected a port number');
    expect(text).to.contain('DATABASE_URL="postgres://x/y" is not valid: expected sqlite:');
    expect(text).to.contain('ENCRYPTION_KEY="short" is not valid: expected at least 32 characters');
    expect(text).to.contain('LTI_TOKEN_MAX_AGE="3600" is not valid: expected at most 600 seconds');
    expect(text).to.contain('DEMO="maybe" is not valid');
  });

  it('rejects an unknown mode with the accepted values', () => {
    expect(problemsOf({ NODE_ENV: 'staging' })[0]).to.equal('NODE_ENV="staging" is not valid: expected development, production or test');
  });
});

describe('configuration: proxies', () => {
  it('trusts no proxy by default and the hops or addresses the operator names', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).trustProxy).to.equal(false);
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '1' }).trustProxy).to.equal(1);
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'loopback' }).trustProxy).to.equal('loopback');
    expect(() => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'everyone!' })).to.throw(/TRUST_PROXY="everyone!" is not valid: expected off, a number of proxy hops/);
  });
});

describe('configuration: background jobs', () => {
  it('polls for background jobs every second by default, or as often as JOB_POLL_INTERVAL_MS says within 50 ms to a minute', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).jobPollIntervalMs).to.equal(1000);
    expect(loadConfig({ NODE_ENV: 'test', JOB_POLL_INTERVAL_MS: '100' }).jobPollIntervalMs).to.equal(100);
    expect(problemsOf({ NODE_ENV: 'test', JOB_POLL_INTERVAL_MS: '10' })).to.deep.equal(['JOB_POLL_INTERVAL_MS="10" is not valid: expected at least 50 milliseconds']);
    expect(problemsOf({ NODE_ENV: 'test', JOB_POLL_INTERVAL_MS: 'soon' })).to.deep.equal(['JOB_POLL_INTERVAL_MS="soon" is not valid: expected a number of milliseconds']);
    expect(problemsOf({ NODE_ENV: 'test', JOB_POLL_INTERVAL_MS: '120000' })).to.deep.equal(['JOB_POLL_INTERVAL_MS="120000" is not valid: expected at most 60000 milliseconds (a minute)']);
  });
});
