/**
 * The platform's signing keys: one published RSA key (JWKS) and one "rogue" key that is never
 * published, used to forge launches whose signature must fail.
 */
import { createHash, generateKeyPair, KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { signJwt } from './jwt';

const generateRsaKeyPair = promisify(generateKeyPair);

/** A public JWK as published in a JWKS. */
export interface PublicJwk {
  kty: string;
  n: string;
  e: string;
  kid: string;
  use: 'sig';
  alg: 'RS256';
}

interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
}

/** RFC 7638 thumbprint of an RSA public key, used as its kid. */
function thumbprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

async function newKeyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  return { privateKey, publicKey, kid: thumbprint(publicKey) };
}

/** Options controlling how a platform message is signed (to forge bad ones on purpose). */
export interface PlatformSignOptions {
  kid?: string | null;
  alg?: string;
  signWith?: 'platform' | 'rogue';
}

/** Holds the platform key pair and the rogue key pair; signs platform messages. */
export class PlatformKeys {
  private constructor(private readonly platform: KeyPair, private readonly rogue: KeyPair) {}

  /** Generates both 2048-bit RSA key pairs (done once at simulator start). */
  static async generate(): Promise<PlatformKeys> {
    const [platform, rogue] = await Promise.all([newKeyPair(), newKeyPair()]);
    return new PlatformKeys(platform, rogue);
  }

  /** kid of the published key. */
  get kid(): string {
    return this.platform.kid;
  }

  /** The public key set served at the JWKS endpoint (the rogue key is never in it). */
  jwks(): { keys: PublicJwk[] } {
    const jwk = this.platform.publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: String(jwk.kty), n: String(jwk.n), e: String(jwk.e), kid: this.platform.kid, use: 'sig', alg: 'RS256' }] };
  }

  /** Signs a platform message: RS256 with the platform key and its kid unless told otherwise. */
  sign(payload: Record<string, unknown>, opts: PlatformSignOptions = {}): string {
    const pair = opts.signWith === 'rogue' ? this.rogue : this.platform;
    const header: Record<string, unknown> = { typ: 'JWT', alg: opts.alg ?? 'RS256' };
    if (opts.kid === undefined) header.kid = this.platform.kid;
    else if (opts.kid !== null) header.kid = opts.kid;
    return signJwt(header, payload, pair.privateKey);
  }
}
