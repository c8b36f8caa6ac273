/**
 * Runs the migrations in migrations/ (umzug, recorded in the SequelizeMeta table).
 *
 * `npm run migrate` applies pending migrations; `npm run migrate -- down` reverts the last one;
 * `npm run migrate -- status` lists them. Start-up in development and tests applies them too.
 */
import path from 'node:path';
import fs from 'node:fs';
import { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';

/** What every migration file exports. */
export interface Migration {
  up(queryInterface: QueryInterface, sequelize: Sequelize): Promise<void>;
  down(queryInterface: QueryInterface, sequelize: Sequelize): Promise<void>;
}

/** The migrations folder, whether we run from src/ (tsx) or dist/src/ (compiled). */
function migrationsFolder(): string {
  return path.resolve(__dirname, '..', '..', 'migrations');
}

/** Builds the migrator for a Sequelize instance. */
export function createMigrator(sequelize: Sequelize, log: (msg: string) => void = () => undefined): Umzug<QueryInterface> {
  const folder = migrationsFolder();
  const files = fs
    .readdirSync(folder)
    .filter((f) => /^\d{14}-[a-z0-9-]+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  return new Umzug<QueryInterface>({
    // Migration files are loaded by path at run time (ts under tsx, js when compiled).
    /* eslint-disable @typescript-eslint/no-require-imports */
    migrations: files.map((file) => ({
      name: file.replace(/\.(ts|js)$/, ''),
      path: path.join(folder, file),
      up: async ({ context }) => (require(path.join(folder, file)) as Migration).up(context, sequelize),
      down: async ({ context }) => (require(path.join(folder, file)) as Migration).down(context, sequelize),
    })),
    /* eslint-enable @typescript-eslint/no-require-imports */
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: { info: (m) => log(`migrate: ${JSON.stringify(m)}`), warn: (m) => log(`migrate: ${JSON.stringify(m)}`), error: (m) => console.error(m), debug: () => undefined },
  });
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(sequelize: Sequelize): Promise<string[]> {
  const applied = await createMigrator(sequelize).up();
  return applied.map((m) => m.name);
}

if (require.main === module) {
  void (async () => {
    const { loadConfig, ConfigError } = await import('../config');
    const { createDatabase } = await import('./database');
    try {
      const config = loadConfig();
      const sequelize = createDatabase({ databaseUrl: config.databaseUrl, log: config.dbLog });
      const migrator = createMigrator(sequelize, console.log);
      const command = process.argv[2] ?? 'up';
      if (command === 'up') {
        const done = await migrator.up();
        console.log(done.length ? `Applied ${done.length} migration(s): ${done.map((m) => m.name).join(', ')}` : 'The database is up to date.');
      } else if (command === 'down') {
        const done = await migrator.down();
        console.log(done.length ? `Reverted ${done.map((m) => m.name).join(', ')}` : 'Nothing to revert.');
      } else if (command === 'status') {
        for (const m of await migrator.executed()) console.log(`applied  ${m.name}`);
        for (const m of await migrator.pending()) console.log(`pending  ${m.name}`);
      } else {
        console.error(`Unknown command "${command}": use up, down or status.`);
        process.exitCode = 2;
      }
      await sequelize.close();
    } catch (err) {
      console.error(err instanceof ConfigError ? err.message : err);
      process.exitCode = 1;
    }
  })();
}
