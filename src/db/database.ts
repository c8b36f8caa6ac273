/**
 * The one Sequelize instance CoachLoop uses: SQLite by default, MariaDB/MySQL in production.
 *
 * Everything dialect-specific lives in this folder: connection tuning here, upserts in
 * upsert.ts. Schema changes only through migrations (see migrate.ts), never sync().
 */
import path from 'node:path';
import fs from 'node:fs';
import { Sequelize, Options, Transaction } from 'sequelize';
import { gateSqliteWrites } from './sqliteWriteGate';

export type Dialect = 'sqlite' | 'mysql';

/** What createDatabase needs from the configuration. */
export interface DatabaseSettings {
  /** sqlite:<path>, sqlite::memory: or mysql://user:pass@host:port/db */
  databaseUrl: string;
  /** Print every SQL statement (DB_LOG=on). */
  log?: boolean;
}

/** Creates the Sequelize instance for a database URL, tuned for the dialect. */
export function createDatabase(settings: DatabaseSettings): Sequelize {
  const logging = settings.log ? (sql: string) => console.log(`[sql] ${sql}`) : false;
  const common: Options = {
    logging,
    define: { underscored: true, timestamps: true, freezeTableName: true },
  };
  if (settings.databaseUrl.startsWith('sqlite:')) {
    const file = settings.databaseUrl.slice('sqlite:'.length);
    const storage = file === ':memory:' || file === '' ? ':memory:' : path.resolve(file);
    if (storage !== ':memory:') fs.mkdirSync(path.dirname(storage), { recursive: true });
    const sequelize = new Sequelize({
      ...common,
      dialect: 'sqlite',
      storage,
      // Writers take the lock at BEGIN, so two transactions never deadlock upgrading a read lock.
      transactionType: Transaction.TYPES.IMMEDIATE,
      retry: { match: [/SQLITE_BUSY/], max: 5 },
    });
    tuneSqliteConnections(sequelize);
    // One writer at a time in this process, queued without holding threads (see sqliteWriteGate.ts).
    gateSqliteWrites(sequelize);
    return sequelize;
  }
  const url = settings.databaseUrl.replace(/^mariadb:/, 'mysql:');
  return new Sequelize(url, {
    ...common,
    dialect: 'mysql',
    dialectOptions: { charset: 'utf8mb4', dateStrings: false, supportBigNumbers: true },
    define: { ...common.define, charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    pool: { max: 10, min: 0, idle: 10_000, acquire: 30_000 },
    timezone: '+00:00',
  });
}

/** The dialect of a Sequelize instance, narrowed to the two CoachLoop supports. */
export function dialectOf(sequelize: Sequelize): Dialect {
  return sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql';
}

interface SqliteHandle {
  configure(option: 'busyTimeout', value: number): void;
  run(sql: string, cb?: (err: Error | null) => void): void;
}
interface SqliteConnectionManager {
  getConnection(options?: unknown): Promise<SqliteHandle>;
}

/**
 * Sequelize opens one SQLite connection per transaction; each must wait for the write lock
 * instead of failing at once, and WAL with synchronous=NORMAL halves what a launch writes.
 * Sequelize runs no afterConnect hook for SQLite, so its getConnection is wrapped here.
 */
function tuneSqliteConnections(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager as unknown as SqliteConnectionManager;
  const original = manager.getConnection.bind(manager);
  const tuned = new WeakSet<SqliteHandle>();
  manager.getConnection = async (options?: unknown) => {
    const connection = await original(options);
    if (!tuned.has(connection)) {
      tuned.add(connection);
      connection.configure('busyTimeout', 10_000);
      connection.run('PRAGMA journal_mode=WAL');
      connection.run('PRAGMA synchronous=NORMAL');
    }
    return connection;
  };
}
