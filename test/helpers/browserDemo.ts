/**
 * CoachLoop and the demo LMS for browser tests: the tool on "localhost", the LMS on "127.0.0.1"
 * (two sites, so the tool's iframe is cross-site like in a real LMS), and Debian's Chromium.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { Sequelize } from 'sequelize';
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
