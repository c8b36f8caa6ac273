/**
 * What the grade delivery benchmark's parent (run.ts) and its two child processes (the simulated
 * LMS and CoachLoop) say to each other over the runtime of bench/common/child.ts.
 */
import type { BenchCoachLoopSettings } from '../common/coachloopServer';
import type { ScoreRequestRecord } from '../../src/simulator';

/** The tool as the simulated LMS knows it. */
export type ToolEndpoints = BenchCoachLoopSettings['tool'];

/** Settings of the simulator child. */
export interface SimulatorSettings {
  port: number;
  learners: number;
  courseId: string;
  coachSub: string;
  tool: ToolEndpoints;
}

/** The simulator child's ready line. */
export interface SimulatorReady {
  ready: true;
  pid: number;
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
  learners: string[];
  coachLaunch: { method: 'GET' | 'POST'; url: string; params: Record<string, string> };
}

/** The fault mix a pass runs under. */
export interface FaultMix {
  /** Share of score requests that fail (0 = none), split between 429, 500, 503, time-outs and lost replies. */
  rate: number;
  seed: number;
  /** How long a hanging request hangs (ms); the worker's time-out must be shorter. */
  hangMs: number;
}

/** What the simulator recorded of the score requests to some line items. */
export interface SimRecords {
  requests: Array<Pick<ScoreRequestRecord, 'lineItemId' | 'userId' | 'timestamp' | 'status' | 'scoreGiven'>>;
  /** The gradebook: last accepted score per line item URL and user. */
  gradebook: Array<{ lineItemId: string; userId: string; scoreGiven?: number; timestamp: string }>;
  /** Score requests that reached the platform since the pass's fault mix was set, faulted ones included. */
  seen: number;
}

/** Settings of the CoachLoop child. */
export type CoachSettings = BenchCoachLoopSettings & { courseId: string };

/** How the CoachLoop child drains. */
export interface DrainOptions {
  concurrency: number;
  batchSize: number;
  requestTimeoutMs: number;
  /** Bench-sized backoff and Retry-After cap (ms). */
  baseBackoffMs: number;
  maxBackoffMs: number;
  maxRetryAfterMs: number;
  /** Concurrent workers (job runners with their own ids) in the CoachLoop process. */
  workers: number;
}

/** One outbox row as the parent checks it against the simulator's records. */
export interface SentGrade {
  lineItemUrl: string;
  userId: string;
  timestamp: string;
  scoreGiven: number | null;
  status: string;
  attempts: number;
}

/** What a drain reports. */
export interface DrainReport {
  seconds: number;
  /** CPU time of the CoachLoop process during the drain (ms). */
  cpuMs: number;
  stats: { rounds: number; claimed: number; sent: number; waiting: number; failed: number; superseded: number };
  grades: SentGrade[];
}
