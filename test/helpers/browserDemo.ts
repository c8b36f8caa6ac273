/**
 * CoachLoop and the demo LMS for browser tests: the tool on "localhost", the LMS on "127.0.0.1"
 * (two sites, so the tool's iframe is cross-site like in a real LMS), and Debian's Chromium.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../src/auth/actor';
import { createApp, type CoachLoopApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { startDemoLms } from '../../src/demo/demoLms';
import type { LmsSimulator } from '../../src/simulator';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { testDatabase } from './database';
import { TEST_ENCRYPTION_KEY } from './harness';

export interface BrowserDemo {
  coachloop: CoachLoopApp;
  sequelize: Sequelize;
  sim: LmsSimulator;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * A first-level heading of a CoachLoop page other than its sign-in steps' ("Opening CoachLoop…",
 * shown while the launch goes through the LMS's storage frame): wait for it to know the launch landed.
 */
export const COACHLOOP_HEADING = 'h1:not(:has-text("Opening CoachLoop"))';

/** What to vary in the demo: an LMS without Platform Storage, extra Chromium switches. */
export interface BrowserDemoOptions {
  platformStorage?: boolean;
  chromiumArgs?: string[];
}

/** Starts the tool, the demo LMS wired to it, and Chromium. */
export async function startBrowserDemo(opts: BrowserDemoOptions = {}): Promise<BrowserDemo> {
  const sequelize = await testDatabase();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const publicUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
  const coachloop = await createApp({ config: { ...loadConfig({ NODE_ENV: 'test', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }), publicUrl }, sequelize });
  server.on('request', coachloop.app);
  const sim = await startDemoLms(coachloop, { port: 0, platformStorage: opts.platformStorage });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...(opts.chromiumArgs ?? [])] });
  return {
    coachloop, sequelize, sim, browser,
    stop: async () => {
      await browser.close();
      await sim.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await coachloop.close();
    },
  };
}

/** Enters the demo course as a person and opens CoachLoop; returns the LMS page and the tool's frame. */
export async function openCoachLoopAs(sim: LmsSimulator, context: BrowserContext, name: string): Promise<{ page: Page; frame: Frame }> {
  const page = await context.newPage();
  await page.goto(`${sim.issuer}/`);
  await page.getByRole('button', { name: `Enter the course as ${name}` }).first().click();
  await page.getByRole('link', { name: 'CoachLoop', exact: true }).first().click();
  await page.frameLocator('iframe.tool').locator(COACHLOOP_HEADING).first().waitFor({ timeout: 15_000 });
  const frame = page.frames().find((f) => f.url().includes('/lti/launch'));
  if (!frame) throw new Error('CoachLoop frame not found');
  return { page, frame };
}

/** An actor for a demo person who has launched once (for setting up through commands). */
export async function demoActor(sim: LmsSimulator, sub: string, role: Actor['role']): Promise<Actor> {
  const sequelize = await testDatabase();
  const [row] = await sequelize.query<{ person_id: number; tenant_id: number; space_id: number }>(
    `SELECT p.id AS person_id, t.id AS tenant_id, s.id AS space_id FROM tenants t JOIN people p ON p.tenant_id = t.id
       JOIN spaces s ON s.tenant_id = t.id AND s.context_id = 'coach-pd-2026' WHERE t.issuer = ? AND p.sub = ?`,
    { replacements: [sim.issuer, sub], type: QueryTypes.SELECT },
  );
  return {
    tenant: { id: Number(row.tenant_id), name: 'Riverbend', issuer: sim.issuer, clientId: '', deploymentId: '', status: 'active' },
    person: { id: Number(row.person_id), sub, name: sub }, space: { id: Number(row.space_id), contextId: 'coach-pd-2026', title: 'Instructional Coaching 2026' },
    role, ltiRoles: [], ltik: '', launch: {} as Actor['launch'],
  };
}
