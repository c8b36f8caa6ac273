/**
 * Fuzzing the LTI endpoints ltijs and the registration serve: the OIDC login (GET and POST), the
 * launch (junk id_tokens and states, and id_tokens the platform really signed carrying hostile
 * claims), and Dynamic Registration against a local platform that answers with hostile JSON.
 * Never a 5xx (Dynamic Registration's LMS failures are friendly 400 pages too); a refusal changes no row.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import fc from 'fast-check';
import { BrowserClient } from '../../src/simulator/client';
import { LTI_CLAIMS } from '../../src/simulator/constants';
import { PLATFORM_CONFIGURATION_CLAIM, TOOL_CONFIGURATION_CLAIM } from '../../src/features/registration/toolConfiguration';
import { testDatabase } from '../helpers/database';
import { type Harness, startHarness } from '../helpers/harness';
import { FuzzChecker, fcParams } from './fuzzRun';
import { encodeForm, hostileForm, hostileValue, rawBody, type Form, type RawBody } from './hostile';
import type { FuzzResponse } from './world';

const LOGIN_RUNS = 20;
const JUNK_LAUNCH_RUNS = 20;
const SIGNED_LAUNCH_RUNS = 20;
const REGISTER_RUNS = 20;

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

/** A JWT-shaped string: base64url parts of hostile JSON (or not JSON), and a junk signature. */
const junkJwt: fc.Arbitrary<string> = fc.oneof(
  hostileValue,
  fc.tuple(
    fc.oneof(fc.constant({ alg: 'RS256', kid: 'x' }), fc.constant({ alg: 'none' }), fc.constant({ alg: 'HS256' }), fc.jsonValue({ maxDepth: 2 })),
    fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ iss: 'x', aud: 'y', nonce: 'n', sub: 's' })),
    fc.oneof(fc.string({ maxLength: 40 }), fc.constant('')),
    fc.boolean(),
  ).map(([header, payload, sig, asJson]) => {
    const part = (v: unknown) => Buffer.from(asJson ? JSON.stringify(v) : String(v)).toString('base64url');
    return `${part(header)}.${part(payload)}.${Buffer.from(sig).toString('base64url')}`;
  }),
);

/** An object with hostile keys and values (claims that are objects). */
const hostileObject = fc.dictionary(fc.oneof(fc.constantFrom('id', 'title', 'label', 'type', 'name', '__proto__', 'constructor'), fc.string({ maxLength: 8 })), fc.oneof(hostileValue, fc.jsonValue({ maxDepth: 1 })), { maxKeys: 4 });

