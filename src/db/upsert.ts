/**
 * Insert-or-update on a unique key in one statement, returning the row's id, on SQLite and on
 * MariaDB/MySQL. Launches and roster syncs upsert people, spaces and memberships on every
 * request, so this is one round trip instead of a select followed by an insert or update.
 * Outside a transaction an upsert MariaDB picked as a deadlock victim is run again: it is
 * idempotent and was rolled back whole (see deadlock.ts); inside one, the caller decides.
 */
import { QueryTypes, Sequelize, Transaction } from 'sequelize';
import { dialectOf } from './database';
import { retryDeadlockedStatement } from './deadlock';

/** Runs the statement, again if it was a deadlock victim when it ran on its own. */
function statement<T>(transaction: Transaction | undefined, run: () => Promise<T>): Promise<T> {
  return transaction ? run() : retryDeadlockedStatement(run);
}

/** Column values for one row; Date values are stored as UTC. */
export type RowValues = Record<string, string | number | boolean | Date | null>;

/** What to upsert and how. */
export interface UpsertSpec {
  /** Table name (trusted: always a literal in our code). */
  table: string;
  /** Values for a new row (must include every column of the unique key). */
  values: RowValues;
  /** Columns of the unique key the conflict is detected on. */
  conflictKeys: string[];
  /** Columns overwritten when the row exists (default: every non-key column given). */
  updateColumns?: string[];
  transaction?: Transaction;
}

const identifier = /^[a-z_][a-z0-9_]*$/;

function quoted(sequelize: Sequelize, name: string): string {
  if (!identifier.test(name)) throw new Error(`Refusing unsafe SQL identifier: ${name}`);
  return sequelize.getQueryInterface().quoteIdentifier(name);
}

/** Inserts or updates one row (for tables without a numeric id, e.g. ltijs's). */
export async function upsertRow(sequelize: Sequelize, spec: UpsertSpec): Promise<void> {
  await upsertRows(sequelize, { ...spec, rows: [spec.values] });
}

/** Inserts or updates many rows in as few statements as possible (chunks of `chunkSize`, default 500). */
export async function upsertRows(
  sequelize: Sequelize,
  spec: Omit<UpsertSpec, 'values'> & { rows: RowValues[]; chunkSize?: number },
): Promise<void> {
  if (!spec.rows.length) return;
  const columns = Object.keys(spec.rows[0]);
  const updates = spec.updateColumns ?? columns.filter((c) => !spec.conflictKeys.includes(c));
  const sqlite = dialectOf(sequelize) === 'sqlite';
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const conflict = sqlite
    ? `ON CONFLICT (${spec.conflictKeys.map((c) => quoted(sequelize, c)).join(', ')}) DO UPDATE SET ${updates.map((c) => `${quoted(sequelize, c)} = excluded.${quoted(sequelize, c)}`).join(', ')}`
    : `ON DUPLICATE KEY UPDATE ${updates.map((c) => `${quoted(sequelize, c)} = VALUES(${quoted(sequelize, c)})`).join(', ')}`;
  const size = spec.chunkSize ?? 500;
  for (let i = 0; i < spec.rows.length; i += size) {
    const chunk = spec.rows.slice(i, i + size);
    const sql = `INSERT INTO ${quoted(sequelize, spec.table)} (${columns.map((c) => quoted(sequelize, c)).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')} ${conflict}`;
    const replacements = chunk.flatMap((row) => columns.map((c) => (sqlite ? sqliteValue(row[c]) : row[c])));
    await statement(spec.transaction, () => sequelize.query(sql, { replacements, transaction: spec.transaction }));
  }
}

/** Inserts or updates one row and returns its numeric id. */
export async function upsertReturningId(sequelize: Sequelize, spec: UpsertSpec): Promise<number> {
  const columns = Object.keys(spec.values);
  const updates = spec.updateColumns ?? columns.filter((c) => !spec.conflictKeys.includes(c));
  const cols = columns.map((c) => quoted(sequelize, c)).join(', ');
  const params = columns.map(() => '?').join(', ');
  const replacements = columns.map((c) => spec.values[c]);
  const table = quoted(sequelize, spec.table);
  if (dialectOf(sequelize) === 'sqlite') {
    const set = updates.length
      ? updates.map((c) => `${quoted(sequelize, c)} = excluded.${quoted(sequelize, c)}`).join(', ')
      : `${quoted(sequelize, spec.conflictKeys[0])} = excluded.${quoted(sequelize, spec.conflictKeys[0])}`;
    // The leading comment matters: Sequelize runs SQL starting with "insert into" through
    // sqlite3's run(), which drops the RETURNING row; any other start goes through all().
    const sql =
      `/* upsert */ INSERT INTO ${table} (${cols}) VALUES (${params}) ` +
      `ON CONFLICT (${spec.conflictKeys.map((c) => quoted(sequelize, c)).join(', ')}) DO UPDATE SET ${set} RETURNING id`;
    const rows = await sequelize.query<{ id: number }>(sql, {
      replacements: replacements.map(sqliteValue),
      type: QueryTypes.SELECT,
      transaction: spec.transaction,
    });
    return Number(rows[0].id);
  }
  // MySQL/MariaDB: LAST_INSERT_ID(id) makes the existing row's id the statement's insert id.
  const set = ['id = LAST_INSERT_ID(id)', ...updates.map((c) => `${quoted(sequelize, c)} = VALUES(${quoted(sequelize, c)})`)].join(', ');
  const sql = `INSERT INTO ${table} (${cols}) VALUES (${params}) ON DUPLICATE KEY UPDATE ${set}`;
  const [insertId] = (await statement(spec.transaction, () => sequelize.query(sql, {
    replacements,
    type: QueryTypes.INSERT,
    transaction: spec.transaction,
  }))) as unknown as [number, number];
  return Number(insertId);
}

/** SQLite stores dates as Sequelize does: 'YYYY-MM-DD HH:MM:SS.SSS +00:00'. */
export function sqliteValue(v: RowValues[string]): string | number | null {
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', ' +00:00');
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}
