/** The reflection migrations apply, revert (each with its down) and apply again, on this run's dialect, in a scratch database. */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createMigrator } from '../../../src/db/migrate';
import { dropAllTables, scratchDatabase } from '../../helpers/database';

const REFLECTION_MIGRATIONS = [
  '20261122160000-create-reflection-settings', '20261122160100-create-reflection-tasks', '20261122160200-create-reflections', '20261122160300-create-reflection-events',
];
const TABLES = ['reflection_settings', 'reflection_tasks', 'reflections', 'reflection_events'];

describe('reflection migrations', function () {
  this.timeout(60_000);

  it('create the four tables, revert them one by one and apply them again', async () => {
    const { sequelize, drop } = await scratchDatabase('reflmig');
    const tables = async () => (await sequelize.getQueryInterface().showAllTables()).map(String);
    try {
      await dropAllTables(sequelize);
      const migrator = createMigrator(sequelize);
      expect((await migrator.up()).map((m) => m.name)).to.include.members(REFLECTION_MIGRATIONS);
      expect(await tables()).to.include.members(TABLES);
      const columns = Object.keys(await sequelize.getQueryInterface().describeTable('reflections'));
      expect(columns).to.include.members(['task_id', 'space_id', 'teacher_person_id', 'status', 'answers', 'feedback', 'score_given', 'score_maximum', 'graded_by', 'submitted_at']);

      // Revert down to (and including) each reflection migration, newest first.
      for (let i = REFLECTION_MIGRATIONS.length - 1; i >= 0; i--) {
        await migrator.down({ to: REFLECTION_MIGRATIONS[i] });
        const left = await tables();
        for (const t of TABLES.slice(i)) expect(left, `after reverting ${REFLECTION_MIGRATIONS[i]}`).not.to.include(t);
        for (const t of TABLES.slice(0, i)) expect(left).to.include(t);
      }
      expect((await migrator.up()).map((m) => m.name)).to.include.members(REFLECTION_MIGRATIONS);
      expect(await migrator.pending()).to.deep.equal([]);
      const [n] = await sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM reflections', { type: QueryTypes.SELECT });
      expect(Number(n.n)).to.equal(0);
    } finally {
      await drop();
    }
  });
});
