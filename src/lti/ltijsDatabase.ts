/**
 * ltijs's storage, on CoachLoop's own Sequelize instance and tables (created by our migrations).
 *
 * ltijs talks to storage through a small Mongo-shaped interface (Get/Insert/Replace/Modify/
 * Delete on "collections"). This plugin maps each collection to a table with real columns,
 * keys long values by SHA-256 (so no prefix index can collide, unlike ltijs-sequelize on
 * MariaDB), expires rows the way ltijs's Mongo TTL indexes would, and keeps the launch path
 * lean: platform rows are cached briefly and nonces are a single INSERT on a primary key.
 */
import crypto from 'node:crypto';
import { QueryTypes, Sequelize, UniqueConstraintError } from 'sequelize';
import { upsertRow, type RowValues } from '../db/upsert';

type Doc = Record<string, unknown>;
type Query = Record<string, unknown>;

/** How long each kind of row lives, in seconds (ltijs's Mongo TTLs, nonces longer: see nonceTtl). */
const TTL = { state: 600, accesstoken: 3600, idtoken: 24 * 3600, contexttoken: 24 * 3600 } as const;
/** Platform rows are read on every login and launch; cache them this long (ms). */
const PLATFORM_CACHE_MS = 30_000;

/** Thrown when a nonce was already used: the launch is a replay. */
export class NonceReplayError extends Error {
  constructor() {
    super('NONCE_ALREADY_RECEIVED');
  }
}

/** AES-256-CBC with a key derived from `secret` (ltijs's own scheme): stored private keys and tokens. */
export function encryptWithKey(data: string, secret: string): { iv: string; data: string } {
  const key = crypto.createHash('sha256').update(secret).digest().subarray(0, 32);
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  return { iv: iv.toString('hex'), data: Buffer.concat([cipher.update(data), cipher.final()]).toString('hex') };
}

/** Reverses encryptWithKey; throws when `secret` is not the key the data was encrypted under. */
export function decryptWithKey(data: string, iv: string, secret: string): string {
  const key = crypto.createHash('sha256').update(secret).digest().subarray(0, 32);
  const decipher = crypto.createDecipheriv('aes-256-cbc', key, Buffer.from(iv, 'hex'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'hex')), decipher.final()]).toString();
}

/**
 * The tool-wide keys (src/lti/toolKeys.ts) that replace ltijs's key pair per platform: the
 * JWKS listing publishes them and the patched client assertion signs with them.
 */
export interface ToolKeySource {
  signingKey(): Promise<{ kid: string; privateKey: crypto.KeyObject }>;
  publishedKeys(): Promise<{ keys: Array<crypto.JsonWebKey & { kid: string }> }>;
}

/**
 * Whether a request's `state` can be a state ltijs issued (hex, URL-encoded): anything else (an
 * array, a NUL byte, a megabyte of text) is answered as "no such state" without a query.
 */
export function isStateValue(state: unknown): state is string {
  return typeof state === 'string' && /^[A-Za-z0-9%._~-]{1,255}$/.test(state);
}

/** Hex SHA-256 of the parts, joined unambiguously. */
export function keyHash(...parts: unknown[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(parts.map((p) => (p === undefined || p === null ? '' : String(p))))).digest('hex');
}

interface PlatformRow {
  kid: string;
  platform_url: string;
  client_id: string;
  name: string;
  auth_endpoint: string;
  accesstoken_endpoint: string;
  authorization_server: string | null;
  auth_method: string;
  auth_key: string;
  active: number | boolean | null;
}

/** The ltijs Database plugin backed by CoachLoop's Sequelize instance. */
export class LtijsDatabase {
  private platformCache = new Map<string, { at: number; rows: PlatformRow[] }>();
  private cleanupTimer: NodeJS.Timeout | undefined;
  private toolKeySource: ToolKeySource | undefined;

  /**
   * @param sequelize CoachLoop's one Sequelize instance.
   * @param nonceTtlSeconds How long a used nonce is remembered: at least the accepted token age.
   */
  constructor(
    private readonly sequelize: Sequelize,
    private readonly nonceTtlSeconds: number,
  ) {}

