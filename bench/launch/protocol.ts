/**
 * What the launch benchmark's parent (run.ts) and its three child processes (simulator, CoachLoop,
 * bare ltijs tool) say to each other over the runtime of bench/common/child.ts: settings, ready
 * lines and the requests `prepare` (launches, from the simulator) and `stats` (every child).
 */
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

export { childStats, SqlCounter, type ChildStats } from '../common/sqlCounter';
