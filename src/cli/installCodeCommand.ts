/**
 * `npm run install-code -- create | list`: one-time install codes for Dynamic Registration.
 * A code is printed once, with the registration URL to hand to the LMS administrator; only its
 * hash is stored.
 */
import { when } from '../features/operator/presenter';
import { installCodeInput } from '../features/operator/schema';
import { registrationUrl } from '../features/operator/toolSettings';
import { createInstallCode, listInstallCodes } from '../features/registration/installCodes';
import { CliUsageError, EXIT, withSubcommands, type CliCommand, type CliContext } from './command';
import { parseArgs } from './args';
import { formatFacts, formatTable } from './table';

const USAGE = [
  'Usage:',
  '  npm run install-code -- create [--label TEXT] [--hours N]   (N from 1 to 720, default 72)',
  '  npm run install-code -- list',
];

async function create(args: string[], ctx: CliContext): Promise<number> {
  const a = parseArgs(args, { label: 'value', hours: 'value' });
  if (a.positionals.length) throw new CliUsageError(`Unexpected argument "${a.positionals[0]}" (put a label with spaces in quotes: --label "Riverbend Canvas").`);
  const parsed = installCodeInput.safeParse({ label: a.values.label, hours: a.values.hours });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.err(`--${String(issue.path[0])}: ${issue.message}`);
    return EXIT.usage;
  }
  const created = await createInstallCode(ctx.sequelize, { label: parsed.data.label, ttlHours: parsed.data.hours });
  ctx.out('New install code (shown only now: CoachLoop keeps just a fingerprint of it):');
  for (const line of formatFacts([
    ['Code', created.code],
    ['Label', created.label || '(none)'],
    ['Valid until', `${when(created.expiresAt)} — one registration only`],
    ['Registration URL', registrationUrl(ctx.config.publicUrl, created.code)],
  ])) ctx.out(line);
  ctx.out('');
  ctx.out('Give the LMS administrator the registration URL: they paste it into the LMS (Canvas: Developer Keys → LTI Registration; Moodle: Manage tools → Tool URL).');
  if (ctx.config.registrationMode === 'open') ctx.err('Note: REGISTRATION_MODE is open, so registrations do not need (or check) install codes. Set REGISTRATION_MODE=install-code to require them.');
  return EXIT.ok;
}

async function list(args: string[], ctx: CliContext): Promise<number> {
  const a = parseArgs(args, {});
  if (a.positionals.length) throw new CliUsageError(`Unexpected argument "${a.positionals[0]}".`);
  const codes = await listInstallCodes(ctx.sequelize);
  ctx.out(`Registration mode: ${ctx.config.registrationMode}`);
  if (!codes.length) {
    ctx.out('No install codes yet. Create one with: npm run install-code -- create --label "Riverbend Canvas"');
    return EXIT.ok;
  }
  const now = new Date();
  for (const line of formatTable(['id', 'label', 'created', 'valid until', 'state'], codes.map((c) => [
    String(c.id), c.label || '-', when(c.createdAt), when(c.expiresAt),
    c.usedAt ? `used ${when(c.usedAt)}` : c.expiresAt <= now ? 'expired' : 'unused',
  ]))) ctx.out(line);
  return EXIT.ok;
}

export const installCodeCommand: CliCommand = withSubcommands('install-code', 'create a one-time install code for Dynamic Registration, list codes', USAGE, { create, list });
