/**
 * Survey writes on SQLite go one at a time through a queue in this process.
 *
 * SQLite has one writer at a time anyway, but each waiting `BEGIN IMMEDIATE` sleeps in SQLite's
 * busy handler on one of libuv's four threadpool threads. With more than four submissions waiting
 * (a class answering at once), the transaction holding the lock can no longer get a thread for its
 * next statement, and everyone times out with SQLITE_BUSY after 10 s. Queueing the transactions
 * here keeps the threads free; the lock is held only while statements run. MariaDB/MySQL run
 * their transactions side by side as usual.
 */
import type { Sequelize, Transaction } from 'sequelize';
import { dialectOf } from '../../../db/database';

let tail: Promise<unknown> = Promise.resolve();

/** Runs `work` in a transaction: queued behind the other survey writes of this process on SQLite. */
export function surveyTransaction<T>(sequelize: Sequelize, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  if (dialectOf(sequelize) !== 'sqlite') return sequelize.transaction(work);
  const run = tail.then(() => sequelize.transaction(work));
  tail = run.catch(() => undefined);
  return run;
}
