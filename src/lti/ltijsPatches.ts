/**
 * Small, documented corrections to ltijs 5.9.9, applied once at start-up (and covered by tests).
 *
 * 1. Claims: ltijs rejects a launch without a `roles` claim, but the 1EdTech certification
 *    expects it accepted with least privilege. It also lets through a missing nonce, a missing
 *    iat/exp, an iat in the future, several audiences without `azp`, and a deep-linking request
 *    without a return URL, ids longer than the 255 characters the spec allows, and claims holding
 *    a NUL byte (which SQLite cannot take).
 *    `claimValidation` is replaced with the full set of checks.
 * 2. Replays: ltijs keeps nonces 10 s (issue #175) and checks them with a read then an insert.
 *    `validateNonce` becomes one INSERT on a primary key in our plugin, kept ≥ the token age.
 * 3. Speed: ltijs fetches the platform JWKS and converts JWK→PEM on every launch.
 *    `validateToken` keeps a per-URL key cache (5 min), refetches once on an unknown kid and
 *    merges concurrent fetches.
 * 4. Speed: jsonwebtoken 9, given the string secret for the HS256 `ltik`, first tries to parse
 *    it as a PEM private key and throws. A prebuilt secret KeyObject gives identical tokens.
 * 5. Tool keys: ltijs signs service-token client assertions with a key pair per platform (kid =
 *    the platform id). `getAccessToken` signs with the tool's active key (src/lti/toolKeys.ts)
 *    and its kid instead; the claims, the token request and the token cache stay ltijs's.
 */
