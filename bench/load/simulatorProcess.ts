/**
 * Child process of the load benchmark: the simulated LMS on 127.0.0.1 with CoachLoop and the bare
 * ltijs tool registered, one course, a coach and N teachers (enrolled as Learners). The parent asks
 * it to prepare launches through a resource link (what the LMS page hands the browser); the round
 * trips themselves are plain HTTP from the parent.
 */
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import { AGS_SCOPES, cpuStats, startBenchSimulator } from '../common/simulator';
import type { PrepareRequest, SimulatorSettings, ToolName } from './protocol';

runChild(async () => {
  const s = childSettings<SimulatorSettings>();
  const { sim, platform, learners } = await startBenchSimulator({
    port: s.port,
    tools: (Object.entries(s.tools) as Array<[ToolName, SimulatorSettings['tools'][ToolName]]>).map(([key, tool]) => ({ ...tool, name: `Load bench (${key})`, scopes: AGS_SCOPES })),
    course: { id: s.courseId, title: 'Load benchmark course', label: 'LOAD' },
    coach: { sub: s.coachSub, name: 'Cora Coach', given_name: 'Cora', family_name: 'Coach' },
    learners: {
      count: s.teachers,
      user: (i) => {
        const n = String(i).padStart(4, '0');
        return { sub: `bench-teacher-${n}`, name: `Teacher Bench${n}`, given_name: 'Teacher', family_name: `Bench${n}` };
      },
    },
  });

  serveParent({
    handlers: {
      prepare: (request) => {
        const { tool, subs, link } = request as unknown as PrepareRequest;
        const t = s.tools[tool];
        return subs.map((userSub) => sim.prepareLaunch({
          clientId: t.clientId, deploymentId: t.deploymentId, userSub, courseId: s.courseId, resourceLinkId: link.resourceLinkId, ...(link.custom ? { custom: link.custom } : {}),
        }));
      },
      stats: cpuStats,
    },
    stop: () => sim.stop(),
  });
  announceReady({ pid: process.pid, ...platform, teachers: learners.map((l) => l.sub) });
});
