/**
 * `npm run keys -- list | rotate [--overlap-hours N] | retire-expired`: the tool's signing keys
 * (src/lti/toolKeys.ts). Rotating makes a new key active at once and keeps the old one published
 * for the overlap, so platforms keep accepting what CoachLoop signs; running instances switch to
 * the new key within seconds. Expired keys are also retired automatically while CoachLoop runs.
 */
import { ToolKeys, type ToolKeyInfo } from '../lti/toolKeys';
import { LTI_PATHS } from '../lti/provider';
import { when } from '../features/operator/presenter';
import { CliUsageError, EXIT, withSubcommands, type CliCommand, type CliContext } from './command';
import { parseArgs } from './args';
import { formatTable } from './table';

const MAX_OVERLAP_HOURS = 24 * 30;

const USAGE = [
  'Usage:',
  '  npm run keys -- list',
  `  npm run keys -- rotate [--overlap-hours N]   (N from 0 to ${MAX_OVERLAP_HOURS}, default KEY_OVERLAP_HOURS)`,
  '  npm run keys -- retire-expired',
];

const at = (d: Date | undefined): string => (d ? when(d) : '-');

function noPositionals(positionals: string[]): void {
  if (positionals.length) throw new CliUsageError(`Unexpected argument "${positionals[0]}".`);
}

/** Where a key stands, in words: active, published until…, retired. */
function standing(k: ToolKeyInfo, now: Date): string {
  if (k.status === 'retiring') return k.retireAfter && k.retireAfter > now ? 'retiring (published)' : 'retiring (overlap over)';
  return k.status;
}

async function list(args: string[], ctx: CliContext, keys: ToolKeys): Promise<number> {
  noPositionals(parseArgs(args, {}).positionals);
  const all = await keys.list();
  if (!all.length) {
    ctx.out('No tool key yet: CoachLoop creates one when it starts (or run: npm run keys -- rotate).');
    return EXIT.ok;
  }
  const now = new Date();
  for (const line of formatTable(['kid', 'status', 'created', 'activated', 'retire after'], all.map((k) => [
    k.kid, standing(k, now), at(k.createdAt), at(k.activatedAt), k.status === 'retired' ? `retired ${at(k.retiredAt)}` : at(k.retireAfter),
  ]))) ctx.out(line);
  ctx.out('');
  ctx.out(`Published at ${ctx.config.publicUrl}${LTI_PATHS.keys}: the active key and retiring keys until their retire-after time.`);
  return EXIT.ok;
}

async function rotate(args: string[], ctx: CliContext, keys: ToolKeys): Promise<number> {
  const a = parseArgs(args, { 'overlap-hours': 'value' });
  noPositionals(a.positionals);
  const raw = a.values['overlap-hours'];
  const overlapHours = raw === undefined ? ctx.config.keyOverlapHours : Number(raw);
  if (raw !== undefined && (raw.trim() === '' || !Number.isFinite(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS)) {
    ctx.err(`--overlap-hours: expected a number of hours from 0 to ${MAX_OVERLAP_HOURS} (got "${raw}"). Nothing was changed.`);
    return EXIT.usage;
  }
  const result = await keys.rotate(overlapHours);
  ctx.out(`New active key: ${result.kid}`);
  if (!result.previous.length) ctx.out('There was no active key before: this is the first one.');
  for (const p of result.previous) {
    ctx.out(overlapHours > 0
      ? `Previous key ${p.kid} stays published until ${when(p.retireAfter)} (${overlapHours} h), then it is retired.`
      : `Previous key ${p.kid} is no longer published (no overlap, for a compromised key): what it signed is refused from now on, including by other instances for the few seconds until they switch.`);
  }
  ctx.out('Running CoachLoop instances sign with the new key within a few seconds; platforms fetch it from');
  ctx.out(`${ctx.config.publicUrl}${LTI_PATHS.keys} when they first meet it. Nothing needs changing in the LMS.`);
  return EXIT.ok;
}

async function retireExpired(args: string[], ctx: CliContext, keys: ToolKeys): Promise<number> {
  noPositionals(parseArgs(args, {}).positionals);
  const retired = await keys.retireExpired();
  if (retired.length) ctx.out(`Retired (no longer published): ${retired.join(', ')}`);
  else ctx.out('No retiring key has passed its overlap: nothing changed.');
  const now = new Date();
  for (const k of (await keys.list()).filter((x) => x.status === 'retiring' && x.retireAfter && x.retireAfter > now)) {
    ctx.out(`Still published: ${k.kid} until ${when(k.retireAfter)}`);
  }
  return EXIT.ok;
}

const toolKeys = (ctx: CliContext) => new ToolKeys(ctx.sequelize, ctx.config.encryptionKey);

export const keysCommand: CliCommand = withSubcommands('keys', "list the tool's signing keys, rotate them, retire keys past their overlap", USAGE, {
  list: (args, ctx) => list(args, ctx, toolKeys(ctx)),
  rotate: (args, ctx) => rotate(args, ctx, toolKeys(ctx)),
  'retire-expired': (args, ctx) => retireExpired(args, ctx, toolKeys(ctx)),
});
