/**
 * Child process of the roster benchmark: CoachLoop as the server runs it (configuration, its own
 * fresh database, migrations, createApp) on 127.0.0.1, with the simulated LMS registered as a
 * platform and the deployment as a tenant — the wiring of test/helpers/harness.ts. Once the
 * parent has made the coach's launch (which creates the space with its NRPS URL), it runs, on the
 * parent's request:
 *   warm-up (the first page only: the service token is fetched and cached, as for any sync)
 *   floor A: every page through fetchMembershipPage, storing nothing
 *   full sync (syncRoster into the empty space), second sync (no changes)
 *   floor B: the floor again, after the syncs
 * sampling its own RSS every `sampleMs`, counting SQL statements (with their times) and timing
 * every page: service token, HTTP (request + body, timed at the service transport), SQL, and the rest
 * (parsing, diffing: CPU).
 */
import { performance } from 'node:perf_hooks';
import { QueryTypes, type Sequelize } from 'sequelize';
import { rosterTarget } from '../../src/features/roster/rosterJob';
import { syncRoster, type RosterSyncTarget } from '../../src/features/roster/rosterSyncer';
import { fetchMembershipPage } from '../../src/lti/namesRoles';
import { serviceTransport } from '../../src/lti/serviceTransport';
import type { LtiAdapter } from '../../src/lti/provider';
import { startBenchCoachLoop } from '../common/coachloopServer';
import { announceReady, childSettings, progress, runChild, serveParent } from '../common/child';
import type { CoachReport, CoachSettings, Pass, PageTiming } from './protocol';

/** Times the pages of one pass and counts its SQL statements. */
class PassClock {
  readonly sql: Record<string, number> = {};
  writes = 0;
  rosterWrites = 0;
  readonly pages: PageTiming[] = [];
  private page: { start: number; tokenMs: number; httpStart?: number; httpEnd?: number; sqlMs: number; statements: number } | undefined;

  /** A page begins: fetchMembershipPage asked for the service token. */
  tokenRequested(): void {
    if (!this.page) this.page = { start: performance.now(), tokenMs: 0, sqlMs: 0, statements: 0 };
  }

  tokenReceived(): void {
    if (this.page && this.page.tokenMs === 0) this.page.tokenMs = performance.now() - this.page.start;
  }

  httpStarted(): void {
    if (this.page && this.page.httpStart === undefined) this.page.httpStart = performance.now();
  }

  /** The page's body is read (JSON parsed); what follows is CoachLoop's own work on it. */
  httpDone(): void {
    if (this.page && this.page.httpEnd === undefined) this.page.httpEnd = performance.now();
  }

  /** The page is done (the sync reported progress, or the floor loop got the page back). */
  pageDone(): void {
    const p = this.page;
    if (!p) return;
    const totalMs = performance.now() - p.start;
    const httpMs = p.httpStart !== undefined && p.httpEnd !== undefined ? p.httpEnd - p.httpStart : 0;
    this.pages.push({ totalMs, tokenMs: p.tokenMs, httpMs, sqlMs: p.sqlMs, otherMs: Math.max(0, totalMs - p.tokenMs - httpMs - p.sqlMs), statements: p.statements });
    this.page = undefined;
  }

  /** Sequelize's logging function with `benchmark: true`: every statement and its time. */
  statement(logLine: string, ms: number): void {
    const sql = logLine.replace(/^Executed \([^)]*\):\s*/, '').replace(/^Executing \([^)]*\):\s*/, '');
    const word = (/^\s*([A-Za-z]+)/.exec(sql)?.[1] ?? 'OTHER').toUpperCase();
    const kind = word === 'START' ? 'BEGIN' : word;
    this.sql[kind] = (this.sql[kind] ?? 0) + 1;
    const write = /^\s*(?:INSERT\s+(?:IGNORE\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?([A-Za-z0-9_]+)/i.exec(sql);
    if (write) {
      this.writes += 1;
      if (write[1] === 'people' || write[1] === 'memberships') this.rosterWrites += 1;
    }
    // SQL inside a page after its body was read is the page's database work (the token
    // cache lookup before the HTTP request counts as the token's).
    if (this.page && this.page.httpEnd !== undefined) {
      this.page.sqlMs += ms;
      this.page.statements += 1;
    }
  }
}

/** Samples process RSS every `ms` while a pass runs. */
class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;
  start(ms: number): void {
    this.peak = process.memoryUsage().rss;
    this.timer = setInterval(() => {
      const rss = process.memoryUsage().rss;
      if (rss > this.peak) this.peak = rss;
    }, ms);
  }
  stop(): number {
    clearInterval(this.timer);
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
    return this.peak;
  }
}

