/**
 * A tiny LTI tool for the simulator's tests: OIDC login initiation, a launch endpoint that verifies
 * the id_token with jsonwebtoken against the platform JWKS, its own JWKS, client assertions and
 * deep-linking responses signed with its own key (or a rogue one).
 */
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import jwt from 'jsonwebtoken';
import { LTI_CLAIMS, SUPPORTED_SCOPES, type LmsSimulator, type ToolRegistration } from '../../src/simulator';

/** What the tool's launch endpoint saw. */
export interface ToolLaunch {
  payload?: Record<string, unknown>;
  header?: Record<string, unknown>;
  error?: string;
}

/** The fake tool. */
export class FakeTool {
  readonly clientId = `tool-${randomBytes(4).toString('hex')}`;
  readonly deploymentId = 'dep-1';
  readonly kid = 'tool-key-1';
  readonly launches: ToolLaunch[] = [];
  /** Parameters of the authentication request overridden (undefined = removed) by tests. */
  authOverrides: Record<string, string | undefined> = {};
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly rogueKey: KeyObject;
  private readonly states = new Map<string, string>();
  private server: Server | undefined;
  base = '';

  constructor(private readonly sim: LmsSimulator) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.rogueKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }

  /** Starts the tool on 127.0.0.1 (ephemeral port). */
  async start(): Promise<void> {
    const app = express();
    app.get('/jwks', (_req, res) => {
      res.json({ keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] });
    });
    const login = (params: Record<string, unknown>, res: express.Response): void => {
      if (params.iss !== this.sim.issuer || params.client_id !== this.clientId) {
        res.status(400).send('unknown platform');
        return;
      }
      const state = randomBytes(12).toString('hex');
      const nonce = randomBytes(12).toString('hex');
      this.states.set(state, nonce);
      const auth = new URL(this.sim.authorizationEndpoint);
      const query: Record<string, string | undefined> = {
        scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none',
        client_id: this.clientId, redirect_uri: `${this.base}/launch`, login_hint: String(params.login_hint),
        lti_message_hint: String(params.lti_message_hint), state, nonce, ...this.authOverrides,
      };
      for (const [k, v] of Object.entries(query)) if (v !== undefined) auth.searchParams.set(k, v);
      res.cookie('fake_tool_state', state, { httpOnly: true, path: '/' });
      res.redirect(302, auth.toString());
    };
    app.get('/login', (req, res) => login(req.query, res));
    app.post('/login', express.urlencoded({ extended: false }), (req, res) => login(req.body as Record<string, unknown>, res));
    app.post('/launch', express.urlencoded({ extended: false }), (req, res) => {
      this.verifyLaunch(req.body as Record<string, unknown>, req.headers.cookie ?? '').then((launch) => {
        this.launches.push(launch);
        if (launch.error) res.status(401).send(`<h1>Launch failed</h1><p>${launch.error}</p>`);
        else res.redirect(302, '/app');
      }, (err: unknown) => res.status(500).send(String(err)));
    });
    app.get('/app', (_req, res) => { res.status(200).send('<h1>CoachLoop fake tool</h1>'); });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Stops the tool. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** The registration an LMS admin would enter for this tool. */
  registration(overrides: Partial<ToolRegistration> = {}): ToolRegistration {
    return {
      clientId: this.clientId, deploymentIds: [this.deploymentId], oidcLoginUrl: `${this.base}/login`,
      redirectUris: [`${this.base}/launch`], targetLinkUri: `${this.base}/launch`, jwksUrl: `${this.base}/jwks`,
      scopes: [...SUPPORTED_SCOPES], name: 'CoachLoop', ...overrides,
    };
  }

  private async verifyLaunch(body: Record<string, unknown>, cookie: string): Promise<ToolLaunch> {
    const state = String(body.state ?? '');
    if (!cookie.includes(`fake_tool_state=${state}`)) return { error: 'state cookie mismatch' };
    const token = String(body.id_token ?? '');
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') return { error: 'not a JWT' };
    const jwks = await (await fetch(this.sim.jwksUrl)).json() as { keys: Array<Record<string, string>> };
    const jwk = jwks.keys.find((k) => k.kid === decoded.header.kid);
    if (!jwk) return { error: 'unknown kid', header: { ...decoded.header } };
    try {
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      const payload = jwt.verify(token, key, { algorithms: ['RS256'], audience: this.clientId, issuer: this.sim.issuer }) as Record<string, unknown>;
      if (payload.nonce !== this.states.get(state)) return { error: 'nonce mismatch', payload };
      return { payload, header: { ...decoded.header } };
    } catch (err) {
      return { error: (err as Error).message, header: { ...decoded.header } };
    }
  }

  /** Signs a JWT as this tool (or with a key its JWKS does not publish). */
  sign(payload: Record<string, unknown>, opts: { rogue?: boolean; kid?: string | null } = {}): string {
    const header: jwt.JwtHeader = { alg: 'RS256', typ: 'JWT' };
    if (opts.kid !== null) header.kid = opts.kid ?? this.kid;
    return jwt.sign(payload, opts.rogue ? this.rogueKey : this.privateKey, { algorithm: 'RS256', header });
  }

  /** A client assertion for the simulator's token endpoint (fields overridable). */
  assertion(overrides: Record<string, unknown> = {}, opts: { rogue?: boolean; kid?: string | null } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return this.sign({
      iss: this.clientId, sub: this.clientId, aud: this.sim.tokenEndpoint, iat: now, exp: now + 60,
      jti: randomBytes(12).toString('hex'), ...overrides,
    }, opts);
  }

  /** Posts a token request; returns status and JSON body. */
  async requestToken(scope: string, assertion = this.assertion(), extra: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(this.sim.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion, scope, ...extra,
      }).toString(),
    });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  }

  /** An access token for the given scopes (throws if refused). */
  async accessToken(scopes: string[]): Promise<string> {
    const { status, body } = await this.requestToken(scopes.join(' '));
    if (status !== 200) throw new Error(`token refused: ${JSON.stringify(body)}`);
    return String(body.access_token);
  }

  /** A deep-linking response answering `settings` (claims overridable; undefined removes). */
  deepLinkResponse(settings: Record<string, unknown>, items: unknown[], overrides: Record<string, unknown> = {}, opts: { rogue?: boolean } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: this.clientId, aud: this.sim.issuer, iat: now, exp: now + 60, nonce: randomBytes(8).toString('hex'),
      [LTI_CLAIMS.deploymentId]: this.deploymentId, [LTI_CLAIMS.messageType]: 'LtiDeepLinkingResponse', [LTI_CLAIMS.version]: '1.3.0',
      [LTI_CLAIMS.dlData]: settings.data, [LTI_CLAIMS.dlContentItems]: items, [LTI_CLAIMS.dlMsg]: 'Added by the fake tool',
    };
    for (const [k, v] of Object.entries(overrides)) {
      if (v === undefined) delete payload[k];
      else payload[k] = v;
    }
    return this.sign(payload, opts);
  }
}
