import { expect } from 'chai';
import { createDatabase } from '../../src/db/database';
import { createMigrator } from '../../src/db/migrate';
import { dropAllTables, testDatabaseUrl } from '../helpers/database';

describe('migrations', function () {
  this.timeout(60_000);

  it('apply, revert completely and apply again on this dialect', async () => {
    // A second connection to the same database: the shared one is migrated by other tests.
    const url = testDatabaseUrl().replace(/test\.sqlite$/, 'migrations.sqlite').replace(/\/coachloop_test$/, '/coachloop_test');
    const sequelize = createDatabase({ databaseUrl: url });
    const isShared = url === testDatabaseUrl();
    try {
      if (isShared) {
        // MariaDB: use a separate schema so the shared test schema is untouched.
        await sequelize.query('CREATE DATABASE IF NOT EXISTS coachloop_migrations CHARACTER SET utf8mb4');
        await sequelize.close();
      }
      const target = isShared ? url.replace(/\/coachloop_test$/, '/coachloop_migrations') : url;
      const db = isShared ? createDatabase({ databaseUrl: target }) : sequelize;
      try {
        await dropAllTables(db);
        const migrator = createMigrator(db);
        const applied = await migrator.up();
        expect(applied.length).to.be.greaterThan(5);
        const tables = (await db.getQueryInterface().showAllTables()).map(String);
        expect(tables).to.include.members(['lti_platforms', 'lti_nonces', 'tenants', 'people', 'spaces', 'memberships', 'role_overrides']);
        await migrator.down({ to: 0 });
        const left = (await db.getQueryInterface().showAllTables()).map(String).filter((t) => t !== 'schema_migrations');
        expect(left).to.deep.equal([]);
        expect((await migrator.up()).length).to.equal(applied.length);
        expect(await migrator.pending()).to.deep.equal([]);
      } finally {
        if (isShared) {
          await db.query('DROP DATABASE IF EXISTS coachloop_migrations');
          await db.close();
        }
      }
    } finally {
      if (!isShared) await sequelize.close();
    }
  });
});
