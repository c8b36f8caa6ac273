/**
 * Child process of the launch and load benchmarks: the smallest tool stock ltijs makes — ltijs
 * 5.9.9 and ltijs-sequelize as their READMEs set them up, unpatched, on a database of its own —
 * doing the same launch as CoachLoop and answering with a small page greeting the user by name,
 * with one form whose POST route writes a row (what a tool's smallest write looks like).
 * It is the yardstick: CoachLoop's launches and writes should cost little more than ltijs's own.
 * The only file under bench/ that imports ltijs.
 */
import http from 'node:http';
import crypto from 'node:crypto';
import { Provider as lti } from 'ltijs';
import Database from 'ltijs-sequelize';
import { QueryTypes } from 'sequelize';
import { announceReady, childSettings, runChild, serveParent } from './child';
import type { BenchDatabase } from './coachloopServer';
import { BARE_WRITE_PATH, type BareRows, type BareToolSettings } from './bareProtocol';
import { childStats, SqlCounter } from './sqlCounter';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** ltijs-sequelize's constructor arguments for a database. */
function pluginFor(database: BenchDatabase): Database {
  if (database.kind === 'sqlite') {
    return new Database('db', 'user', 'pass', { dialect: 'sqlite', storage: database.file, logging: false });
  }
  const url = new URL(database.url.replace(/^mariadb:/, 'mysql:'));
  return new Database(decodeURIComponent(url.pathname.slice(1)), decodeURIComponent(url.username), decodeURIComponent(url.password), {
    dialect: 'mysql', host: url.hostname, port: Number(url.port || 3306), logging: false,
  });
}

runChild(async () => {
  const settings = childSettings<BareToolSettings>();
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
    const ltik = String(res.locals.ltik ?? '');
    res.send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare ltijs tool</title></head><body><h1>Hello, ${escapeHtml(name)}</h1><p>You launched from ${escapeHtml(token.iss)}.</p>`
      + `<form method="post" action="${BARE_WRITE_PATH}"><input type="hidden" name="ltik" value="${escapeHtml(ltik)}"><label>Note <input name="marker"></label><button>Save</button></form></body></html>`);
  });

  // ltijs's deploy adds a SIGINT handler that exits at once; the parent stops this child itself.
  const sigintBefore = new Set(process.listeners('SIGINT'));
  await lti.deploy({ serverless: true, silent: true });
  for (const listener of process.listeners('SIGINT')) if (!sigintBefore.has(listener)) process.removeListener('SIGINT', listener);

  // The one write: authenticated by ltijs (the ltik), one INSERT on ltijs's own connection.
  await db.db.query('CREATE TABLE IF NOT EXISTS bare_writes (id CHAR(36) NOT NULL PRIMARY KEY, user_sub VARCHAR(255) NOT NULL, marker VARCHAR(255) NOT NULL, created_at BIGINT NOT NULL)');
  lti.app.post(BARE_WRITE_PATH, async (req, res) => {
    const marker = typeof req.body?.marker === 'string' ? req.body.marker.slice(0, 255) : '';
    if (!marker) {
      res.status(400).send('Write something in the note.');
      return;
    }
    try {
      await db.db.query('INSERT INTO bare_writes (id, user_sub, marker, created_at) VALUES (?, ?, ?, ?)', {
        replacements: [crypto.randomUUID(), String(res.locals.token?.user ?? ''), marker, Date.now()], type: QueryTypes.INSERT,
      });
      res.send('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Saved</title></head><body><p>Saved.</p></body></html>');
    } catch (err) {
      console.error('bare tool: write failed', err);
      res.status(500).send('Could not save.');
    }
  });

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
    handlers: {
      stats: () => childStats(sql),
      verify: async (): Promise<BareRows> => {
        const rows = await db.db.query<{ marker: string }>('SELECT marker FROM bare_writes', { type: QueryTypes.SELECT });
        return { rows: rows.length, markers: rows.map((r) => r.marker) };
      },
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lti.close({ silent: true });
    },
  });
  announceReady({ url: `http://127.0.0.1:${settings.port}`, pid: process.pid });
});
