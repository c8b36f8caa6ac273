/**
 * CoachLoop inside a benchmark child process, wired as the server runs it and as
 * test/helpers/harness.ts wires it: configuration, its own database, migrations, createApp,
 * listening on 127.0.0.1, with the simulated LMS registered as a platform and the benchmark
 * deployment as a tenant. Shared by bench/launch, bench/roster and bench/grades.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { createApp, type CoachLoopApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDatabase } from '../../src/db/database';
import { createMigrator } from '../../src/db/migrate';

/** Where CoachLoop keeps its data in a benchmark. */
export type BenchDatabase = { kind: 'sqlite'; file: string } | { kind: 'mysql'; url: string };

/** What the benchmark parent tells a CoachLoop child. */
export interface BenchCoachLoopSettings {
  port: number;
  database: BenchDatabase;
  /** CoachLoop's LTI URLs as registered with the simulator (checked against the app's own). */
  tool: { clientId: string; deploymentId: string; loginUrl: string; launchUrl: string; jwksUrl: string };
  platform: { issuer: string; authorizationEndpoint: string; tokenEndpoint: string; jwksUrl: string; name: string };
}

/** A running benchmark CoachLoop. */
export interface BenchCoachLoop {
  coachloop: CoachLoopApp;
  sequelize: Sequelize;
  publicUrl: string;
  stop(): Promise<void>;
}

/** Starts CoachLoop for a benchmark; `beforeApp` runs on the migrated database before the app is built (e.g. to attach a SQL counter). */
export async function startBenchCoachLoop(settings: BenchCoachLoopSettings, beforeApp?: (sequelize: Sequelize) => void): Promise<BenchCoachLoop> {
  const publicUrl = `http://127.0.0.1:${settings.port}`;
  const config = loadConfig({
    NODE_ENV: 'development',
    DEMO: 'off',
    HOST: '127.0.0.1',
    PORT: String(settings.port),
    PUBLIC_URL: publicUrl,
    DATABASE_URL: settings.database.kind === 'sqlite' ? `sqlite:${settings.database.file}` : settings.database.url,
    // Given, so development mode keeps no key file anywhere.
    ENCRYPTION_KEY: crypto.randomBytes(32).toString('hex'),
    DATA_DIR: settings.database.kind === 'sqlite' ? path.dirname(settings.database.file) : 'data',
    DB_LOG: 'off',
    LOG_LEVEL: 'silent',
    // Every simulated person launches from 127.0.0.1: the per-address launch limit would cap the run.
    LOGIN_RATE_LIMIT: '0',
  });

  const sequelize = createDatabase({ databaseUrl: config.databaseUrl, log: false });
  await sequelize.authenticate();
  await createMigrator(sequelize).up();
  beforeApp?.(sequelize);
  const coachloop = await createApp({ config, sequelize });
  // Development mode (no https PUBLIC_URL needed) would recompile templates per request; measure as production runs.
  coachloop.app.set('view cache', true);
  const server = http.createServer(coachloop.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });

  const { platform, tool } = settings;
  const urls = coachloop.lti.urls;
  if (urls.login !== tool.loginUrl || urls.launch !== tool.launchUrl || urls.keys !== tool.jwksUrl) {
    throw new Error(`CoachLoop's LTI URLs ${JSON.stringify(urls)} differ from those registered with the simulator ${JSON.stringify(tool)}`);
  }
  const platformKid = await coachloop.lti.registerPlatform({
    issuer: platform.issuer, clientId: tool.clientId, name: platform.name, authorizationEndpoint: platform.authorizationEndpoint,
    tokenEndpoint: platform.tokenEndpoint, jwksUrl: platform.jwksUrl, acceptNewDeployments: false,
  });
  await coachloop.tenants.create({ platformKid, issuer: platform.issuer, clientId: tool.clientId, deploymentId: tool.deploymentId, name: 'Bench District' });

  return {
    coachloop,
    sequelize,
    publicUrl,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await coachloop.close();
      await sequelize.close();
    },
  };
}
