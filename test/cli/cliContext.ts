/**
 * Runs CLI commands in-process against the shared test database, capturing what they print.
 * The app (LTI adapter) is built on first use, as the real runner does, and closed by close().
 */
import type { CoachLoopApp } from '../../src/app';
import { createApp } from '../../src/app';
import type { CliCommand, CliContext } from '../../src/cli/command';
import { loadConfig, type Config } from '../../src/config';
import { testDatabase } from '../helpers/database';
import { TEST_ENCRYPTION_KEY } from '../helpers/harness';

export const CLI_PUBLIC_URL = 'https://coachloop.example.org';

/** A command run's exit code and output. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A CLI context on the test database. */
export interface TestCli {
  ctx: CliContext;
  /** Runs a command with fresh output buffers. */
  run(command: CliCommand, args: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

/** Builds the context (config in test mode, public URL https://coachloop.example.org). */
export async function testCli(overrides: Partial<Config> = {}): Promise<TestCli> {
  const sequelize = await testDatabase();
  const config: Config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }), publicUrl: CLI_PUBLIC_URL, ...overrides };
  let app: Promise<CoachLoopApp> | undefined;
  let out: string[] = [];
  let err: string[] = [];
  const ctx: CliContext = {
    config,
    sequelize,
    coachloop: () => (app ??= createApp({ config, sequelize })),
    out: (line = '') => void out.push(line),
    err: (line = '') => void err.push(line),
  };
  return {
    ctx,
    run: async (command, args) => {
      out = [];
      err = [];
      const code = await command.run(args, ctx);
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    close: async () => {
      if (app) await (await app).close();
    },
  };
}
