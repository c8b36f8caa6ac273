/**
 * The tool's signing keys: one active RSA key signs every client assertion and Deep Linking
 * response, for every platform, and can be rotated without breaking platforms.
 *
 * Rotation makes a new key active at once and keeps the previous one published (`retiring`)
 * for an overlap, so a platform holding a signed JWT or a cached copy of our JWKS still finds
 * its kid; platforms refetch our JWKS when they meet the new kid. After the overlap the old key
 * is `retired`: no longer published, its row kept for the record. Private keys are encrypted at
 * rest with ENCRYPTION_KEY (the storage plugin's AES scheme).
 *
 * Several instances may share the database: at most one key is active (a unique index), each
 * instance re-reads the active kid every few seconds, and a retiring key stays published, so an
 * instance that still signs with it for those seconds is accepted.
 */
import crypto, { type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { QueryTypes, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';
import { decryptWithKey, encryptWithKey, type ToolKeySource } from './ltijsDatabase';

export type ToolKeyStatus = 'active' | 'retiring' | 'retired';

/** A key as the `keys` command lists it. */
export interface ToolKeyInfo {
  kid: string;
  status: ToolKeyStatus;
  createdAt: Date;
  activatedAt?: Date;
  /** Retiring keys: published until then. */
  retireAfter?: Date;
  retiredAt?: Date;
  replacedBy?: string;
}

/** The active key, ready to sign. */
export interface ToolSigningKey {
  kid: string;
  privateKey: KeyObject;
}

/** A public key as published in the JWKS. */
export type PublishedJwk = JsonWebKey & { kid: string; kty: 'RSA'; alg: 'RS256'; use: 'sig' };

/** What a rotation did. */
export interface RotationResult {
  /** The new active key. */
  kid: string;
  /** The keys it replaced, published until `retireAfter`. */
  previous: Array<{ kid: string; retireAfter: Date }>;
}

/** The stored key cannot be used (wrong ENCRYPTION_KEY): the message says what to do. */
export class ToolKeyError extends Error {}

/** How often an instance re-reads which key is active (another instance may have rotated). */
const ACTIVE_RECHECK_MS = 5_000;
/** How often expired retiring keys are marked retired in the background. */
const RETIRE_INTERVAL_MS = 10 * 60_000;
const RSA_BITS = 2048;
const HOUR_MS = 3_600_000;

const generateKeyPair = promisify(crypto.generateKeyPair);

interface KeyRow {
  kid: string;
  status: string;
  public_jwk: string;
  private_key_iv: string;
  private_key_data: string;
  replaced_by: string | null;
  created_at: number | string;
  activated_at: number | string | null;
  retire_after: number | string | null;
  retired_at: number | string | null;
}

const dateOf = (ms: number | string | null): Date | undefined => (ms === null || ms === undefined ? undefined : new Date(Number(ms)));

/** RFC 7638 thumbprint of an RSA public JWK: a kid that names the key itself. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  return crypto.createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n })).digest('base64url');
}

/** Tool-wide signing keys stored in lti_tool_keys. */
export class ToolKeys implements ToolKeySource {
  private active: { key: ToolSigningKey; checkedAt: number } | undefined;
  private loading: Promise<ToolSigningKey> | undefined;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param sequelize CoachLoop's Sequelize instance (the table comes from a migration).
   * @param encryptionKey ENCRYPTION_KEY: encrypts the private keys at rest.
   * @param recheckMs How long the active key is trusted before the active kid is read again.
   */
  constructor(
    private readonly sequelize: Sequelize,
    private readonly encryptionKey: string,
    private readonly recheckMs = ACTIVE_RECHECK_MS,
  ) {}

  /** Makes sure a key is active (creating the first one) and returns its kid. */
  async ensureActiveKey(): Promise<string> {
    const existing = await this.activeKid();
    if (existing) return existing;
    const fresh = await newKey();
    try {
      await this.insert(fresh, Date.now());
    } catch (err) {
      // Another instance created the first key at the same moment: its key is the one.
      if (!(err instanceof UniqueConstraintError)) throw err;
    }
    const kid = await this.activeKid();
    if (!kid) throw new ToolKeyError('No active tool key could be created in lti_tool_keys.');
    return kid;
  }

  /** The active key and its kid, for signing (re-read at most every few seconds). */
  async signingKey(): Promise<ToolSigningKey> {
    if (this.active && Date.now() - this.active.checkedAt < this.recheckMs) return this.active.key;
    this.loading ??= this.loadActive().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Forgets the cached active key: the next signature reads the active kid again. */
  forget(): void {
    this.active = undefined;
  }

  /**
   * The JWKS to publish: the active key and the retiring keys still within their overlap.
   * Marks expired retiring keys retired on the way (they are left out either way).
   */
  async publishedKeys(now = Date.now()): Promise<{ keys: PublishedJwk[] }> {
    const listed = () => this.select<Pick<KeyRow, 'kid' | 'status' | 'public_jwk' | 'retire_after' | 'created_at'>>(
      'SELECT kid, status, public_jwk, retire_after, created_at FROM lti_tool_keys WHERE status IN (?, ?)', ['active', 'retiring']);
    let rows = await listed();
    if (!rows.some((r) => r.status === 'active')) {
      // Never publish an empty set: a fresh installation gets its first key here.
      await this.ensureActiveKey();
      rows = await listed();
    }
    if (rows.some((r) => r.status === 'retiring' && Number(r.retire_after) <= now)) {
      await this.retireExpired(now);
      rows = rows.filter((r) => r.status === 'active' || Number(r.retire_after) > now);
    }
    rows.sort((a, b) => (a.status === b.status ? Number(b.created_at) - Number(a.created_at) : a.status === 'active' ? -1 : 1));
    return { keys: rows.map((r) => ({ ...(JSON.parse(r.public_jwk) as JsonWebKey), kid: r.kid, kty: 'RSA', alg: 'RS256', use: 'sig' })) };
  }

  /**
   * Creates a new active key; the previous active key becomes `retiring` and stays published
   * for `overlapHours`. One transaction: there is never a moment without an active key.
   */
  async rotate(overlapHours: number, now = Date.now()): Promise<RotationResult> {
    if (!Number.isFinite(overlapHours) || overlapHours < 0) throw new RangeError('overlapHours must be a number of hours, 0 or more');
    const fresh = await newKey();
    const retireAfter = now + Math.round(overlapHours * HOUR_MS);
    const previous = await this.sequelize.transaction(async (transaction) => {
      await this.run('UPDATE lti_tool_keys SET status = ?, active_slot = NULL, retire_after = ?, replaced_by = ? WHERE status = ?',
        ['retiring', retireAfter, fresh.kid, 'active'], transaction);
      await this.insert(fresh, now, transaction);
      return this.select<{ kid: string }>('SELECT kid FROM lti_tool_keys WHERE replaced_by = ?', [fresh.kid], transaction);
    });
    this.active = { key: { kid: fresh.kid, privateKey: fresh.privateKey }, checkedAt: Date.now() };
    return { kid: fresh.kid, previous: previous.map((p) => ({ kid: p.kid, retireAfter: new Date(retireAfter) })) };
  }

  /** Marks retiring keys past their overlap `retired` (no longer published); returns their kids. */
  async retireExpired(now = Date.now()): Promise<string[]> {
    return this.sequelize.transaction(async (transaction) => {
      const due = await this.select<{ kid: string }>('SELECT kid FROM lti_tool_keys WHERE status = ? AND retire_after <= ?', ['retiring', now], transaction);
      if (!due.length) return [];
      await this.run(`UPDATE lti_tool_keys SET status = ?, retired_at = ? WHERE status = ? AND kid IN (${due.map(() => '?').join(', ')})`,
        ['retired', now, 'retiring', ...due.map((d) => d.kid)], transaction);
      return due.map((d) => d.kid);
    });
  }

  /** Every key, newest first. */
  async list(): Promise<ToolKeyInfo[]> {
    const rows = await this.select<KeyRow>('SELECT kid, status, replaced_by, created_at, activated_at, retire_after, retired_at FROM lti_tool_keys', []);
    return rows
      .map((r) => ({
        kid: r.kid, status: r.status as ToolKeyStatus, createdAt: new Date(Number(r.created_at)), activatedAt: dateOf(r.activated_at),
        retireAfter: dateOf(r.retire_after), retiredAt: dateOf(r.retired_at), replacedBy: r.replaced_by ?? undefined,
      }))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.kid.localeCompare(b.kid));
  }

  /** Starts retiring expired keys in the background (the timer does not keep the process alive). */
  startRetiring(intervalMs = RETIRE_INTERVAL_MS): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.retireExpired().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  /** Stops the background timer. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  // ---------------------------------------------------------------- internals

  private async activeKid(transaction?: Transaction): Promise<string | undefined> {
    const rows = await this.select<{ kid: string }>('SELECT kid FROM lti_tool_keys WHERE active_slot = 1', [], transaction);
    return rows[0]?.kid;
  }

  private async loadActive(): Promise<ToolSigningKey> {
    const kid = await this.ensureActiveKey();
    if (this.active?.key.kid === kid) {
      this.active.checkedAt = Date.now();
      return this.active.key;
    }
    const [row] = await this.select<Pick<KeyRow, 'private_key_iv' | 'private_key_data'>>(
      'SELECT private_key_iv, private_key_data FROM lti_tool_keys WHERE kid = ?', [kid]);
    if (!row) throw new ToolKeyError(`The active tool key ${kid} disappeared from lti_tool_keys.`);
    let privateKey: KeyObject;
    try {
      privateKey = crypto.createPrivateKey(decryptWithKey(row.private_key_data, row.private_key_iv, this.encryptionKey));
    } catch {
      throw new ToolKeyError(`The tool's signing key ${kid} cannot be decrypted: was ENCRYPTION_KEY changed? Restore the previous key, or run "npm run keys -- rotate" to make a new key under the current one.`);
    }
    const key = { kid, privateKey };
    this.active = { key, checkedAt: Date.now() };
    return key;
  }

  private async insert(fresh: NewKey, now: number, transaction?: Transaction): Promise<void> {
    const enc = encryptWithKey(fresh.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), this.encryptionKey);
    await this.run(
      'INSERT INTO lti_tool_keys (kid, status, active_slot, public_jwk, private_key_iv, private_key_data, created_at, activated_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?)',
      [fresh.kid, 'active', JSON.stringify(fresh.publicJwk), enc.iv, enc.data, now, now], transaction);
  }

  private select<T extends object>(sql: string, params: unknown[], transaction?: Transaction): Promise<T[]> {
    return this.sequelize.query<T>(sql, { replacements: params, type: QueryTypes.SELECT, raw: true, transaction });
  }

  private async run(sql: string, params: unknown[], transaction?: Transaction): Promise<void> {
    await this.sequelize.query(sql, { replacements: params, raw: true, transaction });
  }
}

interface NewKey {
  kid: string;
  publicJwk: JsonWebKey;
  privateKey: KeyObject;
}

/** A fresh 2048-bit RSA key pair (generated off the event loop), named by its thumbprint. */
async function newKey(): Promise<NewKey> {
  const { publicKey, privateKey } = await generateKeyPair('rsa', { modulusLength: RSA_BITS, publicExponent: 0x10001 });
  const jwk = publicKey.export({ format: 'jwk' });
  const publicJwk = { kty: 'RSA', n: jwk.n, e: jwk.e };
  return { kid: jwkThumbprint(publicJwk), publicJwk, privateKey };
}
