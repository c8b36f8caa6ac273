/**
 * What the roster benchmark's parent (run.ts) and its two child processes (the simulated LMS and
 * CoachLoop) say to each other over the runtime of bench/common/child.ts: settings, ready lines,
 * and the request `run` (the measurements, with progress lines) to the CoachLoop child.
 */
import type { BenchDatabase } from '../common/coachloopServer';

export type { BenchDatabase };

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
