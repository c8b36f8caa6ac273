/**
 * What the dashboard benchmark's parent (run.ts) and its two child processes (the simulated LMS
 * and CoachLoop) say to each other over the runtime of bench/common/child.ts.
 */
import type { BenchCoachLoopSettings } from '../common/coachloopServer';

/** The tool as the simulated LMS knows it. */
export type ToolEndpoints = BenchCoachLoopSettings['tool'];

/** A prepared LTI launch (login initiation) the parent hands to a BrowserClient. */
export type PreparedLaunch = { method: 'GET' | 'POST'; url: string; params: Record<string, string> };

/** Settings of the simulator child: the district's courses and its admin. */
export interface SimulatorSettings {
  port: number;
  tool: ToolEndpoints;
  courses: Array<{ id: string; title: string }>;
  adminSub: string;
}

export interface SimulatorReady {
  ready: true;
  pid: number;
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
  /** The admin launching into the first course, and from the LMS account (no course). */
  courseLaunch: PreparedLaunch;
  accountLaunch: PreparedLaunch;
}

/** What the district generator is asked for. */
export interface SeedRequest {
  teachers: number;
  sessions: number;
  checkins: number;
  responses: number;
  seed: number;
}

export interface SeedResult {
  seconds: number;
  rowsPerSecond: number;
  rows: Record<string, number>;
  spaces: Array<{ id: number; contextId: string; title: string }>;
}

/** The heaviest query of one dashboard page and how the database runs it. */
export interface ExplainResult {
  /** Each query of the page with its time (ms), slowest first. */
  queries: Array<{ ms: number; sql: string }>;
  heaviest: string;
  /** EXPLAIN (MariaDB) or EXPLAIN QUERY PLAN (SQLite), one line per row. */
  plan: string[];
}
