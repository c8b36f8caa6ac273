// Test-wide set-up: tests always run in the "test" mode with quiet logs, and the shared test
// database is closed (and its temporary file removed) when the run ends.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';

import { closeTestDatabase } from './helpers/database';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await closeTestDatabase();
  },
};
