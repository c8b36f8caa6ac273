/**
 * One-time install codes. An operator creates one (CLI or operator page) and hands it to the
 * district's LMS admin, who appends it to the registration URL. Only its hash is stored.
 */
import crypto from 'node:crypto';
import { QueryTypes, Sequelize } from 'sequelize';

/** A freshly created code: `code` is shown once and never stored. */
export interface CreatedInstallCode {
  code: string;
  label: string;
  expiresAt: Date;
}

const hash = (code: string) => crypto.createHash('sha256').update(code.trim()).digest('hex');

/** Creates a one-time install code valid for `ttlHours`. */
export async function createInstallCode(sequelize: Sequelize, opts: { label?: string; ttlHours?: number } = {}): Promise<CreatedInstallCode> {
  // Groups of 4 from an unambiguous alphabet: easy to read aloud and to paste.
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(16);
  const raw = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  const code = raw.match(/.{4}/g)!.join('-');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + (opts.ttlHours ?? 72) * 3600_000);
  await sequelize.query('INSERT INTO install_codes (code_hash, label, expires_at, created_at) VALUES (?, ?, ?, ?)', {
    replacements: [hash(code), opts.label ?? '', expiresAt, now],
  });
  return { code, label: opts.label ?? '', expiresAt };
}

/** Why a code cannot be used, or null when it can. */
export async function installCodeProblem(sequelize: Sequelize, code: string | undefined, now = new Date()): Promise<string | null> {
  if (!code || !code.trim()) return 'This CoachLoop server only accepts registrations with an install code, and the registration URL has none.';
  const rows = await sequelize.query<{ expires_at: string | Date; used_at: string | Date | null }>(
    'SELECT expires_at, used_at FROM install_codes WHERE code_hash = ?', { replacements: [hash(code)], type: QueryTypes.SELECT },
  );
  if (!rows[0]) return 'The install code in the registration URL is not one this CoachLoop server issued. Check it for typos.';
  if (rows[0].used_at) return 'This install code was already used. Each code registers one LMS; ask the CoachLoop operator for a new one.';
  if (new Date(rows[0].expires_at) <= now) return 'This install code has expired. Ask the CoachLoop operator for a new one.';
  return null;
}

/** Marks the code used by a platform; false if someone else used it first (or it expired). */
export async function consumeInstallCode(sequelize: Sequelize, code: string, platformKid: string, now = new Date()): Promise<boolean> {
  const [, affected] = await sequelize.query('UPDATE install_codes SET used_at = ?, used_by_platform_kid = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?', {
    replacements: [now, platformKid, hash(code), now],
    type: QueryTypes.UPDATE,
  });
  return affected === 1;
}

/** Lists codes (newest first) for the operator page; never the codes themselves. */
export async function listInstallCodes(sequelize: Sequelize): Promise<Array<{ id: number; label: string; expiresAt: Date; usedAt: Date | null; usedByPlatformKid: string | null; createdAt: Date }>> {
  const rows = await sequelize.query<{ id: number; label: string; expires_at: string | Date; used_at: string | Date | null; used_by_platform_kid: string | null; created_at: string | Date }>(
    'SELECT id, label, expires_at, used_at, used_by_platform_kid, created_at FROM install_codes ORDER BY id DESC LIMIT 200', { type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ id: Number(r.id), label: r.label, expiresAt: new Date(r.expires_at), usedAt: r.used_at ? new Date(r.used_at) : null, usedByPlatformKid: r.used_by_platform_kid, createdAt: new Date(r.created_at) }));
}
