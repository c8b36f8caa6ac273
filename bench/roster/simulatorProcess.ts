/**
 * Child process of the roster benchmark: the LMS simulator on 127.0.0.1 serving one course of
 * N learners plus a coach through Names and Role Provisioning in pages of `pageSize`
 * (bench/common/simulator.ts). It runs in its own process so its CPU and memory are not counted
 * as CoachLoop's.
 */
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import { SCOPES, startBenchSimulator } from '../common/simulator';
import type { SimulatorSettings } from './protocol';

runChild(async () => {
  const s = childSettings<SimulatorSettings>();
  const width = String(s.members).length;
  const { sim, platform } = await startBenchSimulator({
    port: s.port,
    nrpsPageSize: s.pageSize,
    tools: [{ ...s.tool, name: 'CoachLoop', scopes: [SCOPES.lineItem, SCOPES.score, SCOPES.nrps] }],
    course: { id: s.courseId, title: 'Roster benchmark course', label: 'ROSTER' },
    coach: { sub: s.coachSub, name: 'Cora Coach', given_name: 'Cora', family_name: 'Coach', email: 'cora@example.org' },
    learners: {
      count: s.members,
      user: (i) => {
        const n = String(i + 1).padStart(width, '0');
        return { sub: `bench-teacher-${n}`, name: `Teacher Bench${n}`, given_name: 'Teacher', family_name: `Bench${n}`, email: `teacher-${n}@example.org` };
      },
    },
  });
  const coachLaunch = sim.prepareLaunch({ clientId: s.tool.clientId, deploymentId: s.tool.deploymentId, userSub: s.coachSub, courseId: s.courseId, resourceLinkId: 'rl-roster-bench' });

  serveParent({ stop: () => sim.stop() });
  announceReady({ pid: process.pid, ...platform, coachLaunch });
});
