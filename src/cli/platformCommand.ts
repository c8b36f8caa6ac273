/**
 * `npm run platform -- add | list | remove`: manual registration of an LMS platform (Schoology,
 * Blackboard, or any LMS without Dynamic Registration), the list of platforms and deployments,
 * and removal (deployments with data are suspended, never deleted).
 */
import { listPlatforms, type PlatformListing } from '../features/operator/platformDirectory';
import { registerPlatformManually } from '../features/operator/platformRegistrar';
import { PlatformRemovalRefused, removePlatform } from '../features/operator/platformRemover';
import { when } from '../features/operator/presenter';
import { CLI_FLAGS, platformInput, platformInputWarnings, platformKeyInput, type PlatformInput } from '../features/operator/schema';
import { toolSettings } from '../features/operator/toolSettings';
import { CliUsageError, EXIT, withSubcommands, type CliCommand, type CliContext } from './command';
import { parseArgs } from './args';
import { formatFacts, formatTable } from './table';

const USAGE = [
  'Usage:',
  '  npm run platform -- add --issuer URL --client-id ID --auth-url URL --token-url URL --jwks-url URL',
  '                         [--name NAME] [--deployment-id ID ...] [--accept-new-deployments]',
  '  npm run platform -- list',
  '  npm run platform -- remove --issuer URL --client-id ID [--yes]',
];

const METHOD_LABELS: Record<string, string> = { manual: 'by hand', dynamic: 'dynamic registration', demo: 'demo LMS' };

/** The values the LMS administrator pastes into the LMS. */
function printToolSettings(ctx: CliContext): void {
  ctx.out('Give these values to the LMS administrator:');
  for (const line of formatFacts(toolSettings(ctx.config.publicUrl).map((s) => [s.label, s.value]))) ctx.out(line);
}

async function add(args: string[], ctx: CliContext): Promise<number> {
  const a = parseArgs(args, {
    issuer: 'value', 'client-id': 'value', 'auth-url': 'value', 'token-url': 'value', 'jwks-url': 'value', name: 'value',
    'deployment-id': 'values', 'accept-new-deployments': 'switch',
  });
  if (a.positionals.length) throw new CliUsageError(`Unexpected argument "${a.positionals[0]}".`);
  const parsed = platformInput.safeParse({
    issuer: a.values.issuer, clientId: a.values['client-id'], authUrl: a.values['auth-url'], tokenUrl: a.values['token-url'],
    jwksUrl: a.values['jwks-url'], name: a.values.name, deploymentIds: a.lists['deployment-id'], acceptNewDeployments: a.switches['accept-new-deployments'],
  });
  if (!parsed.success) {
    ctx.err('Nothing was registered:');
    for (const issue of parsed.error.issues) ctx.err(`  ${CLI_FLAGS[issue.path[0] as keyof PlatformInput] ?? String(issue.path[0])}: ${issue.message}`);
    ctx.err('');
    for (const line of USAGE) ctx.err(line);
    return EXIT.usage;
  }
  const input = parsed.data;
  const app = await ctx.coachloop();
  const result = await registerPlatformManually({ sequelize: ctx.sequelize, lti: app.lti, tenants: app.tenants }, input);
  for (const warning of platformInputWarnings(input)) ctx.err(`Warning: ${warning}`);
  ctx.out(result.created ? `Registered a new platform: ${result.name}` : `Updated the platform: ${result.name}`);
  for (const line of formatFacts([
    ['Issuer', input.issuer],
    ['Client id', input.clientId],
    ['Authorization URL', input.authUrl],
    ['Access token URL', input.tokenUrl],
    ['JWKS URL', input.jwksUrl],
    ['Platform id', result.kid],
    ['Launches', 'accepted (active)'],
    ['New deployments', input.acceptNewDeployments ? 'accepted automatically' : 'wait for approval (npm run deployments -- approve <tenant id>)'],
  ])) ctx.out(line);
  if (result.deployments.length) {
    ctx.out('Deployments:');
    for (const line of formatTable(['tenant id', 'deployment id', 'status', 'change'], result.deployments.map((d) => [String(d.tenantId), d.deploymentId, d.status, d.change]))) ctx.out(`  ${line}`);
  }
  ctx.out('');
  printToolSettings(ctx);
  ctx.out('');
  ctx.out('A running CoachLoop picks up the change within 30 seconds.');
  return EXIT.ok;
}

/** The platforms table and a deployments table per platform. */
export function platformListing(platforms: PlatformListing[]): string[] {
  if (!platforms.length) return ['No platform is registered yet. Register one with: npm run platform -- add … (or Dynamic Registration).'];
  const lines = [`Platforms (${platforms.length})`];
  lines.push(...formatTable(
    ['name', 'issuer', 'client id', 'active', 'new deployments', 'registered'],
    platforms.map((p) => [p.name || '-', p.issuer, p.clientId, p.active ? 'yes' : 'no', p.acceptNewDeployments ? 'accepted' : 'need approval', METHOD_LABELS[p.registrationMethod] ?? p.registrationMethod]),
  ));
  for (const p of platforms) {
    lines.push('', `Deployments of ${p.name || p.issuer} (${p.issuer}, client id ${p.clientId})`);
    if (!p.tenants.length) lines.push('  none yet');
    else lines.push(...formatTable(['tenant id', 'deployment id', 'status', 'last launch'], p.tenants.map((t) => [String(t.id), t.deploymentId, t.status, when(t.lastLaunchAt)])).map((l) => `  ${l}`));
  }
  return lines;
}

async function list(args: string[], ctx: CliContext): Promise<number> {
  const a = parseArgs(args, {});
  if (a.positionals.length) throw new CliUsageError(`Unexpected argument "${a.positionals[0]}".`);
  for (const line of platformListing(await listPlatforms(ctx.sequelize))) ctx.out(line);
  return EXIT.ok;
}

async function remove(args: string[], ctx: CliContext): Promise<number> {
  const a = parseArgs(args, { issuer: 'value', 'client-id': 'value', yes: 'switch' });
  if (a.positionals.length) throw new CliUsageError(`Unexpected argument "${a.positionals[0]}".`);
  const parsed = platformKeyInput.safeParse({ issuer: a.values.issuer, clientId: a.values['client-id'] });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.err(`${issue.path[0] === 'issuer' ? '--issuer' : '--client-id'}: ${issue.message}`);
    return EXIT.usage;
  }
  try {
    const removed = await removePlatform(ctx.sequelize, { ...parsed.data, confirmed: a.switches.yes });
    if (removed.outcome === 'deleted') ctx.out(`Removed the platform ${removed.name} (${parsed.data.issuer}, client id ${parsed.data.clientId}) and its keys.`);
    else ctx.out(`Deactivated the platform ${removed.name}: launches from it are refused. Its record stays because its suspended deployments keep their data; register it again (platform add) to reconnect them.`);
    if (removed.deletedTenants.length) ctx.out(`Deleted deployments nobody had used: ${removed.deletedTenants.join(', ')}`);
    for (const t of removed.suspendedTenants) ctx.out(`Suspended deployment ${t.deploymentId} (tenant id ${t.tenantId}, ${t.people} people): its data is kept.`);
    ctx.out('A running CoachLoop picks up the change within 30 seconds.');
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof PlatformRemovalRefused)) throw err;
    ctx.err(err.reason === 'has-people' ? `${err.message} Run again with --yes to go ahead.` : err.message);
    return EXIT.usage;
  }
}

export const platformCommand: CliCommand = withSubcommands('platform', 'register an LMS platform by hand, list platforms and deployments, remove a platform', USAGE, { add, list, remove });
