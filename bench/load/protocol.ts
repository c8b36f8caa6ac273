/**
 * What the load benchmark's parent (run.ts) and its three child processes (the simulated LMS,
 * CoachLoop and the bare ltijs tool) say to each other over the runtime of bench/common/child.ts.
 */
import type { BenchCoachLoopSettings } from '../common/coachloopServer';
import type { BenchPlatform } from '../common/simulator';

/** The tools under test. */
export type ToolName = 'coachloop' | 'bare';

/** How a tool is known to the simulated LMS. */
export type ToolEndpoints = BenchCoachLoopSettings['tool'];

/** A resource link in the course: its id and the custom parameters the LMS sends with it. */
export interface LinkSpec {
  resourceLinkId: string;
  custom?: Record<string, string>;
}

/** A prepared login: what the LMS page hands the browser to start a launch. */
export type PreparedLaunch = { method: 'GET' | 'POST'; url: string; params: Record<string, string> };

/** Settings of the simulator child. */
export interface SimulatorSettings {
  port: number;
  /** Teachers enrolled (measured ones first, then the warm-up ones). */
  teachers: number;
  courseId: string;
  coachSub: string;
  tools: Record<ToolName, ToolEndpoints>;
}

/** The simulator child's ready line. */
export interface SimulatorReady extends BenchPlatform {
  ready: true;
  pid: number;
  teachers: string[];
}

/** The `prepare` request: launches of `subs` into `tool` through `link`. */
export interface PrepareRequest extends Record<string, unknown> {
  tool: ToolName;
  subs: string[];
  link: LinkSpec;
}

/** Settings of the CoachLoop child. */
export type CoachSettings = BenchCoachLoopSettings & {
  courseId: string;
  coachSub: string;
  /** Record the statements that take at least this long (ms), for the slowSql request. */
  slowSqlMs?: number;
};

/** Slow statements of one shape (literals replaced by ?). */
export interface SlowSql {
  sql: string;
  count: number;
  totalMs: number;
  maxMs: number;
}

/** A child's ready line. */
export interface ToolReady {
  ready: true;
  url: string;
  pid: number;
}

/** A question of a benchmark survey, as the load generator fills it in. */
export interface BenchQuestion {
  id: number;
  kind: string;
  options: string[];
  /** The number question every teacher answers with their own index (how lost and duplicated responses are found). */
  marker: boolean;
}

/** One survey and one reflection task, both placed as resource links of the course. */
export interface PlacedTasks {
  surveyId: number;
  questions: BenchQuestion[];
  surveyLink: LinkSpec;
  taskId: number;
  prompts: number;
  reflectionLink: LinkSpec;
}

/** What the CoachLoop child seeds: the measured tasks and separate ones for the warm-up. */
export interface CoachSetup {
  measured: PlacedTasks;
  warmup: PlacedTasks;
}

/** What CoachLoop's database holds for one survey and one reflection task (verify). */
export interface CoachCheck {
  responses: number;
  /** Teacher indexes found in the responses' marker answers. */
  surveyMarkers: number[];
  completions: number;
  completionPeople: number;
  drafts: number;
  /** The dashboard's answer counts for the survey (kept by triggers): one per response and compared question. */
  countedAnswers: number;
  comparedQuestions: number;
  reflections: number;
  submittedReflections: number;
  reflectionTeachers: number;
  /** Teacher indexes found in the submitted reflections' first answers. */
  reflectionMarkers: number[];
  /** reflection_events rows recording a submission. */
  submitEvents: number;
}
