/**
 * What the survey benchmark's parent (run.ts) and its two child processes (the simulated LMS and
 * CoachLoop) say to each other over the runtime of bench/common/child.ts.
 */
import type { BenchCoachLoopSettings } from '../common/coachloopServer';

/** The tool as the simulated LMS knows it. */
export type ToolEndpoints = BenchCoachLoopSettings['tool'];

/** A prepared login: what the LMS page hands the browser to start a launch. */
export type PreparedLaunch = { method: 'GET' | 'POST'; url: string; params: Record<string, string> };

/** Settings of the simulator child. */
export interface SimulatorSettings {
  port: number;
  respondents: number;
  courseId: string;
  coachSub: string;
  /** The resource link the survey is placed as (every launch comes through it). */
  resourceLinkId: string;
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
}

/** Settings of the CoachLoop child. */
export type CoachSettings = BenchCoachLoopSettings & { courseId: string; coachSub: string; resourceLinkId: string };

/** A question of the benchmark survey, as the parent fills it in. */
export interface BenchQuestion {
  id: number;
  kind: string;
  options: string[];
  /** The number question every respondent answers with their own index (how lost and duplicated responses are found). */
  marker: boolean;
}

/** What the CoachLoop child reports after setting up the survey. */
export interface SurveySetup {
  surveyId: number;
  questions: BenchQuestion[];
}

/** The database's view after the submissions (verify). */
export interface SurveyCheck {
  completions: number;
  distinctPeople: number;
  responses: number;
  /** Respondent indexes found in the responses' marker answers. */
  markers: number[];
  drafts: number;
  /** Completion credit rows queued in the grade outbox for the survey, and for how many people. */
  outboxRows: number;
  outboxPeople: number;
}

/** Timings of the in-process INSERT baseline. */
export interface InsertBaseline {
  latenciesMs: number[];
  seconds: number;
}
