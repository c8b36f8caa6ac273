/**
 * `npm run seed:district -- --teachers 5000 [--coaches N] [--sessions N] [--db URL] [--seed S] …`:
 * parses the options, migrates the database, fills it with a district (src/cli/seedDistrict.ts)
 * and reports the rows written per table and per second. Exit 0 done, 1 failed, 2 bad usage.
 */
import { parseArgs } from '../src/cli/args';
import { CliUsageError } from '../src/cli/command';
import { districtDefaults, seedDistrict, type DistrictOptions } from '../src/cli/seedDistrict';
import { createDatabase } from '../src/db/database';
import { createMigrator } from '../src/db/migrate';

/** The command line: parses options, migrates the database, fills it and reports rows per second. */
async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const spec = { teachers: 'value', coaches: 'value', mentors: 'value', schools: 'value', sessions: 'value', checkins: 'value', responses: 'value', reflections: 'value', years: 'value', until: 'value', seed: 'value', db: 'value', 'tenant-id': 'value', prefix: 'value', help: 'switch' } as const;
  let args;
  try {
    args = parseArgs(argv, spec);
  } catch (err) {
    if (err instanceof CliUsageError) { out(err.message); return 2; }
    throw err;
  }
  if (args.switches.help) {
    out('Usage: npm run seed:district -- --teachers 5000 [--coaches N] [--mentors N] [--schools N] [--sessions N] [--checkins N] [--responses N] [--reflections N]');
    out('         [--years 2] [--until 2026-05-29] [--seed 1] [--db sqlite:data/district.sqlite | mysql://user:pass@host:3306/db] [--tenant-id N] [--prefix district]');
    return 0;
  }
  const whole = (name: keyof typeof spec, min = 0): number | undefined => {
    const raw = args.values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < min) throw new CliUsageError(`--${name} expects a whole number of at least ${min}, got ${JSON.stringify(raw)}.`);
    return n;
  };
  let opts: DistrictOptions;
  try {
    const teachers = whole('teachers', 1) ?? 5000;
    const until = args.values.until;
    if (until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(until)) throw new CliUsageError('--until expects a day as YYYY-MM-DD.');
    const prefix = args.values.prefix;
    if (prefix !== undefined && !/^[a-z0-9-]{1,30}$/.test(prefix)) throw new CliUsageError('--prefix expects lower-case letters, digits and dashes.');
    opts = districtDefaults(teachers, {
      coaches: whole('coaches', 1), mentors: whole('mentors', 1), schools: whole('schools', 1), sessions: whole('sessions'), checkins: whole('checkins'), responses: whole('responses'),
      reflections: whole('reflections'), years: whole('years', 1), until, seed: whole('seed'), tenantId: whole('tenant-id', 1), prefix,
    });
  } catch (err) {
    if (err instanceof CliUsageError) { out(err.message); return 2; }
    throw err;
  }
  const url = args.values.db ?? process.env.DATABASE_URL ?? 'sqlite:data/district.sqlite';
  const sequelize = createDatabase({ databaseUrl: url });
  try {
    await createMigrator(sequelize).up();
    out(`Filling ${url.replace(/\/\/[^@/]*@/, '//…@')} with a district of ${opts.teachers} teachers, ${opts.coaches} coaches, ${opts.sessions} sessions (seed ${opts.seed}) …`);
    const report = await seedDistrict(sequelize, { ...opts, log: (line) => out(`  ${line}`) });
    const width = Math.max(...Object.keys(report.rows).map((k) => k.length));
    for (const [table, n] of Object.entries(report.rows).sort((a, b) => b[1] - a[1])) out(`  ${table.padEnd(width)}  ${n.toLocaleString('en-US').padStart(11)}`);
    const total = Object.values(report.rows).reduce((s, n) => s + n, 0);
    out(`${total.toLocaleString('en-US')} rows in ${report.seconds.toFixed(1)} s: ${Math.round(report.rowsPerSecond).toLocaleString('en-US')} rows/s (with the rollups rebuilt). Tenant ${report.tenantId}; admin ${report.adminSub}; courses ${report.spaces.map((s) => s.contextId).join(', ')}.`);
    return 0;
  } finally {
    await sequelize.close();
  }
}

void main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  const e = err as { message?: string; parent?: { message?: string } };
  console.error(`seed:district failed: ${(e.parent?.message ?? e.message ?? String(err)).slice(0, 500)}`);
  process.exitCode = 1;
});
