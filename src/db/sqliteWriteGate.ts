/**
 * On SQLite, this process's writes go through the database one at a time: every transaction, and
 * every write statement run outside a transaction, waits its turn in a queue per Sequelize instance.
 *
 * Why: SQLite has one writer at a time anyway, but a writer that finds the lock taken waits in
 * SQLite's busy handler while holding one of libuv's four threadpool threads (node-sqlite3 runs
 * every statement there). With more than four writers waiting — 20 teachers saving at once is
 * enough — the transaction holding the lock cannot get a thread for its next statement, nobody
 * moves until the busy timeout, and requests fail with SQLITE_BUSY ("database is locked") after
 * seconds of waiting. Waiting here instead costs no thread, and the lock is held only while
 * statements run. (Surveys used to queue their own transactions for this; now all writes do.)
 *
 * What it leaves alone: reads outside a transaction (WAL readers never wait for the writer), and
 * statements that pass their transaction. A write or transaction started inside a queued
 * transaction's callback without passing it is not queued again (it would wait for itself); it
 * meets SQLite's busy timeout as before. The queue has no time limit: a transaction must not wait
 * on the network (none does), since every writer of the process waits for it, as they waited for
 * its write lock before. MariaDB/MySQL are not gated: they run transactions side by side with
 * row locks.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Sequelize, Transaction, TransactionOptions } from 'sequelize';

/** A first-come, first-served lock without threads: each holder runs after the previous released. */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Writers queued or running now. */
  get length(): number {
    return this.waiting;
  }

  /** Waits for the turn; resolves with the function that ends it (calling it twice is harmless). */
  acquire(): Promise<() => void> {
    this.waiting += 1;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const turn = this.tail;
    this.tail = turn.then(() => held);
    let released = false;
    return turn.then(() => () => {
      if (released) return;
      released = true;
      this.waiting -= 1;
      release();
    });
  }

  /** Runs `work` in its turn. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

const WRITE = /^\s*(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b/i;

/** Whether a statement (as Sequelize's query takes it) writes. */
export function isWriteStatement(sql: unknown): boolean {
  const text = typeof sql === 'string' ? sql : (sql as { query?: unknown } | null)?.query;
  return typeof text === 'string' && WRITE.test(text);
}

type Work<T> = (t: Transaction) => PromiseLike<T>;

/**
 * Puts the transactions and the untransacted writes of a SQLite Sequelize instance in one queue
 * (see the file comment). Returns the queue (tests look at it).
 */
export function gateSqliteWrites(sequelize: Sequelize): WriteQueue {
  const queue = new WriteQueue();
  /** Set while a queued managed transaction's callback runs. */
  const insideQueued = new AsyncLocalStorage<true>();
  const transaction = sequelize.transaction.bind(sequelize) as (options?: TransactionOptions | Work<unknown>, work?: Work<unknown>) => Promise<unknown>;
  const query = sequelize.query.bind(sequelize) as (sql: unknown, options?: { transaction?: Transaction | null }) => Promise<unknown>;

  const gatedTransaction = async (optionsOrWork?: TransactionOptions | Work<unknown>, maybeWork?: Work<unknown>): Promise<unknown> => {
    const work = typeof optionsOrWork === 'function' ? optionsOrWork : maybeWork;
    const options = typeof optionsOrWork === 'function' ? undefined : optionsOrWork;
    if (insideQueued.getStore()) return transaction(optionsOrWork, maybeWork);
    if (work) return queue.run(() => insideQueued.run(true, () => (options ? transaction(options, work) : transaction(work))));
    // Unmanaged: the turn lasts until the caller commits or rolls back.
    const release = await queue.acquire();
    try {
      const t = (await transaction(options)) as Transaction;
      const commit = t.commit.bind(t);
      const rollback = t.rollback.bind(t);
      t.commit = () => commit().finally(release);
      t.rollback = () => rollback().finally(release);
      return t;
    } catch (err) {
      release();
      throw err;
    }
  };
  const gatedQuery = (sql: unknown, options?: { transaction?: Transaction | null }): Promise<unknown> => {
    if (options?.transaction || insideQueued.getStore() || !isWriteStatement(sql)) return query(sql, options);
    return queue.run(() => query(sql, options));
  };

  (sequelize as unknown as { transaction: typeof gatedTransaction }).transaction = gatedTransaction;
  (sequelize as unknown as { query: typeof gatedQuery }).query = gatedQuery;
  return queue;
}
