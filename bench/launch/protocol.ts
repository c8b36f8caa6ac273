/**
 * What the launch benchmark's parent (run.ts) and its three child processes (simulator, CoachLoop,
 * bare ltijs tool) say to each other over the runtime of bench/common/child.ts: settings, ready
 * lines and the requests `prepare` (launches, from the simulator) and `stats` (every child).
 */
import type { Sequelize } from 'sequelize';
import type { BenchDatabase } from '../common/coachloopServer';

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
export type ToolDatabase = BenchDatabase;

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

/** Counters a child reports: CPU time used so far and SQL statements run, by kind. */
export interface ChildStats {
  cpuMicros: number;
  sql: Record<string, number>;
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

/** The `stats` request's answer: CPU time used so far and SQL statements run, by kind. */
export function childStats(sql?: SqlCounter): ChildStats {
  const cpu = process.cpuUsage();
  return { cpuMicros: cpu.user + cpu.system, sql: { ...(sql?.counts ?? {}) } };
}
