/**
 * What the launch benchmark's parent (run.ts) and its three child processes (simulator, CoachLoop,
 * bare ltijs tool) say to each other, and the small runtime every child shares:
 * - the parent passes a child its settings as one JSON argument;
 * - a child prints one `{"ready":true,…}` JSON line on stdout once it listens and is registered;
 * - afterwards parent and child talk over the IPC channel (prepare launches, read counters, stop);
 * - a child exits when told to stop, when the IPC channel closes (the parent died) and on SIGTERM,
 *   so no child outlives the run.
 */
import type { Sequelize } from 'sequelize';

/** The tools under test. */
export type ToolName = 'bare' | 'coachloop';

/** How a tool is known to the simulated LMS. */
export interface ToolEndpoints {
  clientId: string;
  deploymentId: string;
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  name: string;
}

/** Settings of the simulator child. */
export interface SimulatorSettings {
  port: number;
  users: number;
  courseId: string;
  tools: Record<ToolName, ToolEndpoints>;
}

/** The simulator child's ready line. */
export interface SimulatorReady {
  ready: true;
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
  users: Array<{ sub: string; name: string }>;
}

/** Database a tool child runs on. */
export type ToolDatabase = { kind: 'sqlite'; file: string } | { kind: 'mysql'; url: string };

/** Settings of a tool child (CoachLoop or the bare ltijs tool). */
export interface ToolSettings {
  port: number;
  database: ToolDatabase;
  tool: ToolEndpoints;
  platform: { issuer: string; authorizationEndpoint: string; tokenEndpoint: string; jwksUrl: string; name: string };
  /** Count SQL statements by kind (costs a little: Sequelize formats each statement for the logger). */
  countSql: boolean;
}

/** A tool child's ready line. */
export interface ToolReady {
  ready: true;
  url: string;
  pid: number;
}

/** What a launch request to the simulator needs: the same shape as the simulator's PreparedLogin. */
export interface Prepared {
  method: 'GET' | 'POST';
  url: string;
  params: Record<string, string>;
}

/** Parent → child messages. */
export type ParentMessage =
  | { type: 'prepare'; id: number; tool: ToolName; subs: string[] }
  | { type: 'stats'; id: number }
  | { type: 'stop' };

/** Counters a child reports: CPU time used so far and SQL statements run, by kind. */
export interface ChildStats {
  cpuMicros: number;
  sql: Record<string, number>;
}

/** Child → parent messages. */
export type ChildMessage =
  | { type: 'prepared'; id: number; launches: Prepared[] }
  | { type: 'stats'; id: number; stats: ChildStats }
  | { type: 'error'; id: number; message: string };

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

/** Counts SQL statements by their first keyword (SELECT, INSERT, …, BEGIN/COMMIT). */
export class SqlCounter {
  readonly counts: Record<string, number> = {};
  /** BENCH_SQL_TRACE=1 also prints every statement on stderr, prefixed with the process name. */
  private readonly trace = process.env.BENCH_SQL_TRACE === '1' ? `[sql ${process.argv[1] ? process.argv[1].replace(/^.*[\\/]/, '').replace(/\.ts$/, '') : process.pid}] ` : undefined;

  /** Makes every statement of this Sequelize instance go through the counter. */
  attach(sequelize: Sequelize): void {
    (sequelize as unknown as { options: { logging: unknown } }).options.logging = (sql: string) => this.count(sql);
  }

  private count(logLine: string): void {
    // Sequelize logs "Executing (<connection or transaction id>): <SQL>".
    const sql = logLine.replace(/^Executing \([^)]*\):\s*/, '');
    if (this.trace) process.stderr.write(`${this.trace}${sql}\n`);
    const word = (/^\s*(?:\/\*[\s\S]*?\*\/\s*)*([A-Za-z]+)/.exec(sql)?.[1] ?? 'OTHER').toUpperCase();
    const kind = word === 'START' ? 'BEGIN' : word;
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }
}

/**
 * Serves the parent's IPC requests and exits cleanly when asked, when the parent goes away or on
 * SIGTERM. SIGINT is ignored: on Ctrl-C the parent stops every child itself (a child that exits
 * through process.exit also writes its --cpu-prof profile).
 */
export function serveParent(opts: {
  sql?: SqlCounter;
  prepare?: (tool: ToolName, subs: string[]) => Prepared[];
  stop: () => Promise<void>;
}): void {
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
  const reply = (msg: ChildMessage) => {
    if (process.connected) process.send?.(msg);
  };
  process.on('message', (raw: unknown) => {
    const msg = raw as ParentMessage;
    if (msg.type === 'stop') return stop(0);
    try {
      if (msg.type === 'stats') {
        const cpu = process.cpuUsage();
        reply({ type: 'stats', id: msg.id, stats: { cpuMicros: cpu.user + cpu.system, sql: { ...(opts.sql?.counts ?? {}) } } });
      } else if (msg.type === 'prepare') {
        if (!opts.prepare) throw new Error('this child prepares no launches');
        reply({ type: 'prepared', id: msg.id, launches: opts.prepare(msg.tool, msg.subs) });
      }
    } catch (err) {
      reply({ type: 'error', id: (msg as { id?: number }).id ?? -1, message: err instanceof Error ? err.message : String(err) });
    }
  });
  process.on('disconnect', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => undefined);
}

/**
 * Runs a child's main function; any start-up error ends the child with status 1.
 * tsx turns on source-mapped stack traces; production (`node dist/…`) runs without them, and
 * they are costly here: Sequelize's SQLite dialect reads `new Error().stack` on every query.
 */
export function runChild(main: () => Promise<void>): void {
  process.setSourceMapsEnabled(false);
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
