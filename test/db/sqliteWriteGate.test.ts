// SQLite's write queue (src/db/sqliteWriteGate.ts): many writers at once all succeed, one at a
// time, without deadlocking a transaction on its own reads; MariaDB/MySQL are not queued.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createDatabase } from '../../src/db/database';
import { isWriteStatement, WriteQueue } from '../../src/db/sqliteWriteGate';

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SQLite write queue', function () {
  this.timeout(60_000);
  let dir: string;
  let db: Sequelize;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coachloop-gate-'));
    db = createDatabase({ databaseUrl: `sqlite:${path.join(dir, 'gate.sqlite')}` });
    await db.query('CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT NOT NULL, n INTEGER NOT NULL)');
  });
  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const count = async () => Number((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM notes', { type: QueryTypes.SELECT }))[0].n);

  it('lets 80 transactions and 80 plain writes started at once all succeed (more than libuv has threads)', async () => {
    const transactions = Array.from({ length: 80 }, (_, i) => db.transaction(async (transaction) => {
      // Read, think, write twice: the shape of a teacher saving a reflection.
      await db.query('SELECT COUNT(*) AS n FROM notes WHERE who = ?', { replacements: [`t${i}`], type: QueryTypes.SELECT, transaction });
      await tick();
      await db.query('INSERT INTO notes (who, n) VALUES (?, 1)', { replacements: [`t${i}`], transaction });
      await db.query('UPDATE notes SET n = n + 1 WHERE who = ?', { replacements: [`t${i}`], transaction });
    }));
    const plain = Array.from({ length: 80 }, (_, i) => db.query('INSERT INTO notes (who, n) VALUES (?, 0)', { replacements: [`p${i}`] }));
    const results = await Promise.allSettled([...transactions, ...plain]);
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(failed.map((f) => String(f.reason))).to.deep.equal([]);
    expect(await count()).to.equal(160);
    const updated = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM notes WHERE who LIKE 't%' AND n = 2", { type: QueryTypes.SELECT });
    expect(Number(updated[0].n)).to.equal(80);
  });

  it('runs one transaction at a time, and a plain write waits for the running transaction', async () => {
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const transactions = Array.from({ length: 10 }, (_, i) => db.transaction(async (transaction) => {
      running += 1;
      most = Math.max(most, running);
      await tick(2);
      await db.query('INSERT INTO notes (who, n) VALUES (?, ?)', { replacements: ['t', i], transaction });
      running -= 1;
      if (i === 0) order.push('first transaction');
    }));
    // Issued after the first transaction started: it must not run inside its turn.
    const plain = db.query("INSERT INTO notes (who, n) VALUES ('p', 0)").then(() => order.push('plain write'));
    await Promise.all([...transactions, plain]);
    expect(most).to.equal(1);
    expect(order[0]).to.equal('first transaction');
  });

  it('lets a queued transaction read without passing itself (no deadlock), and a failed one frees the queue', async () => {
    const n = await db.transaction(async (transaction) => {
      await db.query("INSERT INTO notes (who, n) VALUES ('r', 1)", { transaction });
      return count(); // no transaction passed: a read, not queued behind its own transaction
    });
    expect(n).to.be.a('number');
    const failed = await db.transaction(async () => {
      throw new Error('refused');
    }).then(() => 'committed', (err: Error) => err.message);
    expect(failed).to.equal('refused');
    await db.transaction(async (transaction) => db.query("INSERT INTO notes (who, n) VALUES ('after', 1)", { transaction }));
    expect(await count()).to.equal(2);
  });

  it('holds an unmanaged transaction\'s turn until it commits or rolls back', async () => {
    const t = await db.transaction();
    await db.query("INSERT INTO notes (who, n) VALUES ('u', 1)", { transaction: t });
    let plainDone = false;
    const plain = db.query("INSERT INTO notes (who, n) VALUES ('p', 1)").then(() => {
      plainDone = true;
    });
    await tick(20);
    expect(plainDone, 'a plain write waits for the open transaction').to.equal(false);
    await t.commit();
    await plain;
    const t2 = await db.transaction();
    await db.query("INSERT INTO notes (who, n) VALUES ('gone', 1)", { transaction: t2 });
    await t2.rollback();
    await db.query("INSERT INTO notes (who, n) VALUES ('q', 1)");
    expect(await count()).to.equal(3);
  });

  it('tells writes from reads', () => {
    expect(isWriteStatement('INSERT INTO x VALUES (1)')).to.equal(true);
    expect(isWriteStatement('  update x set a = 1')).to.equal(true);
    expect(isWriteStatement({ query: 'DELETE FROM x', values: [] })).to.equal(true);
    expect(isWriteStatement('SELECT * FROM x')).to.equal(false);
    expect(isWriteStatement('PRAGMA journal_mode=WAL')).to.equal(false);
  });
});

describe('WriteQueue', () => {
  it('serves holders first come, first served, and a double release is harmless', async () => {
    const queue = new WriteQueue();
    const seen: number[] = [];
    const first = await queue.acquire();
    const later = [1, 2, 3].map((i) => queue.run(async () => {
      seen.push(i);
    }));
    await tick(5);
    expect(seen).to.deep.equal([]);
    expect(queue.length).to.equal(4);
    first();
    first();
    await Promise.all(later);
    expect(seen).to.deep.equal([1, 2, 3]);
    expect(queue.length).to.equal(0);
  });
});
