/**
 * The simulator's LTI Platform Storage frame in Chromium: it answers the tool's frame with the
 * spec's `.response` messages and refuses like a strict platform (wrong origin, bad shape,
 * unknown subject, unknown key, another tool's keys, limits); a platform without storage sends
 * no `lti_storage_target` and serves no frame; hints are single use unless made reusable.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { LmsSimulator, LIS_ROLES } from '../../src/simulator';
import { STORAGE_FRAME_NAME } from '../../src/simulator/platformStorage';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';

interface Answer { origin: string; data: Record<string, unknown> }

/** A page server standing in for a tool's origin (every path answers a blank page). */
async function pageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>tool</title><p>tool page</p>'); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/**
 * Posts `message` from `frame` to the storage frame and returns the first '.response' it gets back
 * (null after 2 s). The page script is a string: tsx's compiled functions call a helper the page lacks.
 */
function ask(frame: Frame, message: Record<string, unknown>, targetOrigin: string): Promise<Answer | null> {
  const script = `new Promise((resolve) => {
    const msg = ${JSON.stringify(message)};
    function onMessage(event) {
      if (!event.data || event.data.subject !== msg.subject + '.response') return;
      window.removeEventListener('message', onMessage);
      resolve({ origin: event.origin, data: event.data });
    }
    window.addEventListener('message', onMessage);
    window.parent.frames[${JSON.stringify(STORAGE_FRAME_NAME)}].postMessage(msg, ${JSON.stringify(targetOrigin)});
    setTimeout(() => resolve(null), 2000);
  })`;
  return frame.evaluate(script) as Promise<Answer | null>;
}

