/**
 * CoachLoop's side of launches without cookies, over HTTP with no cookie jar at all (the
 * browser's part, the postMessages, is covered in test/browser/thirdPartyCookies.test.ts): the
 * storage login page, the continuation's checks (Sec-Fetch-Site, state, nonce, single use), the
 * cookieless session and its limits, and the new-window fallback with the platform's hint.
 */
import { expect } from 'chai';
import { parseAutoPostForm, BrowserClient } from '../../src/simulator/client';
import { stateHash } from '../../src/lti/platformStorage';
import { testDatabase } from '../helpers/database';
import { type Harness, ltikOf, seedCourse, startHarness } from '../helpers/harness';

interface Step { status: number; html: string; location: string | null; setCookie: string[] }

async function send(method: 'GET' | 'POST', url: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Step> {
  const res = await fetch(url, {
    method, redirect: 'manual',
    headers: form ? { 'content-type': 'application/x-www-form-urlencoded', ...headers } : headers,
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location'), setCookie: res.headers.getSetCookie() };
}

function dataAttr(html: string, name: string): string {
  const m = new RegExp(`data-${name}="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no data-${name} in ${html.slice(0, 300)}`);
  return m[1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}

describe('launch without cookies: Platform Storage and the new-window fallback', function () {
  this.timeout(30_000);
  let h: Harness;
  let course: ReturnType<typeof seedCourse>;

  before(async () => {
    h = await startHarness({ sim: { platformStorage: true, reusableMessageHint: true } });
    course = seedCourse(h.sim);
  });
  after(() => h.stop());

  /** Login initiation → storage page → platform → launch post, without cookies. */
  async function toLaunchPost(opts: { withStorage?: boolean } = {}) {
    const prepared = h.sim.prepareLaunch({ clientId: h.clientId, deploymentId: h.deploymentId, userSub: course.coach, courseId: course.courseId });
    const params = { ...prepared.params };
    if (opts.withStorage === false) delete params.lti_storage_target;
    const login = await send('POST', prepared.url, params);
    let authUrl: string;
    let nonce = '';
    if (opts.withStorage === false) {
      expect(login.status).to.equal(302);
      authUrl = login.location!;
    } else {
      expect(login.status).to.equal(200);
      expect(login.html).to.contain('id="lti-storage-login"').and.contain('/public/js/lti-storage.js');
      expect(dataAttr(login.html, 'platform-origin')).to.equal(new URL(h.sim.authorizationEndpoint).origin);
      expect(dataAttr(login.html, 'target')).to.equal('post_message_forwarding');
      nonce = dataAttr(login.html, 'nonce');
      const form = parseAutoPostForm(login.html, prepared.url)!;
      const url = new URL(form.action);
      for (const [k, v] of Object.entries(form.fields)) url.searchParams.set(k, v);
      authUrl = url.toString();
    }
    // ltijs still sets its state cookie (partitioned): the browser may keep it; here it does not.
    expect(login.setCookie.join(';')).to.match(/state[0-9a-f]+=/);
    const auth = await send('GET', authUrl);
    expect(auth.status, auth.html).to.equal(200);
    const post = parseAutoPostForm(auth.html, authUrl)!;
    // A platform without storage sends lti_storage_target in neither message.
    if (opts.withStorage === false) delete post.fields.lti_storage_target;
    return { fields: post.fields, action: post.action, nonce: nonce || new URL(authUrl).searchParams.get('nonce')!, prepared };
  }

  async function storagePage() {
    const launch = await toLaunchPost();
    expect(launch.fields.lti_storage_target).to.equal('post_message_forwarding');
    const page = await send('POST', launch.action, launch.fields);
    expect(page.status).to.equal(200);
    expect(page.html).to.contain('id="lti-storage-launch"');
    const form = parseAutoPostForm(page.html, launch.action)!;
    expect(dataAttr(page.html, 'state-key')).to.equal(`state_${launch.fields.state}`);
    expect(dataAttr(page.html, 'nonce-key')).to.equal(`nonce_${launch.nonce}`);
    return { ...launch, continuation: { ...form.fields, stored_state: launch.fields.state, stored_nonce: launch.nonce } };
  }

  it('finishes a launch through the continuation and keeps the session with the ltik alone', async () => {
    const { action, continuation } = await storagePage();
    const done = await send('POST', action, continuation, { 'sec-fetch-site': 'same-origin' });
    expect(done.status, done.html).to.equal(302);
    const next = new URL(done.location!, h.toolUrl);
    const ltik = next.searchParams.get('ltik')!;
    const home = await send('GET', next.toString());
    expect(home.status).to.equal(200);
    expect(home.html).to.contain('Welcome, Cora');
    const later = await send('GET', `${h.toolUrl}/app/home?ltik=${encodeURIComponent(ltik)}`);
    expect(later.status).to.equal(200);
    expect(later.html).to.contain('Welcome, Cora');
  });

  for (const site of [undefined, 'cross-site', 'same-site', 'none']) {
    it(`refuses the continuation with Sec-Fetch-Site ${site ?? 'missing'} (friendly 403, nothing used up)`, async () => {
      const { action, continuation } = await storagePage();
      const refused = await send('POST', action, continuation, site ? { 'sec-fetch-site': site } : {});
      expect(refused.status).to.equal(403);
      expect(refused.html).to.contain('Open CoachLoop in a new window').and.contain('PLATFORM_STORAGE_NOT_SAME_ORIGIN');
      // The refusal changed nothing: CoachLoop's own page can still finish.
      const done = await send('POST', action, continuation, { 'sec-fetch-site': 'same-origin' });
      expect(done.status).to.equal(302);
    });
  }

  it('refuses a stored state or nonce that does not match', async () => {
    const { action, continuation, fields } = await storagePage();
    for (const wrong of [{ stored_state: `${fields.state}x` }, { stored_state: '' }, { stored_nonce: 'other-nonce' }]) {
      const refused = await send('POST', action, { ...continuation, ...wrong }, { 'sec-fetch-site': 'same-origin' });
      expect(refused.status, JSON.stringify(wrong)).to.equal(401);
      expect(refused.html).to.contain('PLATFORM_STORAGE_MISMATCH');
    }
  });

  it('uses a continuation once, and the nonce check still refuses a replay', async () => {
    const { action, continuation, fields } = await storagePage();
    expect((await send('POST', action, continuation, { 'sec-fetch-site': 'same-origin' })).status).to.equal(302);
    const again = await send('POST', action, continuation, { 'sec-fetch-site': 'same-origin' });
    expect(again.status).to.equal(401);
    expect(again.html).to.contain('PLATFORM_STORAGE_ALREADY_USED');
    // Even were the single-use mark lost (say a restore), ltijs's nonce check refuses the same id_token.
    const sequelize = await testDatabase();
    await sequelize.query('UPDATE lti_login_requests SET used_at = NULL WHERE state_hash = ?', { replacements: [stateHash(fields.state)] });
    const replay = await send('POST', action, continuation, { 'sec-fetch-site': 'same-origin' });
    expect(replay.status).to.equal(401);
    expect(replay.html).to.contain('This launch was already used');
  });

  it('passes a launch post carrying ltijs\'s state cookie straight to ltijs (the cookie path is unchanged)', async () => {
    const browser = new BrowserClient();
    const prepared = h.sim.prepareLaunch({ clientId: h.clientId, deploymentId: h.deploymentId, userSub: course.teacher, courseId: course.courseId });
    const page = await browser.launch(prepared);
    // BrowserClient stops at the storage login page (no script); go on as its form says, with the cookie jar.
    const form = parseAutoPostForm(page.html, page.url)!;
    const url = new URL(form.action);
    for (const [k, v] of Object.entries(form.fields)) url.searchParams.set(k, v);
    const auth = await browser.request('GET', url.toString());
    const post = parseAutoPostForm(auth.html, url.toString())!;
    const launched = await browser.follow('POST', post.action, { form: post.fields });
    expect(launched.status).to.equal(200);
    expect(launched.html).to.contain('Welcome, Tess');
    // That session is bound to its cookie: the ltik alone is refused.
    const stolen = await send('GET', `${h.toolUrl}/app/home?ltik=${encodeURIComponent(ltikOf(launched))}`);
    expect(stolen.status).to.equal(401);
  });

  it('offers a new window when there is neither cookie nor storage, and the new window launches (reusable hint)', async () => {
    const { action, fields, prepared } = await toLaunchPost({ withStorage: false });
    const page = await send('POST', action, fields);
    expect(page.status).to.equal(401);
    expect(page.html).to.contain('Your browser blocked what CoachLoop needs inside the course page');
    const link = /href="([^"]*\/lti\/new-window\?state[^"]+)" target="_blank" rel="noopener"/.exec(page.html)?.[1]?.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(link).to.be.a('string');
    const relaunch = await send('GET', new URL(link!, h.toolUrl).toString());
    expect(relaunch.status).to.equal(303);
    const login = new URL(relaunch.location!);
    expect(login.pathname).to.equal('/lti/login');
    // The platform's login parameters, kept server-side for this state.
    const expected = { ...prepared.params };
    delete expected.lti_storage_target;
    expect(Object.fromEntries(login.searchParams)).to.deep.equal(expected);
    // Top level the browser keeps cookies: a normal launch with the same platform hint.
    const win = await new BrowserClient().launch({ method: 'GET', url: login.toString(), params: {} });
    expect(win.status).to.equal(200);
    expect(win.html).to.contain('Welcome, Cora');
  });

  it('answers a broken or expired new-window link with a friendly 400 / 410', async () => {
    const bad = await send('GET', `${h.toolUrl}/lti/new-window?state=%3Cscript%3E`);
    expect(bad.status).to.equal(400);
    expect(bad.html).to.contain('This link is not complete');
    const none = await send('GET', `${h.toolUrl}/lti/new-window`);
    expect(none.status).to.equal(400);
    const unknown = await send('GET', `${h.toolUrl}/lti/new-window?state=${'a'.repeat(50)}`);
    expect(unknown.status).to.equal(410);
    expect(unknown.html).to.contain('This link has expired');
  });

  it('leaves a launch post with a state CoachLoop never issued to ltijs (refused as before)', async () => {
    const { action, fields } = await toLaunchPost();
    const refused = await send('POST', action, { ...fields, state: 'f'.repeat(50) });
    expect(refused.status).to.equal(401);
    expect(refused.html).to.contain('MISSING_VALIDATION_COOKIE');
  });
});

describe('new-window fallback on a platform whose lti_message_hint is single use (Moodle-like)', function () {
  this.timeout(30_000);
  let h: Harness;
  let course: ReturnType<typeof seedCourse>;
  before(async () => {
    h = await startHarness();
    course = seedCourse(h.sim);
  });
  after(() => h.stop());

  it('the platform refuses the repeated hint: the relaunch cannot work there', async () => {
    const prepared = h.sim.prepareLaunch({ clientId: h.clientId, deploymentId: h.deploymentId, userSub: course.coach, courseId: course.courseId });
    const login = await send('POST', prepared.url, prepared.params);
    const auth = await send('GET', login.location!);
    const post = parseAutoPostForm(auth.html, login.location!)!;
    const page = await send('POST', post.action, post.fields);
    expect(page.status).to.equal(401);
    const relaunch = await send('GET', `${h.toolUrl}/lti/new-window?state=${encodeURIComponent(post.fields.state)}`);
    const win = await new BrowserClient().launch({ method: 'GET', url: relaunch.location!, params: {} });
    expect(win.status).to.equal(400);
    expect(win.html).to.contain('lti_message_hint is unknown, expired or already used');
  });
});
