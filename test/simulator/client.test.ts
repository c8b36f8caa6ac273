import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { BrowserClient, parseAutoPostForm } from '../../src/simulator/client';

describe('simulator: BrowserClient', () => {
  let server: Server;
  let base = '';

  before(async () => {
    const app = express();
    app.get('/set', (_req, res) => {
      res.cookie('a', '1', { path: '/' });
      res.cookie('scoped', '2', { path: '/only' });
      res.cookie('gone', '3', { maxAge: 0 });
      res.redirect(302, '/echo');
    });
    app.get('/echo', (req, res) => { res.send(req.headers.cookie ?? ''); });
    app.get('/only/echo', (req, res) => { res.send(req.headers.cookie ?? ''); });
    app.post('/seeother', (_req, res) => { res.redirect(303, '/method'); });
    app.post('/temporary', (_req, res) => { res.redirect(307, '/method'); });
    app.all('/method', express.urlencoded({ extended: false }), (req, res) => { res.send(`${req.method} ${JSON.stringify(req.body ?? {})}`); });
    app.get('/loop', (_req, res) => { res.redirect(302, '/loop'); });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  });

  it('keeps cookies across redirects, honouring Path and Max-Age; a fresh client has an empty jar', async () => {
    const client = new BrowserClient();
    const res = await client.follow('GET', `${base}/set`);
    expect(res.url).to.equal(`${base}/echo`);
    expect(res.html).to.equal('a=1');
    expect((await client.request('GET', `${base}/only/echo`)).html).to.contain('scoped=2').and.contain('a=1');
    expect((await new BrowserClient().request('GET', `${base}/echo`)).html).to.equal('');
  });

  it('turns a POST into GET after 303 and keeps it after 307; stops redirect loops', async () => {
    const client = new BrowserClient();
    expect((await client.follow('POST', `${base}/seeother`, { form: { x: '1' } })).html).to.equal('GET {}');
    expect((await client.follow('POST', `${base}/temporary`, { form: { x: '1' } })).html).to.equal('POST {"x":"1"}');
    let error: unknown;
    try {
      await client.follow('GET', `${base}/loop`);
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.contain('too many redirects');
  });

  it('parses auto-post forms, decoding entities and resolving relative actions', () => {
    const html = `<html><body><form method="POST" action="/lti/launch?a=1&amp;b=2">
      <input type="hidden" name="id_token" value="x.y.z"><input type='hidden' name='state' value='&quot;s&#39;&#x26;1'>
      <input type="submit" name="go" value="Go"></form><script>document.forms[0].submit()</script></body></html>`;
    const form = parseAutoPostForm(html, 'http://tool.example/start');
    expect(form).to.deep.equal({ action: 'http://tool.example/lti/launch?a=1&b=2', method: 'POST', fields: { id_token: 'x.y.z', state: '"s\'&1' } });
    expect(parseAutoPostForm('<p>no form</p>')).to.equal(null);
  });
});