  /** Called by ltijs at deploy: starts the hourly clean-up of expired rows. */
  async setup(): Promise<boolean> {
    if (!this.cleanupTimer) {
      this.cleanupTimer = setInterval(() => void this.deleteExpired().catch(() => undefined), 10 * 60_000);
      this.cleanupTimer.unref();
    }
    return true;
  }

  /** Called by ltijs at close. The Sequelize instance is closed by its owner, not here. */
  async Close(): Promise<boolean> {
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
    this.cleanupTimer = undefined;
    return true;
  }

  /** Remembers a nonce; throws NonceReplayError if it was seen within the nonce TTL. */
  async insertNonce(nonce: string): Promise<void> {
    const hash = keyHash(nonce);
    const now = Date.now();
    try {
      await this.run('INSERT INTO lti_nonces (nonce_hash, expires_at) VALUES (?, ?)', [hash, now + this.nonceTtlSeconds * 1000]);
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw err;
      // The nonce exists; it is a replay unless the old row has expired and awaits clean-up.
      const rows = await this.select<{ expires_at: number }>('SELECT expires_at FROM lti_nonces WHERE nonce_hash = ?', [hash]);
      if (rows.length && Number(rows[0].expires_at) > now) throw new NonceReplayError();
      await this.run('UPDATE lti_nonces SET expires_at = ? WHERE nonce_hash = ?', [now + this.nonceTtlSeconds * 1000, hash]);
    }
  }

  /** Deletes rows past their lifetime (ltijs's Mongo TTL indexes did this by themselves). */
  async deleteExpired(now = Date.now()): Promise<void> {
    await this.run('DELETE FROM lti_nonces WHERE expires_at < ?', [now]);
    await this.run('DELETE FROM lti_states WHERE created_at < ?', [now - TTL.state * 1000]);
    await this.run('DELETE FROM lti_access_tokens WHERE created_at < ?', [now - TTL.accesstoken * 1000]);
    await this.run('DELETE FROM lti_id_tokens WHERE updated_at < ?', [now - TTL.idtoken * 1000]);
    await this.run('DELETE FROM lti_context_tokens WHERE updated_at < ?', [now - TTL.contexttoken * 1000]);
  }

  /**
   * Publishes `keys` instead of the per-platform keys: ltijs's JWKS route (Keyset.build) lists
   * `publickey` with no query, which then returns the tool keys (active + retiring in overlap).
   * Per-platform keys stay stored (ltijs still creates them) but are neither published nor used.
   */
  useToolKeys(keys: ToolKeySource): void {
    this.toolKeySource = keys;
  }

  /** The tool keys in use, if any (the patched ltijs client assertion signs with them). */
  get toolKeys(): ToolKeySource | undefined {
    return this.toolKeySource;
  }

  /** Forgets cached platform rows (after a registration change made outside ltijs). */
  forgetPlatforms(): void {
    this.platformCache.clear();
  }

  // ---------------------------------------------------------------- ltijs interface

  /** Returns matching documents (decrypted when a key is given), or false when none match. */
  async Get(key: string | false, collection: string, query: Query = {}): Promise<Doc[] | false> {
    if (collection === 'publickey' && this.toolKeySource && Object.keys(query).length === 0) {
      // The JWKS listing: ltijs converts each { key: PEM, kid } to a JWK and adds alg and use.
      const { keys } = await this.toolKeySource.publishedKeys();
      const docs = keys.map((jwk) => ({
        kid: jwk.kid,
        key: crypto.createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString(),
      }));
      return docs.length ? docs : false;
    }
    const docs = await this.find(collection, query);
    if (!docs.length) return false;
    if (!key) return docs;
    const listing = Object.keys(query).length === 0;
    const decrypted: Doc[] = [];
    for (const d of docs) {
      try {
        decrypted.push({ ...JSON.parse(this.Decrypt(String(d.data), String(d.iv), key)), ...(d.createdAt ? { createdAt: d.createdAt } : {}) });
      } catch {
        // A row encrypted under another ENCRYPTION_KEY: a listing (the JWKS) skips it, a lookup fails loudly.
        if (!listing) throw new Error(`A stored LTI ${collection} cannot be decrypted: was ENCRYPTION_KEY changed? Restore the previous key.`);
      }
    }
    return decrypted.length ? decrypted : false;
  }

