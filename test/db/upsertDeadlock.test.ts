/**
 * A launch's upsert that MariaDB picks as a deadlock victim is run again instead of failing the
 * launch with a 500 (seen with two instances: concurrent launches, survey submissions and a roster
 * sync of one course). The deadlock is made on purpose: a transaction holds a shared lock on the
 * course row (as a foreign key check does), the upsert queues for it, and the transaction then
 * updates the row. MariaDB/MySQL only; SQLite serialises writers and never deadlocks.
 */
import crypto from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { dialectOf } from '../../src/db/database';
import { upsertReturningId } from '../../src/db/upsert';
import { testDatabase } from '../helpers/database';

/** A tenant row of its own (foreign keys off for this one insert: no platform needed). */
async function bareTenant(sequelize: Sequelize): Promise<number> {
  return sequelize.transaction(async (transaction) => {
    await sequelize.query('SET FOREIGN_KEY_CHECKS = 0', { transaction });
    const now = new Date();
    const [id] = (await sequelize.query(
      "INSERT INTO tenants (platform_kid, tenant_key, issuer, client_id, deployment_id, name, status, created_at, updated_at) VALUES (?, ?, 'https://lms.example.org', 'c', 'd', 'Deadlock test', 'active', ?, ?)",
      { replacements: [`kid-${crypto.randomBytes(4).toString('hex')}`, crypto.randomBytes(32).toString('hex'), now, now], type: QueryTypes.INSERT, transaction },
    )) as unknown as [number];
    await sequelize.query('SET FOREIGN_KEY_CHECKS = 1', { transaction });
    return Number(id);
  });
}

describe('upserts on MariaDB: deadlock victims', () => {
  it('runs a launch upsert of a course again when MariaDB rolled it back to break a deadlock', async function () {
    this.timeout(30_000);
    const sequelize = await testDatabase();
    if (dialectOf(sequelize) !== 'mysql') this.skip();
    const tenantId = await bareTenant(sequelize);
    const course = () => ({
      tenant_id: tenantId, context_id: 'deadlock-course', title: 'Course', label: 'C', context_types: '[]', nrps_url: null, ags_lineitems_url: null,
      last_launch_at: new Date(), created_at: new Date(), updated_at: new Date(),
    });
    const upsertCourse = () => upsertReturningId(sequelize, { table: 'spaces', values: course(), conflictKeys: ['tenant_id', 'context_id'], updateColumns: ['title', 'last_launch_at', 'updated_at'] });
    const spaceId = await upsertCourse();

    let launch: Promise<number> | undefined;
    await sequelize.transaction(async (transaction) => {
      // Weigh the transaction (rows it changed) so that MariaDB picks the lone upsert as the victim.
      for (let i = 0; i < 20; i++) {
        await sequelize.query("INSERT INTO people (tenant_id, sub, name, created_at, updated_at) VALUES (?, ?, 'Weight', NOW(), NOW())", { replacements: [tenantId, `weight-${i}`], transaction });
      }
      await sequelize.query('SELECT id FROM spaces WHERE id = ? LOCK IN SHARE MODE', { replacements: [spaceId], type: QueryTypes.SELECT, transaction });
      const [connection] = await sequelize.query<{ id: number | string }>('SELECT CONNECTION_ID() AS id', { type: QueryTypes.SELECT, transaction });
      launch = upsertCourse();
      launch.catch(() => undefined);
      // Wait until the upsert queues behind the shared lock (another connection, not this one).
      for (;;) {
        const waiting = await sequelize.query<{ n: number | string; state: string }>(
          "SELECT id AS n, state FROM information_schema.processlist WHERE info LIKE 'INSERT INTO `spaces`%' AND id <> ?",
          { replacements: [connection.id], type: QueryTypes.SELECT, transaction },
        );
        if (waiting.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Now this transaction needs the row exclusively while the upsert waits for it: a deadlock.
      await sequelize.query("UPDATE spaces SET title = 'Renamed' WHERE id = ?", { replacements: [spaceId], transaction });
    });
    expect(await launch, 'the upsert ran again and found the course').to.equal(spaceId);
    const [row] = await sequelize.query<{ title: string }>('SELECT title FROM spaces WHERE id = ?', { replacements: [spaceId], type: QueryTypes.SELECT });
    expect(row.title, 'the retried upsert wrote after the transaction').to.equal('Course');
  });
});
