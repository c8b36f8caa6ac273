/**
 * How every durable queue here (jobs, the grade outbox) claims rows so that any number of
 * workers, in any number of processes, can share one table without taking the same row twice.
 */
import { QueryTypes, Transaction, type Sequelize } from 'sequelize';
import { dialectOf } from '../db/database';

/** A plain read that says whether anything is due (no lock). */
export interface ClaimProbe {
  sql: string;
  replacements: unknown[];
}

/**
 * Runs `claim` only if `probe` finds a row: a plain read first, so an idle poll takes no lock (on
 * SQLite an IMMEDIATE transaction would block every writer); then a transaction in which `claim`
 * re-reads the rows with `lock` appended to its SELECT and marks them taken. MariaDB/MySQL:
 * `FOR UPDATE SKIP LOCKED`, so concurrent workers pass over each other's rows; SQLite: no clause,
 * the IMMEDIATE transaction serialises writers. Resolves null when nothing was due.
 */
export async function claimRows<T>(sequelize: Sequelize, probe: ClaimProbe, claim: (transaction: Transaction, lock: string) => Promise<T>): Promise<T | null> {
  const due = await sequelize.query(probe.sql, { replacements: probe.replacements, type: QueryTypes.SELECT });
  if (due.length === 0) return null;
  const mysql = dialectOf(sequelize) === 'mysql';
  const options = mysql ? {} : { type: Transaction.TYPES.IMMEDIATE };
  return sequelize.transaction(options, (transaction) => claim(transaction, mysql ? ' FOR UPDATE SKIP LOCKED' : ''));
}
