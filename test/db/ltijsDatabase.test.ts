import { expect } from 'chai';
import type { Sequelize } from 'sequelize';
import { LtijsDatabase, NonceReplayError } from '../../src/lti/ltijsDatabase';
import { testDatabase } from '../helpers/database';

const AGS = 'https://purl.imsglobal.org/spec/lti-ags/scope/';

describe('ltijs storage plugin', () => {
  let sequelize: Sequelize;
  let db: LtijsDatabase;
  const key = 'k'.repeat(40);

  before(async () => {
    sequelize = await testDatabase();
    db = new LtijsDatabase(sequelize, 120);
    await db.setup();
  });
  after(() => db.Close());

  it('rejects a reused nonce with one INSERT, and forgets it only after its lifetime', async () => {
    const nonce = `n-${Date.now()}-${Math.random()}`;
    await db.insertNonce(nonce);
    let replay: unknown;
    try {
      await db.insertNonce(nonce);
    } catch (err) {
      replay = err;
    }
    expect(replay).to.be.instanceOf(NonceReplayError);
    expect(await db.Get(false, 'nonce', { nonce })).to.deep.equal([{ nonce }]);
    await db.deleteExpired(Date.now() + 121_000);
    expect(await db.Get(false, 'nonce', { nonce })).to.equal(false);
    await db.insertNonce(nonce);
  });

  it('keeps access tokens apart for scope lists that share a long prefix (the MariaDB index trap)', async () => {
    const base = { platformUrl: 'https://canvas.instructure.com', clientId: `c-${Math.random()}` };
    const a = { ...base, scopes: `${AGS}lineitem` };
    const b = { ...base, scopes: `${AGS}lineitem.readonly` };
    await db.Replace(key, 'accesstoken', a, { token: { access_token: 'A', expires_in: 3600, token_type: 'bearer' } }, a);
    await db.Replace(key, 'accesstoken', b, { token: { access_token: 'B', expires_in: 3600, token_type: 'bearer' } }, b);
    await db.Replace(key, 'accesstoken', a, { token: { access_token: 'A2', expires_in: 3600, token_type: 'bearer' } }, a);
    const ga = (await db.Get(key, 'accesstoken', a)) as Array<{ token: { access_token: string }; createdAt: number }>;
    const gb = (await db.Get(key, 'accesstoken', b)) as Array<{ token: { access_token: string } }>;
    expect(ga[0].token.access_token).to.equal('A2');
    expect(ga[0].createdAt).to.be.a('number');
    expect(gb[0].token.access_token).to.equal('B');
    const raw = await sequelize.query('SELECT data FROM lti_access_tokens WHERE client_id = ?', { replacements: [base.clientId], plain: false });
    expect(JSON.stringify(raw)).not.to.contain('A2');
  });

  it('stores platforms and their status the way ltijs reads them', async () => {
    const url = `https://lms-${Math.random()}.example.org`;
    const kid = `kid-${Math.random()}`.slice(0, 40);
    await db.Replace(false, 'platform', { platformUrl: url, clientId: 'c1' }, {
      platformName: 'Test LMS', platformUrl: url, clientId: 'c1', authEndpoint: `${url}/auth`, accesstokenEndpoint: `${url}/token`,
      kid, authConfig: { method: 'JWK_SET', key: `${url}/jwks` },
    });
    const [p] = (await db.Get(false, 'platform', { platformUrl: url, clientId: 'c1' })) as Array<Record<string, unknown>>;
    expect(p).to.include({ platformName: 'Test LMS', kid, authEndpoint: `${url}/auth` });
    expect(p.authConfig).to.deep.equal({ method: 'JWK_SET', key: `${url}/jwks` });
    expect(await db.Get(false, 'platformStatus', { id: kid })).to.equal(false);
    await db.Replace(false, 'platformStatus', { id: kid }, { id: kid, active: false });
    expect(await db.Get(false, 'platformStatus', { id: kid })).to.deep.equal([{ id: kid, active: false }]);
    await db.Modify(false, 'platform', { platformUrl: url, clientId: 'c1' }, { platformName: 'Renamed' });
    const [renamed] = (await db.Get(false, 'platform', { kid })) as Array<Record<string, unknown>>;
    expect(renamed.platformName).to.equal('Renamed');
    await db.Delete('platform', { platformUrl: url, clientId: 'c1' });
    expect(await db.Get(false, 'platform', { kid })).to.equal(false);
  });

  it('expires launch sessions after 24 hours', async () => {
    const q = { contextId: `ctx-${Math.random()}`, user: 'u1' };
    await db.Replace(false, 'contexttoken', q, { ...q, roles: [] });
    expect(await db.Get(false, 'contexttoken', q)).to.have.length(1);
    await db.deleteExpired(Date.now() + 24 * 3600_000 + 1000);
    expect(await db.Get(false, 'contexttoken', q)).to.equal(false);
  });

  it('refuses queries on fields it does not index instead of returning everything', async () => {
    let error: unknown;
    try {
      await db.Get(false, 'platform', { platformName: 'x' });
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.contain('cannot query platform by "platformName"');
  });
});

describe('ltijs storage plugin with keys under another ENCRYPTION_KEY', () => {
  it('leaves them out of the JWKS listing but refuses a lookup with a message about the key', async () => {
    const sequelize = await testDatabase();
    const db = new LtijsDatabase(sequelize, 120);
    const kid = `rotated-${Math.random()}`.slice(0, 30);
    await db.Replace('old-key-'.padEnd(40, 'x'), 'publickey', { platformUrl: 'https://x.example.org', clientId: kid }, { key: 'PEM', kid }, { kid, platformUrl: 'https://x.example.org', clientId: kid });
    const listed = (await db.Get('new-key-'.padEnd(40, 'y'), 'publickey')) || [];
    expect(listed.map((k) => k.kid)).not.to.include(kid);
    let error: unknown;
    try {
      await db.Get('new-key-'.padEnd(40, 'y'), 'publickey', { kid });
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.contain('was ENCRYPTION_KEY changed?');
    await db.Delete('publickey', { kid });
  });
});
