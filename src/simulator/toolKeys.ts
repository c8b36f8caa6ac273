/**
 * Fetches and caches tools' public key sets, and verifies JWTs tools sign (client assertions and
 * deep-linking responses) the way a real platform does: kid required, RS256 only, cache for a few
 * minutes, refetch once when the kid is unknown, merge concurrent fetches.
 */
import { createPublicKey, KeyObject } from 'node:crypto';
import { decodeJwt, isRecord, JwtError, verifyRs256, type DecodedJwt } from './jwt';

const CACHE_TTL_MS = 5 * 60 * 1000;
const FETCH_TIMEOUT_MS = 5000;

interface CachedKeySet {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
}

/** Caches the JWKS of each tool by URL and verifies tool-signed JWTs against it. */
export class ToolKeyCache {
  private readonly cache = new Map<string, CachedKeySet>();
  private readonly inFlight = new Map<string, Promise<CachedKeySet>>();

  /** Forgets every cached key set (e.g. after a tool rotates its keys in a test). */
  clear(): void {
    this.cache.clear();
  }

  /**
   * Decodes `token`, finds the key named by its `kid` in the JWKS at `jwksUrl` and verifies the
   * RS256 signature. Returns the decoded JWT; throws JwtError with a precise message otherwise.
   */
  async verify(token: string, jwksUrl: string): Promise<DecodedJwt> {
    const decoded = decodeJwt(token);
    const kid = decoded.header.kid;
    if (decoded.header.alg !== 'RS256') throw new JwtError(`alg must be RS256 (got ${String(decoded.header.alg)})`);
    if (typeof kid !== 'string' || kid === '') throw new JwtError('JWT header has no kid');
    const key = await this.keyFor(jwksUrl, kid);
    verifyRs256(decoded, key);
    return decoded;
  }

  private async keyFor(jwksUrl: string, kid: string): Promise<KeyObject> {
    let set = this.cache.get(jwksUrl);
    if (!set || Date.now() - set.fetchedAt > CACHE_TTL_MS || !set.keys.has(kid)) {
      set = await this.fetchKeySet(jwksUrl);
    }
    const key = set.keys.get(kid);
    if (!key) throw new JwtError(`kid ${kid} is not in the tool's JWKS (${jwksUrl})`);
    return key;
  }

  private fetchKeySet(jwksUrl: string): Promise<CachedKeySet> {
    const running = this.inFlight.get(jwksUrl);
    if (running) return running;
    const promise = this.download(jwksUrl).finally(() => this.inFlight.delete(jwksUrl));
    this.inFlight.set(jwksUrl, promise);
    return promise;
  }

  private async download(jwksUrl: string): Promise<CachedKeySet> {
    let body: unknown;
    try {
      const res = await fetch(jwksUrl, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = await res.json();
    } catch (err) {
      throw new JwtError(`could not fetch the tool's JWKS at ${jwksUrl}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!isRecord(body) || !Array.isArray(body.keys)) throw new JwtError(`the tool's JWKS at ${jwksUrl} has no "keys" array`);
    const keys = new Map<string, KeyObject>();
    for (const jwk of body.keys) {
      if (!isRecord(jwk) || typeof jwk.kid !== 'string' || jwk.kty !== 'RSA') continue;
      try {
        keys.set(jwk.kid, createPublicKey({ key: { kty: 'RSA', n: String(jwk.n), e: String(jwk.e) }, format: 'jwk' }));
      } catch {
        // An unusable key is skipped, as platforms do; a JWT naming it then fails with "kid not in JWKS".
      }
    }
    const set = { keys, fetchedAt: Date.now() };
    this.cache.set(jwksUrl, set);
    return set;
  }
}
