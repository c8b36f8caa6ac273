/**
 * Child process of the launch benchmark: CoachLoop as the server runs it (configuration,
 * database, migrations, createApp) on 127.0.0.1, its own fresh database, with the simulated LMS
 * registered as a platform and the benchmark deployment as a tenant — the wiring of
 * test/helpers/harness.ts.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDatabase } from '../../src/db/database';
import { createMigrator } from '../../src/db/migrate';
import { announceReady, childSettings, runChild, serveParent, SqlCounter, type ToolSettings } from './protocol';

runChild(async () => {
  const settings = childSettings<ToolSettings>();
  const publicUrl = `http://127.0.0.1:${settings.port}`;
  const databaseUrl = settings.database.kind === 'sqlite' ? `sqlite:${settings.database.file}` : settings.database.url;
  const config = loadConfig({
    NODE_ENV: 'development',
    DEMO: 'off',
    HOST: '127.0.0.1',
    PORT: String(settings.port),
    PUBLIC_URL: publicUrl,
    DATABASE_URL: databaseUrl,
    // Given, so development mode keeps no key file anywhere.
    ENCRYPTION_KEY: crypto.randomBytes(32).toString('hex'),
    DATA_DIR: settings.database.kind === 'sqlite' ? path.dirname(settings.database.file) : 'data',
    DB_LOG: 'off',
    LOG_LEVEL: 'silent',
  });

  const sequelize = createDatabase({ databaseUrl: config.databaseUrl, log: false });
  await sequelize.authenticate();
  await createMigrator(sequelize).up();
  const sql = new SqlCounter();
  if (settings.countSql) sql.attach(sequelize);

  const coachloop = await createApp({ config, sequelize });
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

  serveParent({
    sql,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await coachloop.close();
      await sequelize.close();
    },
  });
  announceReady({ url: publicUrl, pid: process.pid });
});
