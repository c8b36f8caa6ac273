/** The survey migrations apply, revert (each with its down) and apply again, on this run's dialect, in a scratch database. */
import { expect } from 'chai';
import { createMigrator } from '../../../src/db/migrate';
import { dropAllTables, scratchDatabase } from '../../helpers/database';

const SURVEY_MIGRATIONS = [
  '20261122170000-create-surveys', '20261122170100-create-survey-questions', '20261122170200-create-survey-drafts',
  '20261122170300-create-survey-completions', '20261122170400-create-survey-responses', '20261122170500-create-survey-response-owners',
];
const TABLES = ['surveys', 'survey_questions', 'survey_drafts', 'survey_completions', 'survey_responses', 'survey_response_owners'];

describe('survey migrations', function () {
  this.timeout(60_000);

  it('create the six tables, revert them one by one and apply them again', async () => {
    const { sequelize, drop } = await scratchDatabase('surveymig');
    const tables = async () => (await sequelize.getQueryInterface().showAllTables()).map(String);
    try {
      await dropAllTables(sequelize);
      const migrator = createMigrator(sequelize);
      expect((await migrator.up()).map((m) => m.name)).to.include.members(SURVEY_MIGRATIONS);
      expect(await tables()).to.include.members(TABLES);
      for (let i = SURVEY_MIGRATIONS.length - 1; i >= 0; i--) {
        await migrator.down({ to: SURVEY_MIGRATIONS[i] });
        const left = await tables();
        for (const t of TABLES.slice(i)) expect(left, `after reverting ${SURVEY_MIGRATIONS[i]}`).not.to.include(t);
        for (const t of TABLES.slice(0, i)) expect(left).to.include(t);
      }
      expect((await migrator.up()).map((m) => m.name)).to.include.members(SURVEY_MIGRATIONS);
      expect(await migrator.pending()).to.deep.equal([]);
    } finally {
      await drop();
    }
  });
});
