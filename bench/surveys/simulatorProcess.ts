/**
 * Child process of the survey benchmark: the LMS simulator on 127.0.0.1 with one course, a coach
 * and N learners, CoachLoop registered with the grade scopes (bench/common/simulator.ts). The
 * parent asks it to prepare launches (what the LMS page would hand the browser) through the
 * survey's placed link.
 */
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import { AGS_SCOPES, cpuStats, startBenchSimulator } from '../common/simulator';
import type { SimulatorSettings } from './protocol';

runChild(async () => {
  const s = childSettings<SimulatorSettings>();
  const { sim, platform, learners } = await startBenchSimulator({
    port: s.port,
    tools: [{ ...s.tool, name: 'CoachLoop', scopes: AGS_SCOPES }],
    course: { id: s.courseId, title: 'Survey benchmark course', label: 'SURVEYS' },
    coach: { sub: s.coachSub, name: 'Cora Coach', given_name: 'Cora', family_name: 'Coach' },
    learners: { count: s.respondents, user: (i) => ({ sub: `bench-respondent-${String(i + 1).padStart(4, '0')}`, name: `Respondent ${i + 1}` }) },
  });

  serveParent({
    handlers: {
      prepare: (request) => (request.subs as string[]).map((userSub) => sim.prepareLaunch({
        clientId: s.tool.clientId, deploymentId: s.tool.deploymentId, userSub, courseId: s.courseId, resourceLinkId: s.resourceLinkId,
      })),
      stats: cpuStats,
    },
    stop: () => sim.stop(),
  });
  announceReady({ pid: process.pid, ...platform, learners: learners.map((l) => l.sub) });
});
