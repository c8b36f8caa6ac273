/** Plain inserts that return the new row's id, the same way on SQLite and MariaDB/MySQL. */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { RowValues } from './upsert';

const identifier = /^[a-z_][a-z0-9_]*$/;

/** Inserts one row and returns its auto-increment id. Table and column names are literals from our code. */
export async function insertRow(sequelize: Sequelize, table: string, values: RowValues, transaction?: Transaction): Promise<number> {
  const columns = Object.keys(values);
  for (const name of [table, ...columns]) if (!identifier.test(name)) throw new Error(`Refusing unsafe SQL identifier: ${name}`);
  const q = (n: string) => sequelize.getQueryInterface().quoteIdentifier(n);
  const [id] = await sequelize.query(
    `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    { replacements: Object.values(values), type: QueryTypes.INSERT, transaction },
  );
  return Number(id);
}