/** Claims a platform might sign, hostile: one to three of them per launch (the others stay valid). */
const CLAIM_ARBITRARIES: Record<string, fc.Arbitrary<unknown>> = {
  name: hostileValue,
  given_name: hostileValue,
  family_name: hostileValue,
  email: fc.oneof(hostileValue, fc.constant('teacher@example.org')),
  locale: hostileValue,
  [LTI_CLAIMS.context]: fc.oneof(
    fc.record({ id: fc.oneof(fc.constant('fuzz-lti-course'), hostileValue), title: hostileValue, label: hostileValue, type: fc.array(hostileValue, { maxLength: 2 }) }, { requiredKeys: ['id'] }),
    hostileObject, hostileValue.map((v) => v as unknown),
  ),
  [LTI_CLAIMS.resourceLink]: fc.oneof(fc.record({ id: fc.oneof(fc.constant('rl-fuzz'), hostileValue), title: hostileValue, description: hostileValue }, { requiredKeys: ['id'] }), hostileObject),
  [LTI_CLAIMS.roles]: fc.oneof(
    fc.array(fc.oneof(fc.constantFrom(`${LIS}membership#Instructor`, `${LIS}membership#Learner`, `${LIS}institution/person#Administrator`, 'Instructor', 'Learner'), hostileValue), { maxLength: 4 }),
    hostileValue.map((v) => v as unknown), fc.jsonValue({ maxDepth: 1 }),
  ),
  [LTI_CLAIMS.custom]: fc.oneof(hostileObject, hostileValue.map((v) => v as unknown)),
  [LTI_CLAIMS.toolPlatform]: fc.oneof(fc.record({ name: hostileValue, guid: hostileValue, product_family_code: hostileValue, version: hostileValue }), hostileObject),
  [LTI_CLAIMS.launchPresentation]: fc.record({ return_url: hostileValue, document_target: hostileValue, locale: hostileValue }),
  [LTI_CLAIMS.lis]: hostileObject,
  [LTI_CLAIMS.ags]: fc.record({ scope: fc.oneof(fc.array(hostileValue, { maxLength: 3 }), hostileValue.map((v) => v as unknown)), lineitems: hostileValue, lineitem: hostileValue }),
  [LTI_CLAIMS.nrps]: fc.record({ context_memberships_url: hostileValue, service_versions: fc.array(hostileValue, { maxLength: 2 }) }),
  [LTI_CLAIMS.targetLinkUri]: hostileValue,
  [LTI_CLAIMS.messageType]: fc.constantFrom('LtiResourceLinkRequest', 'LtiDeepLinkingRequest', 'LtiSubmissionReviewRequest', ''),
  [LTI_CLAIMS.deploymentId]: hostileValue,
  sub: hostileValue,
};
const hostileClaims: fc.Arbitrary<Record<string, unknown>> = fc.subarray(Object.keys(CLAIM_ARBITRARIES), { minLength: 1, maxLength: 3 })
  .chain((keys) => fc.record(Object.fromEntries(keys.map((k) => [k, CLAIM_ARBITRARIES[k]]))));


/**
 * A launch into a deployment the platform has not approved records it as pending (the operator
 * approves it on the operator page) and refuses the launch: by design (docs/operators).
 */
const pendingDeployment = (res: FuzzResponse) => (/Reason code: <code>DEPLOYMENT_PENDING<\/code>/.test(res.body) ? ['tenants'] : []);