import crypto, { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import Auth from 'ltijs/dist/Utils/Auth';
import ltijsHttp from 'ltijs/dist/Utils/Http';
import type { LtijsDatabase } from './ltijsDatabase';
import { holdsNulByte } from '../http/nulBytes';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
/** Clock skew tolerated on iat (seconds). */
const SKEW = 60;
const JWKS_TTL_MS = 5 * 60_000;
const JWKS_MIN_REFETCH_MS = 10_000;

export const LTIJS_VERSION = '5.9.9';

/** A launch refused by our checks; the message is the reason code shown on the error page. */
export class LaunchRejected extends Error {}

type Claims = Record<string, unknown>;

interface PlatformLike {
  platformActive(): Promise<boolean>;
  platformAuthConfig(): Promise<{ method: string; key: unknown }>;
  platformClientId(): Promise<string>;
}
type GetPlatform = (iss: string, clientId: string, key: string, db: unknown) => Promise<PlatformLike | false>;

/** What ltijs's getAccessToken reads from its Platform object. */
interface ServicePlatform {
  platformUrl(): Promise<string>;
  platformClientId(): Promise<string>;
  platformAuthorizationServer(): Promise<string>;
  platformAccessTokenEndpoint(): Promise<string>;
}

/** The claim checks of LTI 1.3 Core §5 and the certification suite, on a verified id_token. */
export function checkLaunchClaims(token: Claims, now = Date.now() / 1000): void {
  const messageType = token[`${LTI}message_type`];
  if (messageType !== 'LtiResourceLinkRequest' && messageType !== 'LtiDeepLinkingRequest') throw new LaunchRejected('NO_MESSAGE_TYPE_CLAIM');
  if (token[`${LTI}version`] === undefined) throw new LaunchRejected('NO_LTI_VERSION_CLAIM');
  if (token[`${LTI}version`] !== '1.3.0') throw new LaunchRejected('WRONG_LTI_VERSION_CLAIM');
  const deployment = token[`${LTI}deployment_id`];
  if (typeof deployment !== 'string' || !deployment.trim() || deployment.length > 255) throw new LaunchRejected('NO_DEPLOYMENT_ID_CLAIM');
  if (typeof token.sub !== 'string' || !token.sub.trim()) throw new LaunchRejected('NO_SUB_CLAIM');
  // LTI 1.3 Core: sub, context id and resource link id are at most 255 characters (and so are their columns).
  if (token.sub.length > 255) throw new LaunchRejected('SUB_CLAIM_TOO_LONG');
  const context = token[`${LTI}context`] as { id?: unknown } | undefined;
  if (typeof context?.id === 'string' && context.id.length > 255) throw new LaunchRejected('CONTEXT_ID_TOO_LONG');
  // Deep-linking launches may carry one too; ltijs puts it into the session token (ltik) that every
  // URL carries, so a long one makes URLs no server accepts.
  const resourceLink = token[`${LTI}resource_link`] as { id?: unknown } | undefined;
  if (typeof resourceLink?.id === 'string' && resourceLink.id.length > 255) throw new LaunchRejected('RESOURCE_LINK_ID_TOO_LONG');
  if (typeof token.iat !== 'number') throw new LaunchRejected('NO_IAT_CLAIM');
  if (typeof token.exp !== 'number') throw new LaunchRejected('NO_EXP_CLAIM');
  if (token.iat > now + SKEW) throw new LaunchRejected('IAT_IN_THE_FUTURE');
  if (typeof token.nonce !== 'string' || !token.nonce) throw new LaunchRejected('NO_NONCE_CLAIM');
  if (Array.isArray(token.aud) && token.aud.length > 1 && !token.azp) throw new LaunchRejected('NO_AZP_FOR_SEVERAL_AUDIENCES');
  const roles = token[`${LTI}roles`];
  if (roles !== undefined && !Array.isArray(roles)) throw new LaunchRejected('ROLES_CLAIM_NOT_AN_ARRAY');
  if (messageType === 'LtiResourceLinkRequest') {
    if (!token[`${LTI}target_link_uri`]) throw new LaunchRejected('NO_TARGET_LINK_URI_CLAIM');
    const link = token[`${LTI}resource_link`] as { id?: unknown } | undefined;
    if (!link || typeof link.id !== 'string' || !link.id) throw new LaunchRejected('NO_RESOURCE_LINK_ID_CLAIM');
  } else {
    const settings = token[`${DL}deep_linking_settings`] as { deep_link_return_url?: unknown } | undefined;
    if (!settings || typeof settings.deep_link_return_url !== 'string') throw new LaunchRejected('NO_DEEP_LINKING_SETTINGS_CLAIM');
  }
  // A NUL byte in any claim (a course id, a name) cannot be stored: SQLite ends a statement at it.
  if (holdsNulByte(token)) throw new LaunchRejected('NUL_BYTE_IN_CLAIM');
}

/** Caches platform key sets per JWKS URL; one fetch at a time per URL. */
export class JwksCache {
  private entries = new Map<string, { fetchedAt: number; keys: Map<string, KeyObject>; pending?: Promise<Map<string, KeyObject>> }>();

  /** The public key for `kid` at `url`, fetching the set when absent, stale or missing that kid. */
  async key(url: string, kid: string): Promise<KeyObject> {
    let entry = this.entries.get(url);
    const fresh = entry && Date.now() - entry.fetchedAt < JWKS_TTL_MS;
    if (fresh && entry!.keys.has(kid)) return entry!.keys.get(kid)!;
    if (!fresh || Date.now() - entry!.fetchedAt > JWKS_MIN_REFETCH_MS) {
      await this.refresh(url);
      entry = this.entries.get(url);
    }
    const key = entry?.keys.get(kid);
    if (!key) throw new LaunchRejected('KEY_NOT_FOUND');
    return key;
  }

  /** Forgets every cached set (tests, key rotation by an admin). */
  clear(): void {
    this.entries.clear();
  }

  private async refresh(url: string): Promise<Map<string, KeyObject>> {
    const existing = this.entries.get(url);
    if (existing?.pending) return existing.pending;
    const pending = (async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' } });
      if (!res.ok) throw new LaunchRejected('KEYSET_NOT_FOUND');
      const body = (await res.json()) as { keys?: Array<Record<string, unknown>> };
      if (!Array.isArray(body.keys)) throw new LaunchRejected('KEYSET_NOT_FOUND');
      const keys = new Map<string, KeyObject>();
      for (const jwk of body.keys) {
        if (typeof jwk.kid !== 'string' || jwk.kty !== 'RSA') continue;
        try {
          keys.set(jwk.kid, crypto.createPublicKey({ key: jwk as crypto.JsonWebKey, format: 'jwk' }));
        } catch {
          // A malformed key in the set is skipped; the others stay usable.
        }
      }
      this.entries.set(url, { fetchedAt: Date.now(), keys });
      return keys;
    })();
    this.entries.set(url, { fetchedAt: existing?.fetchedAt ?? 0, keys: existing?.keys ?? new Map(), pending });
    try {
      return await pending;
    } finally {
      const entry = this.entries.get(url);
      if (entry?.pending === pending) delete entry.pending;
    }
  }
}

export const jwksCache = new JwksCache();
const secretKeys = new Map<string, KeyObject>();
let applied = false;

