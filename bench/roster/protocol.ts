/**
 * What the roster benchmark's parent (run.ts) and its two child processes (the simulated LMS and
 * CoachLoop) say to each other, and the small runtime both children share:
 * - the parent passes a child its settings as one JSON argument;
 * - a child prints one `{"ready":true,…}` JSON line on stdout once it listens;
 * - afterwards the parent asks the CoachLoop child over IPC to run the measurements;
 * - a child exits when told to stop, when the IPC channel closes (the parent died) and on SIGTERM,
 *   so no child outlives the run.
 */

/** The tool as the simulated LMS knows it (CoachLoop's port is chosen by the parent). */
export interface ToolEndpoints {
  clientId: string;
  deploymentId: string;
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
}

/** Settings of the simulator child. */
export interface SimulatorSettings {
  port: number;
  members: number;
  pageSize: number;
  courseId: string;
  coachSub: string;
  tool: ToolEndpoints;
}

/** The simulator child's ready line: its endpoints and the coach's launch, prepared. */
export interface SimulatorReady {
  ready: true;
  pid: number;
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
  coachLaunch: { method: 'GET' | 'POST'; url: string; params: Record<string, string> };
}

/** Database the CoachLoop child runs on. */
export type BenchDatabase = { kind: 'sqlite'; file: string } | { kind: 'mysql'; url: string };

/** Settings of the CoachLoop child. */
export interface CoachSettings {
  port: number;
  database: BenchDatabase;
  tool: ToolEndpoints;
  platform: { issuer: string; authorizationEndpoint: string; tokenEndpoint: string; jwksUrl: string; name: string };
  courseId: string;
  /** Members the LMS course has (learners + the coach), for the correctness checks. */
  expectedMembers: number;
  /** RSS sampling interval (ms). */
  sampleMs: number;
}

/** The CoachLoop child's ready line. */
export interface CoachReady {
  ready: true;
  pid: number;
  url: string;
}

/**
 * One page's timings (ms): the service token (cache lookup or request), the HTTP request with its
 * body, SQL statements after the body was read (the page's database work) and the rest (JSON
 * validation, diffing, building statements: CoachLoop's CPU).
 */
export interface PageTiming {
  totalMs: number;
  tokenMs: number;
  httpMs: number;
  sqlMs: number;
  otherMs: number;
  statements: number;
}

/** One measured pass: a floor fetch or a sync. */
export interface Pass {
  name: string;
  seconds: number;
  pages: number;
  members: number;
  /** SQL statements by first keyword. */
  sql: Record<string, number>;
  /** INSERT/UPDATE/DELETE statements, all tables and on people/memberships. */
  writes: number;
  rosterWrites: number;
  /** Highest RSS sampled during the pass, and RSS just before it (bytes). */
  peakRss: number;
  rssBefore: number;
  /** CPU time of the CoachLoop process during the pass (ms). */
  cpuMs: number;
  pagesTimed: PageTiming[];
  result?: Record<string, number>;
}

/** What the CoachLoop child reports after the run. */
export interface CoachReport {
  spaceId: number;
  passes: Pass[];
  activeAfterFull: number;
  activeAfterSecond: number;
  peopleAfterSecond: number;
  /** process.resourceUsage().maxRSS at the end: the process's peak since it started (bytes). */
  maxRssEver: number;
  /** RSS once CoachLoop was up and the launch done, before any roster work (bytes). */
  rssIdle: number;
}

/** Parent → CoachLoop child. */
export type ParentMessage = { type: 'run' } | { type: 'stop' };

/** CoachLoop child → parent. */
export type ChildMessage = { type: 'report'; report: CoachReport } | { type: 'error'; message: string } | { type: 'progress'; text: string };

/** Reads a child's settings from its first argument. */
export function childSettings<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('bench child: expected its settings as a JSON argument');
  return JSON.parse(raw) as T;
}

/** Prints the ready line the parent waits for. */
export function announceReady(payload: object): void {
  process.stdout.write(`${JSON.stringify({ ready: true, ...payload })}\n`);
}

/**
 * Exits cleanly when asked, when the parent goes away or on SIGTERM; SIGINT is ignored (on Ctrl-C
 * the parent stops its children itself). `run` answers the parent's run request, if any.
 */
export function serveParent(opts: { stop: () => Promise<void>; run?: () => Promise<CoachReport> }): void {
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(code), 5000);
    timer.unref();
    opts.stop().then(() => process.exit(code), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  const send = (msg: ChildMessage) => {
    if (process.connected) process.send?.(msg);
  };
  process.on('message', (raw: unknown) => {
    const msg = raw as ParentMessage;
    if (msg.type === 'stop') return stop(0);
    if (msg.type === 'run') {
      if (!opts.run) return send({ type: 'error', message: 'this child runs nothing' });
      opts.run().then((report) => send({ type: 'report', report }), (err: unknown) => {
        send({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
      });
    }
  });
  process.on('disconnect', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => undefined);
}

/** Sends a progress line to the parent (printed as the run goes). */
export function progress(text: string): void {
  if (process.connected) process.send?.({ type: 'progress', text } satisfies ChildMessage);
}

/**
 * Runs a child's main function; any start-up error ends the child with status 1. Source-mapped
 * stack traces are off, as under `node dist/…` (Sequelize's SQLite dialect reads a stack per query).
 */
export function runChild(main: () => Promise<void>): void {
  process.setSourceMapsEnabled(false);
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