describe('fuzzing the LTI endpoints (login, launch, Dynamic Registration)', function () {
  this.timeout(600_000);
  let h: Harness;
  let checker: FuzzChecker;
  let platform: http.Server;
  let platformUrl: string;
  /** What the hostile platform answers next. */
  let answers: { configStatus: number; config: string; registerStatus: number; register: string } = { configStatus: 200, config: '{}', registerStatus: 200, register: '{}' };

  before(async () => {
    h = await startHarness();
    h.sim.addCourse({ id: 'fuzz-lti-course', title: 'LTI fuzz', label: 'LF' });
    h.sim.addUser({ sub: 'u-lti-fuzz', name: 'Lee Fuzz' });
    h.sim.enroll('fuzz-lti-course', 'u-lti-fuzz', [`${LIS}membership#Instructor`]);
    checker = new FuzzChecker(await testDatabase(), () => h.coachloop.settled());
    platform = http.createServer((req, res) => {
      const isConfig = (req.url ?? '').startsWith('/config');
      req.resume();
      req.on('end', () => {
        res.writeHead(isConfig ? answers.configStatus : answers.registerStatus, { 'content-type': 'application/json' });
        res.end(isConfig ? answers.config : answers.register);
      });
    });
    await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
    platformUrl = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`;
  });
  after(async () => {
    if (checker) console.log(`      fuzz (LTI): ${checker.summary()}`);
    platform?.closeAllConnections();
    await new Promise<void>((resolve) => (platform ? platform.close(() => resolve()) : resolve()));
    await h?.stop();
  });

  const request = async (browser: BrowserClient, method: string, path: string, opts: { query?: Form; form?: Form; raw?: RawBody } = {}): Promise<FuzzResponse> => {
    const query = opts.query ? encodeForm(opts.query) : '';
    const headers: Record<string, string> = { accept: 'text/html' };
    let body: string | undefined;
    if (opts.raw) {
      body = opts.raw.body;
      if (opts.raw.contentType) headers['content-type'] = opts.raw.contentType;
      if (opts.raw.contentEncoding) headers['content-encoding'] = opts.raw.contentEncoding;
    } else if (opts.form) {
      body = encodeForm(opts.form);
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await browser.request(method, `${h.toolUrl}${path}${query ? `?${query}` : ''}`, { headers, body: method === 'GET' ? undefined : body });
    return { status: res.status, body: res.html, contentType: res.headers.get('content-type') ?? '' };
  };

  it('/lti/login (GET and POST): hostile login initiations', async () => {
    checker.reset();
    const valid: Form = {
      iss: h.sim.issuer, login_hint: 'u-lti-fuzz', target_link_uri: h.coachloop.lti.urls.launch, client_id: h.clientId,
      lti_message_hint: 'hint', lti_deployment_id: h.deploymentId,
    };
    const input = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom('GET', 'POST'), hostileForm(valid, [h.sim.issuer, h.clientId, 'https://other-lms.example.org'])).map(([method, form]) => ({ method, form, raw: undefined })) },
      { weight: 1, arbitrary: rawBody(valid).map((raw) => ({ method: 'POST', form: undefined, raw })) },
    );
    await fc.assert(fc.asyncProperty(input, async ({ method, form, raw }) => {
      await checker.check(`${method} /lti/login`, () => request(new BrowserClient(), method, '/lti/login', method === 'GET' ? { query: form } : { form, raw }));
    }), fcParams(LOGIN_RUNS));
  });

  it('/lti/launch: junk id_tokens, states and ltiks (with and without a real login first)', async () => {
    checker.reset();
    const input = fc.record({
      realLogin: fc.boolean(),
      idToken: fc.option(junkJwt, { freq: 6 }),
      state: fc.option(fc.oneof(hostileValue, fc.constant('REAL')), { freq: 5 }),
      ltik: fc.option(fc.oneof(junkJwt, hostileValue), { freq: 2 }),
      extra: fc.option(rawBody({ id_token: 'x', state: 'y' }), { freq: 5 }),
      method: fc.constantFrom('POST', 'POST', 'POST', 'GET'),
    });
    await fc.assert(fc.asyncProperty(input, async (i) => {
      const browser = new BrowserClient();
      let realState: string | undefined;
      if (i.realLogin) {
        const login = await browser.request('POST', `${h.toolUrl}/lti/login`, { form: { iss: h.sim.issuer, login_hint: 'u-lti-fuzz', target_link_uri: h.coachloop.lti.urls.launch, client_id: h.clientId, lti_deployment_id: h.deploymentId } });
        realState = new URL(login.headers.get('location') ?? 'http://x/').searchParams.get('state') ?? undefined;
      }
      const form: Form = {};
      if (i.idToken !== null) form.id_token = i.idToken;
      if (i.state !== null) form.state = i.state === 'REAL' ? realState ?? 'none' : i.state;
      const query: Form | undefined = i.ltik === null ? undefined : { ltik: i.ltik };
      await checker.check(`${i.method} /lti/launch`, () => request(browser, i.method, '/lti/launch', i.extra && i.method === 'POST' ? { query, raw: i.extra } : { query, form }));
    }), fcParams(JUNK_LAUNCH_RUNS));
  });

  it('/lti/launch: id_tokens the platform signed, carrying hostile claims', async () => {
    checker.reset();
    const input = fc.record({
      claims: hostileClaims,
      userSub: fc.constantFrom('u-lti-fuzz', undefined),
      courseId: fc.constantFrom('fuzz-lti-course', undefined),
      deepLinking: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(input, async (i) => {
      await checker.check('signed launch', () => h.launch({
        userSub: i.userSub, courseId: i.courseId, claims: i.claims, messageType: i.deepLinking ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest',
      }).then((res) => ({ status: res.status, body: res.html, contentType: res.headers.get('content-type') ?? '' })), { refusalMayChange: pendingDeployment });
    }), fcParams(SIGNED_LAUNCH_RUNS));
  });

  it('/lti/register: hostile queries, and a platform answering with hostile configuration and registration JSON', async () => {
    checker.reset();
    const config = (origin: string): Record<string, unknown> => ({
      issuer: origin, authorization_endpoint: `${origin}/auth`, token_endpoint: `${origin}/token`, jwks_uri: `${origin}/jwks`,
      registration_endpoint: `${origin}/register`, scopes_supported: ['openid', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
      [PLATFORM_CONFIGURATION_CLAIM]: { product_family_code: 'moodle', version: '4.3' },
    });
    const localUrls = fc.constantFrom(`${platformUrl}/register`, `${platformUrl}/register?x=%00`, 'http://127.0.0.1:1/closed', 'not a url', 'ftp://127.0.0.1/x', 'javascript:alert(1)', `${platformUrl}/${'a'.repeat(2000)}`);
    const jsonish = fc.oneof(hostileValue, fc.jsonValue({ maxDepth: 2 }), fc.integer(), fc.constant(null));
    const mutated = (base: Record<string, unknown>, urlKeys: string[]) => fc.record(Object.fromEntries(Object.entries(base).map(([k, v]) => [k, fc.oneof(
      { weight: 12, arbitrary: fc.constant(v) },
      // URLs stay on this machine (the registration fetches registration_endpoint).
      { weight: 2, arbitrary: urlKeys.includes(k) ? fc.oneof(localUrls, fc.integer(), fc.constant(null)).map((u) => u as unknown) : jsonish },
      { weight: 1, arbitrary: fc.constant(undefined) },
    )])), { requiredKeys: [] });
    const asBody = (a: fc.Arbitrary<Record<string, unknown>>) => fc.oneof(
      { weight: 5, arbitrary: a.map((o) => JSON.stringify(o)) },
      { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '"x"', '<html>nope</html>', '{"client_id": ') },
    );
    const input = fc.record({
      configStatus: fc.oneof({ weight: 6, arbitrary: fc.constant(200) }, { weight: 1, arbitrary: fc.constantFrom(201, 302, 400, 401, 404, 500) }),
      registerStatus: fc.oneof({ weight: 6, arbitrary: fc.constant(200) }, { weight: 1, arbitrary: fc.constantFrom(201, 400, 401, 500) }),
      config: asBody(mutated(config(platformUrl), ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri', 'registration_endpoint'])),
      register: asBody(fc.record({
        client_id: fc.oneof({ weight: 3, arbitrary: fc.uuid().map((u) => `fuzz-${u}`) }, { weight: 2, arbitrary: jsonish }),
        scope: fc.oneof(fc.constant('https://purl.imsglobal.org/spec/lti-ags/scope/score'), jsonish),
        [TOOL_CONFIGURATION_CLAIM]: fc.oneof(fc.record({ deployment_id: fc.oneof(fc.uuid(), jsonish) }, { requiredKeys: [] }), jsonish),
      }, { requiredKeys: [] })),
      query: fc.oneof(
        { weight: 3, arbitrary: fc.constant<Form>({ openid_configuration: `${platformUrl}/config`, registration_token: 'token-1' }) },
        { weight: 2, arbitrary: hostileForm({ openid_configuration: `${platformUrl}/config`, registration_token: 'token-1', install_code: 'code' }, [`${platformUrl}/config?a=1`, `${platformUrl}/config#x`]) },
      ),
    });
    await fc.assert(fc.asyncProperty(input, async (i) => {
      answers = { configStatus: i.configStatus, config: i.config, registerStatus: i.registerStatus, register: i.register };
      // The registration fetches only what the query names: keep it on this machine.
      const target = i.query.openid_configuration;
      const query = { ...i.query };
      if (typeof target === 'string' && /^[a-z]+:\/\//i.test(target) && !target.startsWith(platformUrl)) query.openid_configuration = `${platformUrl}/config`;
      if (Array.isArray(target)) query.openid_configuration = target.map((t) => (/^[a-z]+:\/\//i.test(t) && !t.startsWith(platformUrl) ? `${platformUrl}/config` : t));
      await checker.check('GET /lti/register', () => request(new BrowserClient(), 'GET', '/lti/register', { query }));
    }), fcParams(REGISTER_RUNS));
    expect(checker.requests).to.be.greaterThan(0);
  });
});