  /** Inserts a document (encrypted under `index` when a key is given). */
  async Insert(key: string | false, collection: string, item: Doc, index?: Doc): Promise<boolean> {
    if (collection === 'nonce') {
      await this.insertNonce(String(item.nonce));
      return true;
    }
    return this.Replace(key, collection, index ?? item, item, index);
  }

  /** Replaces the document matching `query`, creating it when absent. */
  async Replace(key: string | false, collection: string, query: Query, item: Doc, index?: Doc): Promise<boolean> {
    const now = Date.now();
    const enc = key ? this.Encrypt(JSON.stringify(item), key) : undefined;
    switch (collection) {
      case 'platform': {
        const p = { ...query, ...item } as Doc;
        const auth = (p.authConfig ?? {}) as { method?: string; key?: unknown };
        await this.upsert('lti_platforms', ['platform_url', 'client_id'], {
          kid: p.kid, platform_url: p.platformUrl, client_id: p.clientId, name: p.platformName ?? '',
          auth_endpoint: p.authEndpoint ?? '', accesstoken_endpoint: p.accesstokenEndpoint ?? '',
          authorization_server: p.authorizationServer ?? null, auth_method: auth.method ?? '',
          auth_key: typeof auth.key === 'string' ? auth.key : JSON.stringify(auth.key ?? ''),
          created_at: now, updated_at: now,
        }, ['name', 'auth_endpoint', 'accesstoken_endpoint', 'authorization_server', 'auth_method', 'auth_key', 'updated_at']);
        this.platformCache.clear();
        return true;
      }
      case 'platformStatus':
        await this.run('UPDATE lti_platforms SET active = ?, updated_at = ? WHERE kid = ?', [item.active ? 1 : 0, now, query.id]);
        this.platformCache.clear();
        return true;
      case 'publickey':
      case 'privatekey': {
        const idx = index ?? {};
        await this.upsert('lti_keys', ['kid', 'kind'], {
          kid: idx.kid, kind: collection === 'publickey' ? 'public' : 'private', platform_url: idx.platformUrl ?? query.platformUrl,
          client_id: idx.clientId ?? query.clientId, iv: enc?.iv ?? '', data: enc?.data ?? JSON.stringify(item), created_at: now,
        }, ['platform_url', 'client_id', 'iv', 'data']);
        return true;
      }
      case 'accesstoken':
        await this.upsert('lti_access_tokens', ['key_hash'], {
          key_hash: keyHash(query.platformUrl, query.clientId, query.scopes), platform_url: query.platformUrl, client_id: query.clientId,
          scopes: query.scopes, iv: enc?.iv ?? '', data: enc?.data ?? JSON.stringify(item), created_at: now,
        }, ['iv', 'data', 'created_at']);
        return true;
      case 'state':
        await this.upsert('lti_states', ['state'], { state: item.state ?? query.state, query: JSON.stringify(item.query ?? {}), created_at: now }, ['query', 'created_at']);
        return true;
      case 'idtoken':
        await this.upsert('lti_id_tokens', ['key_hash'], {
          key_hash: keyHash(query.iss, query.clientId, query.deploymentId, query.user), data: JSON.stringify(item), updated_at: now,
        }, ['data', 'updated_at']);
        return true;
      case 'contexttoken':
        await this.upsert('lti_context_tokens', ['key_hash'], {
          key_hash: keyHash(query.contextId, query.user), data: JSON.stringify(item), updated_at: now,
        }, ['data', 'updated_at']);
        return true;
      default:
        throw new Error(`ltijs storage: unknown collection "${collection}"`);
    }
  }

  /** Changes fields of the matching document(s). */
  async Modify(key: string | false, collection: string, query: Query, modification: Doc): Promise<boolean> {
    const docs = await this.Get(key, collection, query);
    if (!docs) return true;
    for (const doc of docs) {
      const { createdAt: _createdAt, ...rest } = doc;
      const updated = { ...rest, ...modification };
      if (collection === 'publickey' || collection === 'privatekey') {
        const kid = String(updated.kid);
        await this.Replace(key, collection, query, updated, { kid, platformUrl: updated.platformUrl ?? doc.platformUrl, clientId: updated.clientId ?? doc.clientId });
      } else {
        await this.Replace(key, collection, collection === 'platform' ? { platformUrl: doc.platformUrl, clientId: doc.clientId } : query, updated);
      }
    }
    return true;
  }

