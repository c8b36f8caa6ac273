/**
 * Child process of the launch benchmark: the LMS simulator on 127.0.0.1 with both tools
 * registered, one course and N learners enrolled (bench/common/simulator.ts). The parent asks it
 * over IPC to prepare launches (what the LMS page would hand the browser); the round trips
 * themselves are plain HTTP.
 */
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import { AGS_SCOPES, SCOPES, startBenchSimulator } from '../common/simulator';
import { childStats, type SimulatorSettings, type ToolName } from './protocol';

/** The scopes a typical course placement grants: launches carry the NRPS and AGS claims. */
const PLACEMENT_SCOPES = [...AGS_SCOPES, SCOPES.nrps];

runChild(async () => {
  const settings = childSettings<SimulatorSettings>();
  const { sim, platform, learners } = await startBenchSimulator({
    port: settings.port,
    tools: Object.entries(settings.tools).map(([key, tool]) => ({ ...tool, name: `${tool.name} (${key})`, scopes: PLACEMENT_SCOPES })),
    course: { id: settings.courseId, title: 'Launch benchmark course', label: 'BENCH' },
    learners: {
      count: settings.users,
      // A learner's display name: unique, and unchanged by HTML escaping.
      user: (i) => {
        const n = String(i + 1).padStart(4, '0');
        return { sub: `bench-learner-${n}`, name: `Learner Bench${n}`, given_name: 'Learner', family_name: `Bench${n}`, email: `bench-learner-${n}@example.org` };
      },
    },
  });

  serveParent({
    handlers: {
      prepare: (request) => {
        const tool = request.tool as ToolName;
        const t = settings.tools[tool];
        return (request.subs as string[]).map((userSub) => sim.prepareLaunch({
          clientId: t.clientId, deploymentId: t.deploymentId, userSub, courseId: settings.courseId, resourceLinkId: `rl-${tool}`,
        }));
      },
      stats: () => childStats(),
    },
    stop: () => sim.stop(),
  });

  announceReady({ ...platform, users: learners.map((l) => ({ sub: l.sub, name: l.name! })) });
});
