/**
 * Which registered platform a request belongs to, before ltijs has authenticated it: used only
 * to choose the frame-ancestors of the response (the sites allowed to frame it). A wrong answer
 * can only name another registered platform, and the request is still authenticated afterwards.
 *
 * - a request carrying an ltik (query, form or Authorization header): the ltik is verified with
 *   the tool's key, so its platform is the one that launched the session;
 * - the OIDC login initiation: its `iss` and `client_id` parameters;
 * - the launch post: the `iss` and `aud` of the id_token (decoded only; ltijs verifies it next).
 */
import type { Request } from 'express';
import jwt from 'jsonwebtoken';
import { LTI_PATHS } from './provider';

export interface RequestPlatform {
  issuer: string;
  clientId?: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length < 4096 ? v : undefined);

function ltikOf(req: Request): string | undefined {
  const auth = text(req.headers.authorization);
  const bearer = auth && /^(Bearer|LTIK-AUTH-V1)\s+(?:Token=)?([\w.-]+)/i.exec(auth)?.[2];
  return text(req.query?.ltik) ?? text((req.body as Record<string, unknown> | undefined)?.ltik) ?? bearer ?? undefined;
}

/** The platform a request names, or undefined when it names none (or nothing readable). */
export function platformOfRequest(req: Request, encryptionKey: string): RequestPlatform | undefined {
  const body = (typeof req.body === 'object' && req.body ? req.body : {}) as Record<string, unknown>;
  const ltik = ltikOf(req);
  if (ltik) {
    try {
      const claims = jwt.verify(ltik, encryptionKey) as { platformUrl?: unknown; clientId?: unknown };
      const issuer = text(claims.platformUrl);
      if (issuer) return { issuer, clientId: text(claims.clientId) };
    } catch {
      // An invalid ltik names no platform.
    }
  }
  if (req.path === LTI_PATHS.login) {
    const issuer = text(req.query?.iss) ?? text(body.iss);
    if (issuer) return { issuer, clientId: text(req.query?.client_id) ?? text(body.client_id) };
  }
  if (req.path === LTI_PATHS.launch && text(body.id_token)) {
    const claims = jwt.decode(String(body.id_token), { json: true });
    const issuer = text(claims?.iss);
    const aud = Array.isArray(claims?.aud) ? claims.aud[0] : claims?.aud;
    if (issuer) return { issuer, clientId: text(aud) };
  }
  return undefined;
}