  /** Deletes the matching documents. */
  async Delete(collection: string, query: Query): Promise<boolean> {
    if (collection === 'state' && !isStateValue(query.state)) return true;
    const { table, where, params } = this.whereFor(collection, query);
    if (collection === 'platformStatus') {
      await this.run(`UPDATE lti_platforms SET active = NULL WHERE ${where}`, params);
    } else {
      await this.run(`DELETE FROM ${table} WHERE ${where}`, params);
    }
    if (collection === 'platform' || collection === 'platformStatus') this.platformCache.clear();
    return true;
  }

  /** AES-256-CBC with a key derived from the encryption key (ltijs's own scheme, so its data stays readable). */
  Encrypt(data: string, secret: string): { iv: string; data: string } {
    return encryptWithKey(data, secret);
  }

  /** Reverses Encrypt. */
  Decrypt(data: string, iv: string, secret: string): string {
    return decryptWithKey(data, iv, secret);
  }

  // ---------------------------------------------------------------- internals

  private async find(collection: string, query: Query): Promise<Doc[]> {
    const now = Date.now();
    switch (collection) {
      case 'platform':
        return (await this.platformRows(query)).map(platformDoc);
      case 'platformStatus': {
        const rows = (await this.platformRows({ kid: query.id })).filter((r) => r.active !== null && r.active !== undefined);
        return rows.map((r) => ({ id: r.kid, active: Boolean(Number(r.active)) }));
      }
      case 'publickey':
      case 'privatekey': {
        const { where, params } = this.whereFor(collection, query);
        const rows = await this.select<{ kid: string; platform_url: string; client_id: string; iv: string; data: string }>(
          `SELECT kid, platform_url, client_id, iv, data FROM lti_keys WHERE ${where}`, params);
        return rows.map((r) => ({ kid: r.kid, platformUrl: r.platform_url, clientId: r.client_id, iv: r.iv, data: r.data }));
      }
      case 'accesstoken': {
        const rows = await this.select<{ iv: string; data: string; created_at: number }>(
          'SELECT iv, data, created_at FROM lti_access_tokens WHERE key_hash = ? AND created_at >= ?',
          [keyHash(query.platformUrl, query.clientId, query.scopes), now - TTL.accesstoken * 1000]);
        return rows.map((r) => ({ iv: r.iv, data: r.data, createdAt: Number(r.created_at) }));
      }
      case 'nonce': {
        const rows = await this.select('SELECT 1 AS found FROM lti_nonces WHERE nonce_hash = ? AND expires_at >= ?', [keyHash(query.nonce), now]);
        return rows.length ? [{ nonce: query.nonce }] : [];
      }
      case 'state': {
        // ltijs passes the request's `state` field as it came (any type, any text): no such state.
        if (!isStateValue(query.state)) return [];
        const rows = await this.select<{ state: string; query: string }>('SELECT state, query FROM lti_states WHERE state = ? AND created_at >= ?', [query.state, now - TTL.state * 1000]);
        return rows.map((r) => ({ state: r.state, query: JSON.parse(r.query) }));
      }
      case 'idtoken': {
        const rows = await this.select<{ data: string }>('SELECT data FROM lti_id_tokens WHERE key_hash = ? AND updated_at >= ?',
          [keyHash(query.iss, query.clientId, query.deploymentId, query.user), now - TTL.idtoken * 1000]);
        return rows.map((r) => JSON.parse(r.data));
      }
      case 'contexttoken': {
        const rows = await this.select<{ data: string }>('SELECT data FROM lti_context_tokens WHERE key_hash = ? AND updated_at >= ?',
          [keyHash(query.contextId, query.user), now - TTL.contexttoken * 1000]);
        return rows.map((r) => JSON.parse(r.data));
      }
      default:
        throw new Error(`ltijs storage: unknown collection "${collection}"`);
    }
  }

