/**
 * `npm run deployments -- list | approve | suspend | activate <tenant id>`: the deployments
 * (tenants) of every platform and their status. Suspending keeps all data; launches are refused.
 */
import { TenantResolver } from '../features/launch/tenantResolver';
import { listPlatforms } from '../features/operator/platformDirectory';
import { when } from '../features/operator/presenter';
import { tenantIdInput, type TenantAction } from '../features/operator/schema';
import { changeTenantStatus, TenantNotFound } from '../features/operator/tenantStatusChanger';
import { CliUsageError, EXIT, withSubcommands, type CliCommand, type CliContext } from './command';
import { parseArgs } from './args';
import { formatTable } from './table';

const USAGE = [
  'Usage:',
  '  npm run deployments -- list [--pending]',
  '  npm run deployments -- approve <tenant id>    (a deployment waiting for approval may launch)',
  '  npm run deployments -- suspend <tenant id>    (launches refused, data kept)',
  '  npm run deployments -- activate <tenant id>   (a suspended deployment may launch again)',
];

async function list(args: string[], ctx: CliContext): Promise<number> {
  const a = parseArgs(args, { pending: 'switch' });
  if (a.positionals.length) throw new CliUsageError(`Unexpected argument "${a.positionals[0]}".`);
  const rows = (await listPlatforms(ctx.sequelize))
    .flatMap((p) => p.tenants.map((t) => ({ p, t })))
    .filter(({ t }) => !a.switches.pending || t.status === 'pending')
    .sort((x, y) => x.t.id - y.t.id);
  if (!rows.length) {
    ctx.out(a.switches.pending ? 'No deployment is waiting for approval.' : 'No deployments yet.');
    return EXIT.ok;
  }
  for (const line of formatTable(['tenant id', 'status', 'deployment id', 'platform', 'issuer', 'client id', 'last launch'], rows.map(({ p, t }) => [
    String(t.id), t.status, t.deploymentId, p.name || '-', p.issuer, p.clientId, when(t.lastLaunchAt),
  ]))) ctx.out(line);
  return EXIT.ok;
}

async function change(action: TenantAction, args: string[], ctx: CliContext): Promise<number> {
  const a = parseArgs(args, {});
  if (a.positionals.length !== 1) throw new CliUsageError(`Give one tenant id: npm run deployments -- ${action} <tenant id> (the ids are in: npm run deployments -- list).`);
  const id = tenantIdInput.safeParse(a.positionals[0]);
  if (!id.success) {
    ctx.err(`${id.error.issues[0].message} (got "${a.positionals[0]}").`);
    return EXIT.usage;
  }
  try {
    const done = await changeTenantStatus({ sequelize: ctx.sequelize, tenants: new TenantResolver(ctx.sequelize) }, { tenantId: id.data, action });
    const what = `Deployment ${done.deploymentId} of ${done.issuer} (client id ${done.clientId}, tenant id ${done.tenantId})`;
    ctx.out(done.before === done.after ? `${what} was already ${done.after}.` : `${what}: ${done.before} → ${done.after}.`);
    if (done.before !== done.after) ctx.out('A running CoachLoop picks up the change within 30 seconds.');
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof TenantNotFound)) throw err;
    ctx.err(err.message);
    return EXIT.usage;
  }
}

export const deploymentsCommand: CliCommand = withSubcommands('deployments', 'list deployments (tenants); approve, suspend or activate one', USAGE, {
  list,
  approve: (args, ctx) => change('approve', args, ctx),
  suspend: (args, ctx) => change('suspend', args, ctx),
  activate: (args, ctx) => change('activate', args, ctx),
});
