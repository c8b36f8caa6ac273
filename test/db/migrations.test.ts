import { expect } from 'chai';
import { createMigrator } from '../../src/db/migrate';
import { dropAllTables, scratchDatabase } from '../helpers/database';

describe('migrations', function () {
  this.timeout(120_000);

  it('apply, revert completely and apply again on this dialect', async () => {
    // A database of its own: the shared test database is migrated and used by other tests.
    const { sequelize: db, drop } = await scratchDatabase('migrations');
    try {
      await dropAllTables(db);
      const migrator = createMigrator(db);
      const applied = await migrator.up();
      expect(applied.length).to.be.greaterThan(5);
      const tables = (await db.getQueryInterface().showAllTables()).map(String);
      expect(tables).to.include.members(['lti_platforms', 'lti_nonces', 'tenants', 'people', 'spaces', 'memberships', 'role_overrides', 'cycles', 'goals', 'audit_log']);
      await migrator.down({ to: 0 });
      const left = (await db.getQueryInterface().showAllTables()).map(String).filter((t) => t !== 'schema_migrations');
      expect(left).to.deep.equal([]);
      expect((await migrator.up()).length).to.equal(applied.length);
      expect(await migrator.pending()).to.deep.equal([]);
    } finally {
      await drop();
    }
  });
});