  private async platformRows(query: Query): Promise<PlatformRow[]> {
    const cacheKey = JSON.stringify(query);
    const hit = this.platformCache.get(cacheKey);
    if (hit && Date.now() - hit.at < PLATFORM_CACHE_MS) return hit.rows;
    const { where, params } = this.whereFor('platform', query);
    const rows = await this.select<PlatformRow>(
      `SELECT kid, platform_url, client_id, name, auth_endpoint, accesstoken_endpoint, authorization_server, auth_method, auth_key, active FROM lti_platforms WHERE ${where}`,
      params);
    this.platformCache.set(cacheKey, { at: Date.now(), rows });
    return rows;
  }

  /** Maps a ltijs query on a collection to a table and a WHERE clause over known columns only. */
  private whereFor(collection: string, query: Query): { table: string; where: string; params: unknown[] } {
    const columns: Record<string, Record<string, string>> = {
      platform: { platformUrl: 'platform_url', clientId: 'client_id', kid: 'kid' },
      platformStatus: { id: 'kid' },
      publickey: { kid: 'kid', platformUrl: 'platform_url', clientId: 'client_id' },
      privatekey: { kid: 'kid', platformUrl: 'platform_url', clientId: 'client_id' },
      state: { state: 'state' },
      nonce: { nonce: 'nonce_hash' },
    };
    const tables: Record<string, string> = {
      platform: 'lti_platforms', platformStatus: 'lti_platforms', publickey: 'lti_keys', privatekey: 'lti_keys',
      state: 'lti_states', nonce: 'lti_nonces', accesstoken: 'lti_access_tokens', idtoken: 'lti_id_tokens', contexttoken: 'lti_context_tokens',
    };
    const table = tables[collection];
    if (!table) throw new Error(`ltijs storage: unknown collection "${collection}"`);
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (collection === 'publickey' || collection === 'privatekey') {
      clauses.push('kind = ?');
      params.push(collection === 'publickey' ? 'public' : 'private');
    }
    if (collection === 'accesstoken') {
      clauses.push('key_hash = ?');
      params.push(keyHash(query.platformUrl, query.clientId, query.scopes));
    } else if (collection === 'idtoken') {
      clauses.push('key_hash = ?');
      params.push(keyHash(query.iss, query.clientId, query.deploymentId, query.user));
    } else if (collection === 'contexttoken') {
      clauses.push('key_hash = ?');
      params.push(keyHash(query.contextId, query.user));
    } else {
      for (const [field, value] of Object.entries(query)) {
        const column = columns[collection]?.[field];
        if (!column) throw new Error(`ltijs storage: cannot query ${collection} by "${field}"`);
        clauses.push(`${column} = ?`);
        params.push(collection === 'nonce' ? keyHash(value) : value);
      }
    }
    return { table, where: clauses.length ? clauses.join(' AND ') : '1 = 1', params };
  }

  private async upsert(table: string, keys: string[], values: Record<string, unknown>, updates: string[]): Promise<void> {
    const row: RowValues = {};
    for (const [column, value] of Object.entries(values)) row[column] = value === undefined ? null : (value as RowValues[string]);
    await upsertRow(this.sequelize, { table, values: row, conflictKeys: keys, updateColumns: updates });
  }

  private async select<T extends object = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    return this.sequelize.query<T>(sql, { replacements: params, type: QueryTypes.SELECT, raw: true });
  }

  private async run(sql: string, params: unknown[]): Promise<void> {
    await this.sequelize.query(sql, { replacements: params, raw: true });
  }
}

function platformDoc(r: PlatformRow): Doc {
  let key: unknown = r.auth_key;
  if (r.auth_method === 'JWK_KEY' && typeof key === 'string' && key.startsWith('{')) key = JSON.parse(key);
  return {
    platformName: r.name,
    platformUrl: r.platform_url,
    clientId: r.client_id,
    authEndpoint: r.auth_endpoint,
    accesstokenEndpoint: r.accesstoken_endpoint,
    authorizationServer: r.authorization_server ?? undefined,
    kid: r.kid,
    authConfig: { method: r.auth_method, key },
  };
}
