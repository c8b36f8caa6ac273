import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createMigrator } from '../../../src/db/migrate';
import { dropAllTables, scratchDatabase } from '../../helpers/database';

const GRADE_MIGRATIONS = ['20261122150000-create-lms-line-items', '20261122150100-create-grade-outbox', '20261122150200-add-maybe-delivered-to-grade-outbox'];

describe('grade outbox migrations', function () {
  this.timeout(60_000);

  it('create lms_line_items and grade_outbox, revert them and apply them again', async () => {
    const { sequelize, drop } = await scratchDatabase('mig');
    try {
      await dropAllTables(sequelize);
      const migrator = createMigrator(sequelize);
      const applied = (await migrator.up()).map((m) => m.name);
      expect(applied).to.include.members(GRADE_MIGRATIONS);
      const tables = (await sequelize.getQueryInterface().showAllTables()).map(String);
      expect(tables).to.include.members(['lms_line_items', 'grade_outbox']);
      const columns = Object.keys(await sequelize.getQueryInterface().describeTable('grade_outbox'));
      expect(columns).to.include.members(['score_timestamp', 'status', 'attempts', 'max_attempts', 'next_attempt_at', 'locked_by', 'locked_until', 'last_error_code', 'last_error', 'sent_at', 'maybe_delivered']);

      await migrator.down({ to: GRADE_MIGRATIONS[0] });
      const left = (await sequelize.getQueryInterface().showAllTables()).map(String);
      expect(left).not.to.include('lms_line_items');
      expect(left).not.to.include('grade_outbox');
      const again = (await migrator.up()).map((m) => m.name);
      expect(again).to.include.members(GRADE_MIGRATIONS);
      expect(await migrator.pending()).to.deep.equal([]);
      const count = await sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM grade_outbox', { type: QueryTypes.SELECT });
      expect(Number(count[0].n)).to.equal(0);
    } finally {
      await drop();
    }
  });
});
