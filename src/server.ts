/**
 * Start-up only: configuration, database, migrations, the app, listening; the demo LMS in
 * development. `npm start` runs this; `NODE_ENV=production npm start` starts the tool alone.
 */
import http from 'node:http';
import { loadConfig, ConfigError, type Config } from './config';
import { createDatabase } from './db/database';
import { createMigrator } from './db/migrate';
import { createApp } from './app';

/** A running CoachLoop server (and demo LMS), stoppable. */
export interface RunningServer {
  config: Config;
  url: string;
  demoLmsUrl?: string;
  stop(): Promise<void>;
}

/** Starts CoachLoop from a configuration. */
export async function startServer(config: Config): Promise<RunningServer> {
  const sequelize = createDatabase({ databaseUrl: config.databaseUrl, log: config.dbLog });
  try {
    await sequelize.authenticate();
  } catch (err) {
    await sequelize.close().catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError([`DATABASE_URL: cannot connect to the database (${reason}). Check the host, port, user, password and that the database exists.`]);
  }
  const migrator = createMigrator(sequelize);
  if (config.mode === 'production') {
    const pending = await migrator.pending();
    if (pending.length) {
      await sequelize.close();
      throw new ConfigError([`the database needs ${pending.length} migration(s) (${pending.map((m) => m.name).join(', ')}): run \`npm run migrate\` first`]);
    }
  } else {
    await migrator.up();
  }
  const coachloop = await createApp({ config, sequelize });
  coachloop.jobs.start(config.jobPollIntervalMs);
  const server = http.createServer(coachloop.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  let stopDemo: (() => Promise<void>) | undefined;
  let demoLmsUrl: string | undefined;
  if (config.demo && config.mode !== 'production') {
    const { startDemoLms } = await import('./demo/demoLms');
    const sim = await startDemoLms(coachloop, { port: config.demoLmsPort });
    demoLmsUrl = sim.issuer;
    stopDemo = () => sim.stop();
  }
  return {
    config,
    url: config.publicUrl,
    demoLmsUrl,
    stop: async () => {
      await stopDemo?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await coachloop.close();
      await sequelize.close();
    },
  };
}

if (require.main === module) {
  void (async () => {
    let running: RunningServer | undefined;
    try {
      const config = loadConfig();
      running = await startServer(config);
      if (config.logLevel !== 'silent') {
        console.log(`CoachLoop is running at ${running.url} (${config.mode}, database ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')})`);
        if (config.operatorToken) console.log(`Operator pages: ${running.url}/operator${process.env.OPERATOR_TOKEN ? '' : ` (sign in with the token in ${config.dataDir}/operator.token)`}`);
        console.log(`LMS admins register CoachLoop at ${running.url}/lti/register (Dynamic Registration) or with ${running.url}/lti/canvas.json (Canvas).`);
        if (config.encryptionKeySource === 'generated') console.log(`A new encryption key was generated and kept in ${config.dataDir}/encryption.key`);
        if (running.demoLmsUrl) {
          console.log(`Demo LMS is running at ${running.demoLmsUrl}`);
          console.log(`Open ${running.demoLmsUrl}/ and launch CoachLoop as any of the seeded people.`);
        }
      }
    } catch (err) {
      console.error(err instanceof ConfigError ? err.message : err);
      process.exit(1);
    }
    const shutdown = async (signal: string) => {
      console.log(`${signal} received: stopping CoachLoop.`);
      await running?.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  })();
}
