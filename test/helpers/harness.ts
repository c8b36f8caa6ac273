/**
 * A CoachLoop server and a simulated LMS, both on 127.0.0.1 with ephemeral ports, wired to each
 * other like a real installation (the tool registered with the LMS, the LMS with the tool).
 * Each harness makes its own platform and tenant, so tests never share data.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type CoachLoopApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { LmsSimulator, type LaunchOptions, type SimulatorOptions } from '../../src/simulator';
import { BrowserClient, decodeHtmlEntities, type BrowserResponse } from '../../src/simulator/client';
import { testDatabase } from './database';

/** One key for every app in a test run: they share the database, like instances of one deployment. */
export const TEST_ENCRYPTION_KEY = 'coachloop-test-encryption-key-0123456789abcdef';

export const ALL_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
];

/** A running tool + LMS pair. */
export interface Harness {
  coachloop: CoachLoopApp;
  toolUrl: string;
  sim: LmsSimulator;
  clientId: string;
  deploymentId: string;
  platformKid: string;
  /** Full OIDC round trip with a fresh browser; returns the final page. */
  launch(opts?: Partial<LaunchOptions>, browser?: BrowserClient): Promise<BrowserResponse>;
  stop(): Promise<void>;
}

let shared: { coachloop: CoachLoopApp; server: http.Server; url: string; users: number } | undefined;

/** One CoachLoop server per test process (the ltijs setup is the expensive part). */
async function sharedTool(): Promise<{ coachloop: CoachLoopApp; server: http.Server; url: string }> {
  if (shared) {
    shared.users++;
    return shared;
  }
  const sequelize = await testDatabase();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }), publicUrl: url };
  const coachloop = await createApp({ config, sequelize });
  server.on('request', coachloop.app);
  shared = { coachloop, server, url, users: 1 };
  return shared;
}

async function releaseTool(): Promise<void> {
  if (!shared) return;
  shared.users--;
  if (shared.users > 0) return;
  const s = shared;
  shared = undefined;
  s.server.closeAllConnections();
  await new Promise<void>((resolve) => s.server.close(() => resolve()));
  await s.coachloop.close();
}

/** Starts (or reuses) CoachLoop, starts a fresh LMS, registers them with each other and a tenant. */
export async function startHarness(opts: { sim?: SimulatorOptions; acceptNewDeployments?: boolean; deploymentId?: string; registerTenant?: boolean } = {}): Promise<Harness> {
  const tool = await sharedTool();
  const sim = new LmsSimulator({ host: '127.0.0.1', ...opts.sim });
  await sim.start();
  const clientId = `client-${crypto.randomBytes(6).toString('hex')}`;
  const deploymentId = opts.deploymentId ?? `dep-${crypto.randomBytes(4).toString('hex')}`;
  const urls = tool.coachloop.lti.urls;
  sim.registerTool({
    clientId, deploymentIds: [deploymentId], oidcLoginUrl: urls.login, redirectUris: [urls.launch],
    targetLinkUri: urls.launch, jwksUrl: urls.keys, scopes: ALL_SCOPES, name: 'CoachLoop',
  });
  const platformKid = await tool.coachloop.lti.registerPlatform({
    issuer: sim.issuer, clientId, name: 'Test LMS', authorizationEndpoint: sim.authorizationEndpoint,
    tokenEndpoint: sim.tokenEndpoint, jwksUrl: sim.jwksUrl, acceptNewDeployments: opts.acceptNewDeployments ?? false,
  });
  if (opts.registerTenant !== false) {
    await tool.coachloop.tenants.create({ platformKid, issuer: sim.issuer, clientId, deploymentId, name: 'Test District' });
  }
  return {
    coachloop: tool.coachloop,
    toolUrl: tool.url,
    sim,
    clientId,
    deploymentId,
    platformKid,
    launch: (launchOpts = {}, browser = new BrowserClient()) =>
      browser.launch(sim.prepareLaunch({ clientId, deploymentId, ...launchOpts })),
    stop: async () => {
      await sim.stop();
      await releaseTool();
    },
  };
}

/** Adds a course with one person per role to the simulated LMS. */
export function seedCourse(sim: LmsSimulator, courseId = 'course-1'): { courseId: string; coach: string; teacher: string; admin: string; mentor: string } {
  const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
  sim.addCourse({ id: courseId, title: 'Coaching PD', label: 'PD1' });
  sim.addUser({ sub: 'u-coach', name: 'Cora Coach', given_name: 'Cora', family_name: 'Coach', email: 'cora@example.org' });
  sim.addUser({ sub: 'u-teacher', name: 'Tess Teacher', given_name: 'Tess', family_name: 'Teacher', email: 'tess@example.org' });
  sim.addUser({ sub: 'u-admin', name: 'Paula Principal', given_name: 'Paula', family_name: 'Principal', email: 'paula@example.org', institutionRoles: [`${LIS}institution/person#Administrator`] });
  sim.addUser({ sub: 'u-mentor', name: 'Milo Mentor', given_name: 'Milo', family_name: 'Mentor', email: 'milo@example.org' });
  sim.enroll(courseId, 'u-coach', [`${LIS}membership#Instructor`]);
  sim.enroll(courseId, 'u-teacher', [`${LIS}membership#Learner`]);
  sim.enroll(courseId, 'u-admin', [`${LIS}membership#Administrator`]);
  sim.enroll(courseId, 'u-mentor', [`${LIS}membership#Mentor`]);
  return { courseId, coach: 'u-coach', teacher: 'u-teacher', admin: 'u-admin', mentor: 'u-mentor' };
}

/** The ltik in a page's links (the session later requests carry). */
export function ltikOf(page: BrowserResponse): string {
  const m = /[?&]ltik=([^"&]+)/.exec(decodeHtmlEntities(page.html));
  if (!m) throw new Error('No ltik found in the page');
  return decodeURIComponent(m[1]);
}
