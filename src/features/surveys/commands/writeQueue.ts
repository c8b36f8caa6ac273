/**
 * The transaction survey writes run in. On SQLite, src/db/sqliteWriteGate.ts queues every write
 * transaction of the process (waiting `BEGIN IMMEDIATE`s would otherwise exhaust libuv's
 * threadpool and fail with SQLITE_BUSY); this name stays so survey commands say where they write.
 */
import type { Sequelize, Transaction } from 'sequelize';

/** Runs `work` in a transaction (queued behind the process's other writes on SQLite). */
export function surveyTransaction<T>(sequelize: Sequelize, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  return sequelize.transaction(work);
}
