/**
 * Minimal JWS compact serialisation on node:crypto. The simulator signs with it so it can forge
 * headers and algorithms on purpose (no kid, HS256 alg confusion, 'none'), and verifies tools'
 * RS256 JWTs with it so every refusal carries a precise message.
 */
import { constants, createHmac, createPublicKey, sign, verify, KeyObject } from 'node:crypto';

/** A decoded (not yet verified) JWT. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** A problem with a JWT a tool sent: the message says exactly what is wrong. */
export class JwtError extends Error {}

/** base64url of a buffer or UTF-8 string. */
export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Signs `payload` with `header` using the algorithm the header names. RSxxx and PSxxx use the private key;
 * HSxxx use the PEM of the matching public key as HMAC secret (the classic alg-confusion forgery);
 * 'none' yields an empty signature.
 */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: KeyObject): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const alg = typeof header.alg === 'string' ? header.alg : 'none';
  const hashBits = alg.slice(2);
  let signature: Buffer;
  if (alg === 'none') {
    signature = Buffer.alloc(0);
  } else if (/^RS(256|384|512)$/.test(alg)) {
    signature = sign(`sha${hashBits}`, Buffer.from(signingInput), privateKey);
  } else if (/^PS(256|384|512)$/.test(alg)) {
    signature = sign(`sha${hashBits}`, Buffer.from(signingInput), { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(hashBits) / 8 });
  } else if (/^HS(256|384|512)$/.test(alg)) {
    const publicPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' });
    signature = createHmac(`sha${hashBits}`, publicPem).update(signingInput).digest();
  } else {
    throw new Error(`signJwt: unsupported alg ${alg}`);
  }
  return `${signingInput}.${base64url(signature)}`;
}

/** Splits and parses a compact JWT without verifying it; throws JwtError if it is not a JWT. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('not a JWT (expected three dot-separated parts)');
  const [h, p, s] = parts as [string, string, string];
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('not a JWT (header or payload is not base64url JSON)');
  }
  if (!isRecord(header) || !isRecord(payload)) throw new JwtError('not a JWT (header and payload must be JSON objects)');
  return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

/** Verifies an RS256 signature of a decoded JWT with a public key; throws JwtError if it does not match. */
export function verifyRs256(decoded: DecodedJwt, publicKey: KeyObject): void {
  if (decoded.header.alg !== 'RS256') throw new JwtError(`alg must be RS256 (got ${String(decoded.header.alg)})`);
  const ok = verify('sha256', Buffer.from(decoded.signingInput), publicKey, decoded.signature);
  if (!ok) throw new JwtError('signature does not verify with the key named by kid');
}

/** `aud` as a list (a JWT may carry a string or an array). */
export function audienceList(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

/**
 * Checks `exp` (required, in the future) and `iat` (required, not in the future beyond `skewSec`,
 * and, if `maxAgeSec` is given, not older than that). Throws JwtError naming the problem.
 */
export function checkTimes(payload: Record<string, unknown>, nowSec: number, skewSec: number, maxAgeSec?: number): void {
  const { exp, iat } = payload;
  if (typeof exp !== 'number') throw new JwtError('exp is missing or not a number');
  if (typeof iat !== 'number') throw new JwtError('iat is missing or not a number');
  if (exp <= nowSec) throw new JwtError(`token expired (exp ${exp} <= now ${nowSec})`);
  if (iat > nowSec + skewSec) throw new JwtError(`iat is in the future (iat ${iat} > now ${nowSec})`);
  if (maxAgeSec !== undefined && iat < nowSec - maxAgeSec) throw new JwtError(`iat is too old (more than ${maxAgeSec} s ago)`);
}
