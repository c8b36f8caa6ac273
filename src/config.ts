/**
 * CoachLoop's configuration: the environment parsed by one zod schema.
 *
 * Every setting is named, typed and defaulted here. A bad or missing value stops start-up
 * with one message that names each variable and says what is expected, so an operator
 * never has to read a stack trace to fix a typo.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export type Mode = 'development' | 'production' | 'test';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], {
    error: 'expected one of on/off, true/false, 1/0, yes/no',
  })
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a whole number')
  .min(0, 'expected a port between 0 and 65535')
  .max(65535, 'expected a port between 0 and 65535');

const httpUrl = z
  .string()
  .url('expected an absolute URL such as https://coachloop.example.org')
  .refine((u) => /^https?:\/\//.test(u), 'expected an http:// or https:// URL')
  .transform((u) => u.replace(/\/+$/, ''));

const databaseUrl = z
  .string()
  .refine(
    (u) => /^sqlite:/.test(u) || /^(mysql|mariadb):\/\/[^/]+\/[^/?]+/.test(u),
    'expected sqlite:<file path>, sqlite::memory: or mysql://user:password@host:3306/database',
  );

/** The raw environment schema. Variables are upper case, as operators write them. */
const environmentSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { error: 'expected development, production or test' })
    .default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1, 'expected a host name or IP address to listen on').optional(),
  PUBLIC_URL: httpUrl.optional(),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: databaseUrl.optional(),
  ENCRYPTION_KEY: z
    .string()
    .min(32, 'expected at least 32 characters (use: openssl rand -hex 32)')
    .optional(),
  DEMO: booleanFlag.optional(),
  DEMO_LMS_PORT: port.default(3001),
  LTI_TOKEN_MAX_AGE: z.coerce
    .number({ error: 'expected a number of seconds' })
    .int('expected a whole number of seconds')
    .min(5, 'expected at least 5 seconds')
    .max(600, 'expected at most 600 seconds')
    .default(60),
  OPERATOR_TOKEN: z.string().min(24, 'expected at least 24 characters (use: openssl rand -hex 24)').optional(),
  REGISTRATION_MODE: z.enum(['open', 'install-code'], { error: 'expected open or install-code' }).optional(),
  KEY_OVERLAP_HOURS: z.coerce
    .number({ error: 'expected a number of hours' })
    .min(1, 'expected at least 1 hour')
    .max(24 * 30, 'expected at most 720 hours (30 days)')
    .default(72),
  TRUST_PROXY: z
    .string()
    .regex(/^(off|\d{1,2}|loopback|linklocal|uniquelocal|[0-9a-fA-F.:/, ]+)$/, 'expected off, a number of proxy hops (e.g. 1), loopback, uniquelocal or proxy addresses')
    .default('off'),
  ROSTER_SYNC_INTERVAL_MINUTES: z.coerce
    .number({ error: 'expected a number of minutes' })
    .int('expected a whole number of minutes')
    .min(5, 'expected at least 5 minutes')
    .max(7 * 24 * 60, 'expected at most 10080 minutes (a week)')
    .default(60),
  LOGIN_RATE_LIMIT: z.coerce
    .number({ error: 'expected a number of launches per minute' })
    .int('expected a whole number')
    .min(0, 'expected 0 (no limit) or more')
    .optional(),
  REGISTRATION_RATE_LIMIT: z.coerce
    .number({ error: 'expected a number of attempts per hour' })
    .int('expected a whole number')
    .min(0, 'expected 0 (no limit) or more')
    .optional(),
  JOB_POLL_INTERVAL_MS: z.coerce
    .number({ error: 'expected a number of milliseconds' })
    .int('expected a whole number of milliseconds')
    .min(50, 'expected at least 50 milliseconds')
    .max(60_000, 'expected at most 60000 milliseconds (a minute)')
    .default(1000),
  DB_LOG: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug'], { error: 'expected silent, error, info or debug' }).default('info'),
});

/** The validated configuration the rest of CoachLoop reads. */
export interface Config {
  mode: Mode;
  port: number;
  host: string;
  /** The tool's public origin (no trailing slash): LTI URLs are built from it. */
  publicUrl: string;
  dataDir: string;
  databaseUrl: string;
  /** Signs ltik tokens and cookies and encrypts stored private keys: never change it in place. */
  encryptionKey: string;
  /** Where the encryption key came from, for the start-up banner. */
  encryptionKeySource: 'environment' | 'generated' | 'data folder' | 'test';
  demo: boolean;
  demoLmsPort: number;
  /** Accepted id_token age in seconds (Moodle sets exp = iat + 60). */
  ltiTokenMaxAge: number;
  /** Credential for the operator pages (not an LTI launch); absent = operator pages disabled. */
  operatorToken?: string;
  /** Who may register a platform through Dynamic Registration. */
  registrationMode: 'open' | 'install-code';
  /** How long a rotated-out tool key stays published beside the new one (hours). */
  keyOverlapHours: number;
  /** Express "trust proxy": which proxies' X-Forwarded-* headers to believe (false = none). */
  trustProxy: false | number | string;
  /** A coach or admin launch queues a roster sync when the last one is older than this. */
  rosterSyncIntervalMinutes: number;
  /** OIDC login initiations accepted per client address per minute (0 = no limit). */
  loginRateLimitPerMinute: number;
  /** Dynamic Registration requests accepted per client address per hour (0 = no limit). */
  registrationRateLimitPerHour: number;
  /** How often an idle job runner looks for due background work (roster syncs, grades to send), in ms. */
  jobPollIntervalMs: number;
  dbLog: boolean;
  logLevel: 'silent' | 'error' | 'info' | 'debug';
}

