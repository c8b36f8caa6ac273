/**
 * Child process of the launch benchmark: the smallest tool stock ltijs makes — ltijs 5.9.9 and
 * ltijs-sequelize as their READMEs set them up, unpatched, on a database of its own — doing the
 * same launch as CoachLoop and answering with a small page greeting the user by name.
 * It is the yardstick: CoachLoop's launch should cost little more than ltijs's own.
 */
import http from 'node:http';
import crypto from 'node:crypto';
import { Provider as lti } from 'ltijs';
import Database from 'ltijs-sequelize';
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import { childStats, SqlCounter, type ToolDatabase, type ToolSettings } from './protocol';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** ltijs-sequelize's constructor arguments for a database. */
function pluginFor(database: ToolDatabase): Database {
  if (database.kind === 'sqlite') {
    return new Database('db', 'user', 'pass', { dialect: 'sqlite', storage: database.file, logging: false });
  }
  const url = new URL(database.url.replace(/^mariadb:/, 'mysql:'));
  return new Database(decodeURIComponent(url.pathname.slice(1)), decodeURIComponent(url.username), decodeURIComponent(url.password), {
    dialect: 'mysql', host: url.hostname, port: Number(url.port || 3306), logging: false,
  });
}

runChild(async () => {
  const settings = childSettings<ToolSettings>();
  const db = pluginFor(settings.database);
  const sql = new SqlCounter();
  if (settings.countSql) sql.attach(db.db);

  lti.setup(crypto.randomBytes(32).toString('hex'), { plugin: db }, {
    appRoute: '/lti/launch',
    loginRoute: '/lti/login',
    keysetRoute: '/lti/keys',
    cookies: { secure: true, sameSite: 'None' },
    tokenMaxAge: 60,
    devMode: false,
  });
  lti.onConnect((token, _req, res) => {
    const name = token.userInfo?.name ?? 'there';
    res.send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare ltijs tool</title></head><body><h1>Hello, ${escapeHtml(name)}</h1><p>You launched from ${escapeHtml(token.iss)}.</p></body></html>`);
  });

  // ltijs's deploy adds a SIGINT handler that exits at once; the parent stops this child itself.
  const sigintBefore = new Set(process.listeners('SIGINT'));
  await lti.deploy({ serverless: true, silent: true });
  for (const listener of process.listeners('SIGINT')) if (!sigintBefore.has(listener)) process.removeListener('SIGINT', listener);

  // ltijs's own deploy would listen on every interface: listen on the loopback only.
  const server = http.createServer(lti.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, '127.0.0.1', () => resolve());
  });

  const { platform, tool } = settings;
  await lti.registerPlatform({
    url: platform.issuer, name: platform.name, clientId: tool.clientId,
    authenticationEndpoint: platform.authorizationEndpoint, accesstokenEndpoint: platform.tokenEndpoint,
    authConfig: { method: 'JWK_SET', key: platform.jwksUrl },
  });

  serveParent({
    handlers: { stats: () => childStats(sql) },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lti.close({ silent: true });
    },
  });
  announceReady({ url: `http://127.0.0.1:${settings.port}`, pid: process.pid });
});