/** Applies the patches (idempotent) and registers `encryptionKey` for the fast ltik path. */
export function applyLtijsPatches(encryptionKey: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version = (require('ltijs/package.json') as { version: string }).version;
  if (version !== LTIJS_VERSION) throw new Error(`CoachLoop's ltijs patches are written for ltijs ${LTIJS_VERSION}, found ${version}: review src/lti/ltijsPatches.ts`);
  if (!secretKeys.has(encryptionKey)) secretKeys.set(encryptionKey, crypto.createSecretKey(Buffer.from(encryptionKey)));
  if (applied) return;
  applied = true;

  const auth = Auth as unknown as Record<string, unknown> & { verifyToken: (...a: unknown[]) => Promise<Claims> };

  auth.claimValidation = async (token: Claims) => checkLaunchClaims(token);

  auth.validateNonce = async (token: Claims, database: LtijsDatabase) => {
    if (typeof token.nonce !== 'string' || !token.nonce) throw new LaunchRejected('NO_NONCE_CLAIM');
    await database.insertNonce(token.nonce);
    return true;
  };

  auth.validateToken = async (
    idToken: string, _devMode: boolean, params: { iss?: string; alg?: string; maxAge?: number },
    getPlatform: GetPlatform, key: string, database: unknown,
  ) => {
    const decoded = jwt.decode(idToken, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new LaunchRejected('INVALID_JWT_RECEIVED');
    const payload = decoded.payload as Claims;
    // LTI 1.3 allows RS256 only: refuse 'none', HS* (signed with a public key) and the rest up front.
    if (decoded.header.alg !== 'RS256') throw new LaunchRejected('ALG_NOT_RS256');
    params.alg = decoded.header.alg;
    // The state cookie carries the issuer the login started with (CSRF protection).
    if (!params.iss) throw new LaunchRejected('MISSING_VALIDATION_COOKIE');
    if (params.iss !== payload.iss) throw new LaunchRejected('ISS_CLAIM_DOES_NOT_MATCH');
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    let platform: PlatformLike | false = false;
    for (const aud of audiences) {
      if (typeof aud !== 'string') continue;
      platform = await getPlatform(String(payload.iss), aud, key, database);
      if (platform) break;
    }
    if (!platform) throw new LaunchRejected('UNREGISTERED_PLATFORM');
    if (!(await platform.platformActive())) throw new LaunchRejected('PLATFORM_NOT_ACTIVATED');
    const config = await platform.platformAuthConfig();
    let publicKey: KeyObject | string;
    if (config.method === 'JWK_SET') {
      if (!decoded.header.kid) throw new LaunchRejected('KID_NOT_FOUND');
      publicKey = await jwksCache.key(String(config.key), decoded.header.kid);
    } else if (config.method === 'JWK_KEY') {
      const jwk = typeof config.key === 'string' ? JSON.parse(config.key) : config.key;
      publicKey = crypto.createPublicKey({ key: jwk as crypto.JsonWebKey, format: 'jwk' });
    } else if (config.method === 'RSA_KEY') {
      publicKey = String(config.key);
    } else {
      throw new LaunchRejected('AUTHCONFIG_NOT_FOUND');
    }
    return auth.verifyToken(idToken, publicKey, params, platform, database);
  };

  const ltijsGetAccessToken = auth.getAccessToken as (...args: unknown[]) => Promise<unknown>;
  auth.getAccessToken = async (scopes: string, platform: ServicePlatform, key: string, database: LtijsDatabase) => {
    const toolKeys = (database as Partial<LtijsDatabase> | undefined)?.toolKeys;
    // Another storage plugin (no tool keys): ltijs's own per-platform keys, as it publishes them.
    if (!toolKeys) return ltijsGetAccessToken(scopes, platform, key, database);
    const platformUrl = await platform.platformUrl();
    const clientId = await platform.platformClientId();
    const signer = await toolKeys.signingKey();
    const assertion = jwt.sign(
      { sub: clientId, iss: clientId, aud: await platform.platformAuthorizationServer(), jti: crypto.randomBytes(18).toString('base64url') },
      signer.privateKey, { algorithm: 'RS256', expiresIn: 60, keyid: signer.kid },
    );
    const access = await ltijsHttp.post(await platform.platformAccessTokenEndpoint(), {
      form: {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: scopes,
      },
    }).json<Record<string, unknown>>();
    await database.Replace(key, 'accesstoken', { platformUrl, clientId, scopes }, { token: access }, { platformUrl, clientId, scopes });
    return access;
  };

  const jwtModule = jwt as unknown as Record<string, (...args: unknown[]) => unknown>;
  const sign = jwtModule.sign;
  const verify = jwtModule.verify;
  jwtModule.sign = (payload: unknown, secret: unknown, ...rest: unknown[]) =>
    sign(payload, typeof secret === 'string' ? (secretKeys.get(secret) ?? secret) : secret, ...rest);
  jwtModule.verify = (token: unknown, secret: unknown, ...rest: unknown[]) =>
    verify(token, typeof secret === 'string' ? (secretKeys.get(secret) ?? secret) : secret, ...rest);
}