/** A configuration problem an operator must fix; its message is meant to be printed as is. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      'CoachLoop cannot start: the configuration is not valid.\n' +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSet these environment variables (see the configuration table in README.md) and start again.',
    );
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment into a Config, or throws a ConfigError listing every bad variable.
 * In development a missing encryption key is generated once and kept in the data folder;
 * in production it must be given.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const given = env[name];
        return given === undefined
          ? `${name} is missing: ${issue.message}`
          : `${name}=${JSON.stringify(given)} is not valid: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const mode = e.NODE_ENV;
  const problems: string[] = [];
  const production = mode === 'production';

  if (production && !e.PUBLIC_URL) problems.push('PUBLIC_URL is missing: production needs the public https:// address of CoachLoop');
  if (production && e.PUBLIC_URL && !e.PUBLIC_URL.startsWith('https://'))
    problems.push(`PUBLIC_URL=${JSON.stringify(e.PUBLIC_URL)} is not valid: production needs an https:// address (LMS iframes require secure cookies)`);
  if (production && !e.ENCRYPTION_KEY)
    problems.push('ENCRYPTION_KEY is missing: production needs a secret of at least 32 characters (use: openssl rand -hex 32) kept safe and never changed');
  if (production && !e.DATABASE_URL)
    problems.push('DATABASE_URL is missing: production needs mysql://user:password@host:3306/database (SQLite is for development and demos)');
  if (production && e.DEMO === true) problems.push('DEMO=on is not allowed: the demo LMS simulator never runs in production');
  if (problems.length) throw new ConfigError(problems);

  const dataDir = path.resolve(e.DATA_DIR);
  const port = e.PORT;
  const host = e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1');
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${port}`;
  const databaseUrl = e.DATABASE_URL ?? (mode === 'test' ? 'sqlite::memory:' : `sqlite:${path.join(dataDir, 'coachloop.sqlite')}`);

  let encryptionKey = e.ENCRYPTION_KEY;
  let encryptionKeySource: Config['encryptionKeySource'] = 'environment';
  if (!encryptionKey) {
    if (mode === 'test') {
      encryptionKey = crypto.randomBytes(32).toString('hex');
      encryptionKeySource = 'test';
    } else {
      const kept = keptSecret(dataDir, 'encryption.key', 32);
      encryptionKey = kept.key;
      encryptionKeySource = kept.generated ? 'generated' : 'data folder';
    }
  }

  return {
    mode,
    port,
    host,
    publicUrl,
    dataDir,
    databaseUrl,
    encryptionKey,
    encryptionKeySource,
    demo: e.DEMO ?? mode === 'development',
    demoLmsPort: e.DEMO_LMS_PORT,
    ltiTokenMaxAge: e.LTI_TOKEN_MAX_AGE,
    operatorToken: e.OPERATOR_TOKEN ?? (mode === 'development' ? keptSecret(dataDir, 'operator.token', 24).key : undefined),
    registrationMode: e.REGISTRATION_MODE ?? (production ? 'install-code' : 'open'),
    keyOverlapHours: e.KEY_OVERLAP_HOURS,
    trustProxy: e.TRUST_PROXY === 'off' ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    rosterSyncIntervalMinutes: e.ROSTER_SYNC_INTERVAL_MINUTES,
    // Tests and benchmarks launch hundreds of times a minute from 127.0.0.1: no limit unless asked.
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT ?? (mode === 'test' ? 0 : 600),
    registrationRateLimitPerHour: e.REGISTRATION_RATE_LIMIT ?? (mode === 'test' ? 0 : 30),
    jobPollIntervalMs: e.JOB_POLL_INTERVAL_MS,
    dbLog: e.DB_LOG,
    logLevel: e.LOG_LEVEL,
  };
}

/** Reads a development secret from the data folder, creating it (mode 0600) the first time. */
function keptSecret(dataDir: string, name: string, minLength: number): { key: string; generated: boolean } {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, 'utf8').trim();
    if (key.length < minLength) throw new ConfigError([`${file} holds a secret shorter than ${minLength} characters: delete it to have a new one generated`]);
    return { key, generated: false };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(Math.ceil(minLength / 2) + 8).toString('hex');
  fs.writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return { key, generated: true };
}