runChild(async () => {
  const settings = childSettings<CoachSettings>();
  const { coachloop, sequelize, publicUrl, stop } = await startBenchCoachLoop(settings);

  serveParent({
    handlers: { run: () => measure(settings, sequelize, coachloop.lti) },
    stop,
  });
  announceReady({ url: publicUrl, pid: process.pid });
});

async function measure(settings: CoachSettings, sequelize: Sequelize, lti: LtiAdapter): Promise<CoachReport> {
  const spaces = await sequelize.query<{ id: number }>(
    'SELECT s.id FROM spaces s JOIN tenants t ON t.id = s.tenant_id WHERE t.client_id = ? AND s.context_id = ?',
    { replacements: [settings.tool.clientId, settings.courseId], type: QueryTypes.SELECT },
  );
  if (spaces.length !== 1) throw new Error(`expected the coach's launch to have created one space for ${settings.courseId}, found ${spaces.length}`);
  const spaceId = Number(spaces[0].id);
  const target = await rosterTarget(sequelize, spaceId);
  if (!target) throw new Error('the space has no NRPS URL: the launch did not carry the names-and-roles claim');

  // Instrumentation: one clock per pass, fed by the token calls, the service transport and Sequelize's log.
  let clock = new PassClock();
  const timedLti = new Proxy(lti, {
    get(obj, prop, receiver) {
      if (prop === 'serviceToken') {
        return async (...args: Parameters<LtiAdapter['serviceToken']>) => {
          clock.tokenRequested();
          const token = await obj.serviceToken(...args);
          clock.tokenReceived();
          return token;
        };
      }
      const value: unknown = Reflect.get(obj, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(obj) : value;
    },
  });
  const realSend = serviceTransport.send;
  serviceTransport.send = async (request) => {
    clock.httpStarted();
    const res = await realSend(request);
    return {
      ...res,
      json: async () => {
        const body: unknown = await res.json();
        clock.httpDone();
        return body;
      },
    };
  };
  const options = (sequelize as unknown as { options: { logging: unknown; benchmark: boolean } }).options;
  options.benchmark = true;
  options.logging = (sql: string, ms?: number) => clock.statement(sql, typeof ms === 'number' ? ms : 0);

  const rss = new RssSampler();
  const passes: Pass[] = [];
  const run = async (name: string, body: () => Promise<{ pages: number; members: number; result?: Record<string, number> }>) => {
    clock = new PassClock();
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    rss.start(settings.sampleMs);
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const out = await body();
    const seconds = (performance.now() - t0) / 1000;
    const cpuUsed = process.cpuUsage(cpu);
    const peakRss = rss.stop();
    const pass: Pass = {
      name, seconds, pages: out.pages, members: out.members, sql: clock.sql, writes: clock.writes, rosterWrites: clock.rosterWrites,
      peakRss, rssBefore, cpuMs: (cpuUsed.user + cpuUsed.system) / 1000, pagesTimed: clock.pages, result: out.result,
    };
    passes.push(pass);
    progress(`${name}: ${seconds.toFixed(2)} s, ${out.pages} pages, ${out.members} members, peak RSS ${(peakRss / 1048576).toFixed(0)} MB`);
    return pass;
  };

  const floor = async (maxPages = Infinity) => {
    const source = { issuer: target.issuer, clientId: target.clientId, url: target.nrpsUrl };
    let url: string | undefined = target.nrpsUrl;
    let pages = 0;
    let members = 0;
    while (url && pages < maxPages) {
      const page = await fetchMembershipPage(timedLti, source, url);
      clock.pageDone();
      pages += 1;
      members += page.members.length;
      url = page.next;
    }
    return { pages, members };
  };
  const sync = async (t: RosterSyncTarget) => {
    const result = await syncRoster({ sequelize, lti: timedLti }, t, async (p) => {
      if (!p.retrying) clock.pageDone();
    });
    return { pages: result.pages, members: result.members, result: { ...result } };
  };
  const activeMembers = async () => Number((await sequelize.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM memberships WHERE space_id = ? AND status = 'active'", { replacements: [spaceId], type: QueryTypes.SELECT },
  ))[0].n);

  const rssIdle = process.memoryUsage().rss;
  try {
    await run('warm-up (first page)', () => floor(1));
    await run('floor A', () => floor());
    await run('full sync', () => sync(target));
    const activeAfterFull = await activeMembers();
    await run('second sync', () => sync(target));
    const activeAfterSecond = await activeMembers();
    await run('floor B', () => floor());
    const people = await sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM people WHERE tenant_id = ?', { replacements: [target.tenantId], type: QueryTypes.SELECT });
    return {
      spaceId, passes, activeAfterFull, activeAfterSecond, peopleAfterSecond: Number(people[0].n),
      maxRssEver: process.resourceUsage().maxRSS * 1024, rssIdle,
    };
  } finally {
    options.logging = false;
    options.benchmark = false;
    serviceTransport.send = realSend;
  }
}
