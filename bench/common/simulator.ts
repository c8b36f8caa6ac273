/**
 * The simulated LMS inside a benchmark child process, set up the way every benchmark needs it:
 * started on 127.0.0.1, the tools under test registered, one course with (optionally) a coach
 * enrolled as Instructor and N people enrolled as Learners (CoachLoop's teachers). Each
 * benchmark's simulatorProcess.ts adds only what is its own (fault mixes, prepared launches, …).
 * (bench/dashboard's LMS is a district of courses with an admin, set up by its own child.)
 */
import { LmsSimulator, type UserRecord } from '../../src/simulator';
import type { BenchCoachLoopSettings } from './coachloopServer';

export const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

/** Scopes the simulated LMS grants, by what a benchmark needs. */
export const SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

/** Every AGS scope (a course placement with grades). */
export const AGS_SCOPES = [SCOPES.lineItem, SCOPES.lineItemReadonly, SCOPES.resultReadonly, SCOPES.score];

/** A tool as the simulated LMS registers it. */
export type BenchTool = BenchCoachLoopSettings['tool'] & { name: string; scopes: string[] };

/** What the simulated LMS holds for a benchmark. */
export interface BenchSimulatorSpec {
  port: number;
  /** NRPS page size (the simulator's default otherwise). */
  nrpsPageSize?: number;
  tools: BenchTool[];
  course: { id: string; title: string; label: string };
  /** Enrolled as Instructor (CoachLoop's coach), when given. */
  coach?: UserRecord;
  /** How many people to enrol as Learners, and who the i-th one (0-based) is. */
  learners: { count: number; user: (i: number) => UserRecord };
}

/** The platform's endpoints, as CoachLoop registers the simulated LMS (part of each ready line). */
export interface BenchPlatform {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
}

/** A started benchmark simulator. */
export interface BenchSimulator {
  sim: LmsSimulator;
  platform: BenchPlatform;
  /** The learners, in order. */
  learners: UserRecord[];
}

/** Starts the simulated LMS with the tools, the course, the coach and the learners of `spec`. */
export async function startBenchSimulator(spec: BenchSimulatorSpec): Promise<BenchSimulator> {
  const sim = new LmsSimulator({ host: '127.0.0.1', port: spec.port, platformName: 'Bench LMS', ...(spec.nrpsPageSize ? { nrpsPageSize: spec.nrpsPageSize } : {}) });
  await sim.start();
  for (const tool of spec.tools) {
    sim.registerTool({
      clientId: tool.clientId, deploymentIds: [tool.deploymentId], oidcLoginUrl: tool.loginUrl,
      redirectUris: [tool.launchUrl], targetLinkUri: tool.launchUrl, jwksUrl: tool.jwksUrl, scopes: tool.scopes, name: tool.name,
    });
  }
  sim.addCourse(spec.course);
  if (spec.coach) {
    sim.addUser(spec.coach);
    sim.enroll(spec.course.id, spec.coach.sub, [`${LIS}membership#Instructor`]);
  }
  const learners: UserRecord[] = [];
  for (let i = 0; i < spec.learners.count; i += 1) {
    const user = spec.learners.user(i);
    sim.addUser(user);
    sim.enroll(spec.course.id, user.sub, [`${LIS}membership#Learner`]);
    learners.push(user);
  }
  return {
    sim,
    platform: { issuer: sim.issuer, authorizationEndpoint: sim.authorizationEndpoint, tokenEndpoint: sim.tokenEndpoint, jwksUrl: sim.jwksUrl },
    learners,
  };
}

/** The `stats` answer of a child that reports only its CPU time. */
export function cpuStats(): { cpuMicros: number } {
  const cpu = process.cpuUsage();
  return { cpuMicros: cpu.user + cpu.system };
}
