/**
 * The test database: SQLite in a fresh temporary file by default, or the MariaDB/MySQL database
 * DATABASE_URL points at (emptied and migrated from scratch at the start of the run).
 * One instance per test process; tests isolate themselves by creating their own tenants.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, Sequelize } from 'sequelize';
import { createDatabase, dialectOf } from '../../src/db/database';
import { createMigrator } from '../../src/db/migrate';
import { initModels } from '../../src/db/models';

let shared: Promise<Sequelize> | undefined;
let tempDir: string | undefined;

/** The database URL tests use. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (url && /^(mysql|mariadb):/.test(url)) return url;
  tempDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'coachloop-test-'));
  return `sqlite:${path.join(tempDir, 'test.sqlite')}`;
}

/** Drops every table so migrations start from nothing (MariaDB runs are repeatable). */
export async function dropAllTables(sequelize: Sequelize): Promise<void> {
  if (dialectOf(sequelize) === 'mysql') {
    const tables = await sequelize.query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()', { type: QueryTypes.SELECT });
    await sequelize.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const { t } of tables) await sequelize.query(`DROP TABLE IF EXISTS \`${t}\``);
    await sequelize.query('SET FOREIGN_KEY_CHECKS = 1');
  } else {
    await sequelize.getQueryInterface().dropAllTables();
  }
}

/** The shared, migrated test database. */
export function testDatabase(): Promise<Sequelize> {
  shared ??= (async () => {
    const sequelize = createDatabase({ databaseUrl: testDatabaseUrl(), log: process.env.DB_LOG === 'on' });
    await dropAllTables(sequelize);
    await createMigrator(sequelize).up();
    initModels(sequelize);
    return sequelize;
  })();
  return shared;
}

/** Closes the shared database and removes the temporary SQLite file (root hook). */
export async function closeTestDatabase(): Promise<void> {
  if (shared) {
    const s = await shared;
    await s.close();
    shared = undefined;
  }
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

/**
 * A database of its own for tests that migrate up and down (never the shared test database): a
 * sibling SQLite file, or `<name>_<suffix>` on MariaDB. `url` is its DATABASE_URL (for processes a test
 * starts); `drop()` removes it and closes the connection.
 */
export async function scratchDatabase(suffix: string): Promise<{ sequelize: Sequelize; url: string; drop(): Promise<void> }> {
  if (!/^[a-z0-9_]+$/.test(suffix)) throw new Error(`Scratch database suffix must be [a-z0-9_]: ${suffix}`);
  const url = testDatabaseUrl();
  if (url.startsWith('sqlite:')) {
    const scratchUrl = url.replace(/\.sqlite$/, `-${suffix}.sqlite`);
    const sequelize = createDatabase({ databaseUrl: scratchUrl });
    return { sequelize, url: scratchUrl, drop: () => sequelize.close() };
  }
  const name = `${new URL(url).pathname.slice(1)}_${suffix}`;
  const admin = createDatabase({ databaseUrl: url });
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.close();
  const scratchUrl = url.replace(/\/[^/]+$/, `/${name}`);
  const sequelize = createDatabase({ databaseUrl: scratchUrl });
  return {
    sequelize,
    url: scratchUrl,
    drop: async () => {
      await sequelize.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await sequelize.close();
    },
  };
}
