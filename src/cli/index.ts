/**
 * CoachLoop's command line for operators: `npm run platform`, `npm run deployments`,
 * `npm run install-code` (each runs `node dist/src/cli/index.js <command> …`).
 *
 * It reads the same configuration as the server, opens the database, applies pending
 * migrations (in production it refuses instead, like the server: run `npm run migrate`), runs
 * the command and closes everything so the process ends. Exit codes: 0 done, 1 failed,
 * 2 bad usage or bad input (nothing changed).
 */
import type { Sequelize } from 'sequelize';
import { createApp, type CoachLoopApp } from '../app';
import { ConfigError, loadConfig, type Config } from '../config';
import { createDatabase } from '../db/database';
import { createMigrator } from '../db/migrate';
import { initModels } from '../db/models';
import { COMMANDS } from './commands';
import { CliFailure, CliUsageError, EXIT, type CliContext } from './command';

/** Where the CLI prints (tests capture it). */
export interface CliIo {
  out(line?: string): void;
  err(line?: string): void;
}

const processIo: CliIo = {
  out: (line = '') => void process.stdout.write(`${line}\n`),
  err: (line = '') => void process.stderr.write(`${line}\n`),
};

function printCommands(print: (line?: string) => void): void {
  print('CoachLoop operator commands (npm run <command> -- <arguments>):');
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  for (const c of COMMANDS) print(`  ${c.name.padEnd(width)}  ${c.summary}`);
  print('Run "npm run <command> -- help" for a command\'s usage.');
}

/**
 * Makes the database ready for a command: reachable, and migrated outside production. In
 * production pending migrations are refused (as at server start) so the schema changes only
 * through `npm run migrate`.
 */
export async function prepareDatabase(config: Config, sequelize: Sequelize): Promise<void> {
  try {
    await sequelize.authenticate();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new CliFailure(`Cannot connect to the database (${reason}). Check DATABASE_URL: host, port, user, password, and that the database exists.`);
  }
  const migrator = createMigrator(sequelize);
  if (config.mode === 'production') {
    const pending = await migrator.pending();
    if (pending.length) {
      throw new CliFailure(`The database needs ${pending.length} migration(s) (${pending.map((m) => m.name).join(', ')}): run \`npm run migrate\` first, then this command again.`);
    }
  } else {
    await migrator.up();
  }
}

/** Runs one command line (`argv` = command name and its arguments); resolves to the exit code. */
export async function runCli(argv: string[], opts: { env?: NodeJS.ProcessEnv; io?: CliIo } = {}): Promise<number> {
  const io = opts.io ?? processIo;
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help') {
    printCommands(name ? io.out : io.err);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".`);
    printCommands(io.err);
    return EXIT.usage;
  }
  let config: Config;
  try {
    config = loadConfig(opts.env ?? process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(err.message);
    return EXIT.failed;
  }
  const sequelize = createDatabase({ databaseUrl: config.databaseUrl, log: config.dbLog });
  let app: Promise<CoachLoopApp> | undefined;
  try {
    await prepareDatabase(config, sequelize);
    initModels(sequelize);
    const ctx: CliContext = { config, sequelize, coachloop: () => (app ??= createApp({ config, sequelize })), out: io.out, err: io.err };
    return await command.run(args, ctx);
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.err(err.message);
      for (const line of command.usage ?? [`Run "npm run ${name} -- help" for its usage.`]) io.err(line);
      return EXIT.usage;
    }
    if (err instanceof CliFailure) {
      io.err(err.message);
      return EXIT.failed;
    }
    io.err(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    if (config.logLevel === 'debug' && err instanceof Error) io.err(err.stack);
    return EXIT.failed;
  } finally {
    if (app) await (await app.catch(() => undefined))?.close();
    await sequelize.close();
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = EXIT.failed;
    },
  );
}