describe('simulator: LTI Platform Storage frame (Chromium)', function () {
  this.timeout(60_000);
  const sim = new LmsSimulator({ platformStorage: true });
  let browser: Browser;
  let toolA: { origin: string; close(): Promise<void> };
  let toolB: { origin: string; close(): Promise<void> };
  let stranger: { origin: string; close(): Promise<void> };
  let page: Page;
  let frameA: Frame;

  /** Adds an iframe at `src` to the course page (a sibling of the tool's frame) and returns it once loaded. */
  async function siblingFrame(src: string): Promise<Frame> {
    await page.evaluate(`(() => { const f = document.createElement('iframe'); f.src = ${JSON.stringify(src)}; document.body.appendChild(f); })()`);
    for (let i = 0; i < 50; i++) {
      const found = page.frames().find((f) => f.url().startsWith(src));
      if (found) {
        await found.waitForLoadState();
        return found;
      }
      await page.waitForTimeout(100);
    }
    throw new Error(`frame ${src} did not load`);
  }

  before(async () => {
    await sim.start();
    [toolA, toolB, stranger] = await Promise.all([pageServer(), pageServer(), pageServer()]);
    for (const [clientId, origin] of [['tool-a', toolA.origin], ['tool-b', toolB.origin]] as const) {
      sim.registerTool({ clientId, deploymentIds: ['d1'], oidcLoginUrl: `${origin}/login`, redirectUris: [`${origin}/launch`], targetLinkUri: `${origin}/launch`, jwksUrl: `${origin}/keys`, scopes: [], name: clientId });
    }
    sim.addCourse({ id: 'c1', title: 'Course', label: 'C1' });
    sim.addUser({ sub: 'u1', name: 'Una' });
    sim.enroll('c1', 'u1', [LIS_ROLES.learner]);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    await page.goto(`${sim.issuer}/`);
    await page.getByRole('button', { name: /Enter the course as Una/ }).first().click();
    await page.goto(`${sim.issuer}/courses/c1/tools/tool-a`);
    for (let i = 0; i < 50 && !page.frames().some((f) => f.url().startsWith(`${toolA.origin}/login`)); i++) await page.waitForTimeout(100);
    const found = page.frames().find((f) => f.url().startsWith(`${toolA.origin}/login`));
    if (!found) throw new Error('tool frame did not load');
    frameA = found;
  });
  after(async () => {
    await browser?.close();
    await Promise.all([toolA, toolB, stranger].filter(Boolean).map((t) => t.close()));
    await sim.stop();
  });

  it('sends lti_storage_target with the login initiation and puts the storage frame next to the tool', async () => {
    const prepared = sim.prepareLaunch({ clientId: 'tool-a', deploymentId: 'd1', userSub: 'u1', courseId: 'c1' });
    expect(prepared.params.lti_storage_target).to.equal(STORAGE_FRAME_NAME);
    expect(page.frames().map((f) => f.name())).to.include(STORAGE_FRAME_NAME);
  });

  it('answers lti.capabilities with the storage subjects and their frame, to the sender origin only', async () => {
    const answer = await ask(frameA, { subject: 'lti.capabilities', message_id: 'm1' }, sim.issuer);
    expect(answer?.origin).to.equal(sim.issuer);
    expect(answer?.data.message_id).to.equal('m1');
    expect(answer?.data.supported_messages).to.deep.include({ subject: 'lti.put_data', frame: STORAGE_FRAME_NAME });
    expect(answer?.data.supported_messages).to.deep.include({ subject: 'lti.get_data', frame: STORAGE_FRAME_NAME });
  });

  it('stores and returns a value per tool origin', async () => {
    const put = await ask(frameA, { subject: 'lti.put_data', message_id: 'p1', key: 'state_abc', value: 'abc' }, sim.issuer);
    expect(put?.data).to.deep.equal({ subject: 'lti.put_data.response', message_id: 'p1', key: 'state_abc', value: 'abc' });
    const got = await ask(frameA, { subject: 'lti.get_data', message_id: 'g1', key: 'state_abc' }, sim.issuer);
    expect(got?.data).to.deep.equal({ subject: 'lti.get_data.response', message_id: 'g1', key: 'state_abc', value: 'abc' });
  });

  it('never answers another tool origin with the first one\'s keys', async () => {
    await ask(frameA, { subject: 'lti.put_data', message_id: 'p2', key: 'shared_key', value: 'secret-of-a' }, sim.issuer);
    const frameB = await siblingFrame(`${toolB.origin}/other`);
    const got = await ask(frameB, { subject: 'lti.get_data', message_id: 'g2', key: 'shared_key' }, sim.issuer);
    expect(got?.origin).to.equal(sim.issuer);
    expect(got?.data.value).to.equal(undefined);
    expect(got?.data.error).to.deep.include({ code: 'bad_request' });
    const own = await ask(frameA, { subject: 'lti.get_data', message_id: 'g3', key: 'shared_key' }, sim.issuer);
    expect(own?.data.value).to.equal('secret-of-a');
  });

  it('refuses an origin that is not a registered tool (wrong_origin)', async () => {
    const frame = await siblingFrame(`${stranger.origin}/evil`);
    const answer = await ask(frame, { subject: 'lti.get_data', message_id: 'w1', key: 'state_abc' }, sim.issuer);
    expect(answer?.data.error).to.deep.include({ code: 'wrong_origin' });
    expect(answer?.data.value).to.equal(undefined);
  });

  it('refuses bad shapes, unknown subjects and unknown keys with the spec error codes', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ subject: 'lti.put_data', key: 'k', value: 'v' }, 'bad_request'], // no message_id
      [{ subject: 'lti.put_data', message_id: '', key: 'k', value: 'v' }, 'bad_request'],
      [{ subject: 'lti.put_data', message_id: 'b1', value: 'v' }, 'bad_request'], // no key
      [{ subject: 'lti.put_data', message_id: 'b2', key: 'k', value: 42 }, 'bad_request'], // value not a string
      [{ subject: 'lti.get_data', message_id: 'b3', key: 7 }, 'bad_request'],
      [{ subject: 'lti.get_data', message_id: 'b4', key: 'never_stored' }, 'bad_request'],
      [{ subject: 'lti.put_data', message_id: 'b5', key: 'big', value: 'x'.repeat(4097) }, 'storage_exhausted'],
      [{ subject: 'lti.frobnicate', message_id: 'b6' }, 'unsupported_subject'],
    ];
    for (const [message, code] of cases) {
      const answer = await ask(frameA, message, sim.issuer);
      expect(answer?.data.error, JSON.stringify(message)).to.deep.include({ code });
      expect(answer?.data.subject).to.equal(`${String(message.subject)}.response`);
    }
  });

  it('does not deliver to a tool that names another target origin (the browser drops it)', async () => {
    const answer = await ask(frameA, { subject: 'lti.capabilities', message_id: 'x1' }, 'http://platform.invalid');
    expect(answer).to.equal(null);
  });
});

describe('simulator: without Platform Storage', function () {
  this.timeout(20_000);
  it('sends no lti_storage_target and serves no storage frame', async () => {
    const sim = new LmsSimulator();
    await sim.start();
    try {
      sim.registerTool({ clientId: 't', deploymentIds: ['d'], oidcLoginUrl: 'http://localhost:9/login', redirectUris: ['http://localhost:9/launch'], targetLinkUri: 'http://localhost:9/launch', jwksUrl: 'http://localhost:9/keys', scopes: [] });
      expect(sim.prepareLaunch({ clientId: 't', deploymentId: 'd' }).params).to.not.have.property('lti_storage_target');
      expect((await fetch(`${sim.issuer}/lti/storage_frame`)).status).to.equal(404);
    } finally {
      await sim.stop();
    }
  });
});
