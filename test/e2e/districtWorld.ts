/**
 * The world of the district end-to-end suite: CoachLoop on "localhost", a simulated LMS on
 * "127.0.0.1" (two sites, so CoachLoop is framed cross-site as in a real LMS) that has NOT been
 * registered with CoachLoop — only seeded with the Riverbend district — and Debian's Chromium.
 * Also the few browser moves every step repeats: enter the course as someone, open a link of the
 * course page and wait for CoachLoop's frame, click and wait for the frame's next page.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';
import { createApp, type CoachLoopApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDemoDistrict, LmsSimulator, type DemoDistrict } from '../../src/simulator';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';
import { testDatabase } from '../helpers/database';
import { TEST_ENCRYPTION_KEY } from '../helpers/harness';

export interface DistrictWorld {
  coachloop: CoachLoopApp;
  sim: LmsSimulator;
  district: DemoDistrict;
  browser: Browser;
  stop(): Promise<void>;
}

/** Starts CoachLoop, an unregistered LMS seeded with the district, and Chromium. */
export async function startDistrictWorld(): Promise<DistrictWorld> {
  const sequelize = await testDatabase();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const publicUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
  const coachloop = await createApp({ config: { ...loadConfig({ NODE_ENV: 'test', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }), publicUrl }, sequelize });
  server.on('request', coachloop.app);
  const sim = new LmsSimulator({ host: '127.0.0.1', port: 0, platformName: 'Riverbend LMS', registrationShape: 'moodle' });
  await sim.start();
  const district = createDemoDistrict(sim);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    coachloop, sim, district, browser,
    stop: async () => {
      await browser.close();
      await sim.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await coachloop.close();
    },
  };
}

/** Signs in on the LMS as a person of the course (its home page lists everyone); returns the course page. */
export async function enterCourse(context: BrowserContext, sim: LmsSimulator, name: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${sim.issuer}/`);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: `Enter the course as ${name}` }).first().click()]);
  return page;
}

/** The frame the LMS page shows CoachLoop in. */
export function toolFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.parentFrame() === page.mainFrame());
  if (!frame) throw new Error(`no tool frame on ${page.url()}`);
  return frame;
}

/** Follows a link of the LMS page that frames CoachLoop; waits for CoachLoop's first heading and returns its frame. */
export async function openFramed(page: Page, link: Locator): Promise<Frame> {
  await Promise.all([page.waitForNavigation(), link.click()]);
  await page.frameLocator('iframe').locator('h1').first().waitFor({ timeout: 20_000 });
  return toolFrame(page);
}

/** Clicks a link or button in CoachLoop's frame and waits for the page it leads to. */
export async function go(frame: Frame, target: Locator): Promise<void> {
  await Promise.all([frame.waitForNavigation({ waitUntil: 'load' }), target.click()]);
}
