/**
 * A fingerprint of the whole database (every table's row count and a checksum of its rows), so the
 * fuzz tests can say "a refused request changed nothing". Cheap on the test database: SQLite reads
 * the rows in-process; MariaDB answers CHECKSUM TABLE for all tables in one statement.
 */
import crypto from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { dialectOf } from '../../src/db/database';

/**
 * Tables left out of the comparison, and why: each changes on requests that are rightly refused.
 * - lti_nonces: the launch records the id_token's nonce before any claim is judged (replay
 *   protection must hold for refused launches too).
 * - lti_states: the OIDC login stores a state and the launch consumes it, whatever comes after.
 * - lti_login_requests: Platform Storage's copy of the login (src/lti/platformStorage.ts); the launch marks
 *   it used before the id_token is judged, so a state serves one attempt only, refused or not.
 * - lti_access_tokens: a cache of platform service tokens, filled and dropped as services are called.
 * - lti_id_tokens, lti_context_tokens: ltijs stores a verified id_token's session before CoachLoop
 *   judges the deployment; a refused launch leaves one, but every later request checks the tenant
 *   again (loadActor in app.ts), so it opens nothing.
 * - SequelizeMeta: the migrations' own bookkeeping (never touched by a request; listed for clarity).
 * Rows written by other test files are in the snapshot too; only the difference across one request matters.
 */
export const UNCOMPARED_TABLES: ReadonlySet<string> = new Set(['lti_nonces', 'lti_states', 'lti_login_requests', 'lti_access_tokens', 'lti_id_tokens', 'lti_context_tokens', 'SequelizeMeta']);

/**
 * Tables compared on some rows only. audit_log: a form refused with 400 shows its page again, and
 * showing a cycle or a reflection to a coach is a read the audit log must record ('read' rows);
 * every other audit row records a change, and a refused request must write none.
 */
export const PARTLY_COMPARED_TABLES: Readonly<Record<string, string>> = { audit_log: "action <> 'read'" };

/** table → "count:checksum". */
export type Snapshot = Map<string, string>;

let tableList: string[] | undefined;

async function tables(sequelize: Sequelize): Promise<string[]> {
  if (tableList) return tableList;
  const rows = dialectOf(sequelize) === 'mysql'
    ? await sequelize.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'", { type: QueryTypes.SELECT })
    : await sequelize.query<{ t: string }>("SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", { type: QueryTypes.SELECT });
  tableList = rows.map((r) => r.t).filter((t) => !UNCOMPARED_TABLES.has(t)).sort();
  return tableList;
}

const quote = (sequelize: Sequelize, t: string) => (dialectOf(sequelize) === 'mysql' ? `\`${t}\`` : `"${t}"`);

/** The database's fingerprint now. */
export async function takeSnapshot(sequelize: Sequelize): Promise<Snapshot> {
  const names = await tables(sequelize);
  const out: Snapshot = new Map();
  const counts = await sequelize.query<{ t: string; n: number | string }>(
    names.map((t) => `SELECT '${t}' AS t, COUNT(*) AS n FROM ${quote(sequelize, t)}`).join(' UNION ALL '), { type: QueryTypes.SELECT });
  const count = new Map(counts.map((r) => [r.t, Number(r.n)]));
  const whole = names.filter((t) => !PARTLY_COMPARED_TABLES[t]);
  if (dialectOf(sequelize) === 'mysql') {
    const sums = await sequelize.query<{ Table: string; Checksum: number | string | null }>(`CHECKSUM TABLE ${whole.map((t) => quote(sequelize, t)).join(', ')}`, { type: QueryTypes.SELECT });
    for (const r of sums) {
      const t = r.Table.split('.').pop()!;
      out.set(t, `${count.get(t)}:${String(r.Checksum)}`);
    }
  } else {
    // One statement for every table: each row as the SQL text of its values, in a fixed order, hashed here.
    const columns = await sqliteColumns(sequelize, whole);
    const rows = await sequelize.query<{ t: string; r: string }>(
      `${whole.map((t) => `SELECT '${t}' AS t, ${columns.get(t)!.map((c) => `quote("${c}")`).join(` || '|' || `)} AS r FROM "${t}"`).join(' UNION ALL ')} ORDER BY t, r`, { type: QueryTypes.SELECT });
    const hashes = new Map(whole.map((t) => [t, crypto.createHash('sha1')]));
    for (const row of rows) hashes.get(row.t)!.update(row.r).update('\n');
    for (const [t, hash] of hashes) out.set(t, `${count.get(t)}:${hash.digest('hex')}`);
  }
  for (const [t, where] of Object.entries(PARTLY_COMPARED_TABLES)) if (names.includes(t)) out.set(t, await rowsFingerprint(sequelize, t, where));
  return out;
}

let columnCache: Map<string, string[]> | undefined;

async function sqliteColumns(sequelize: Sequelize, names: string[]): Promise<Map<string, string[]>> {
  if (columnCache) return columnCache;
  const out = new Map<string, string[]>();
  for (const t of names) out.set(t, (await sequelize.query<{ name: string }>(`PRAGMA table_info("${t}")`, { type: QueryTypes.SELECT })).map((c) => c.name));
  columnCache = out;
  return out;
}

/** "count:hash" of a table's rows (those matching `where`), read and hashed here. */
async function rowsFingerprint(sequelize: Sequelize, table: string, where?: string): Promise<string> {
  const rows = await sequelize.query<Record<string, unknown>>(`SELECT * FROM ${quote(sequelize, table)}${where ? ` WHERE ${where}` : ''}`, { type: QueryTypes.SELECT });
  const hash = crypto.createHash('sha1');
  // Row order is not part of the content: hash each row, then the sorted row hashes.
  const rowHashes = rows.map((r) => crypto.createHash('sha1').update(JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).digest('hex')).sort();
  for (const h of rowHashes) hash.update(h);
  return `${rows.length}:${hash.digest('hex')}`;
}

/** Tables whose count or checksum differs, as "table (before → after)". */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const changed: string[] = [];
  for (const [t, v] of after) if (before.get(t) !== v) changed.push(`${t} (${before.get(t) ?? 'absent'} → ${v})`);
  return changed;
}
