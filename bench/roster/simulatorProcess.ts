/**
 * Child process of the roster benchmark: the LMS simulator on 127.0.0.1 serving one course of
 * N learners plus a coach through Names and Role Provisioning in pages of `pageSize`. It runs in
 * its own process so its CPU and memory are not counted as CoachLoop's.
 */
import { LmsSimulator } from '../../src/simulator';
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import type { SimulatorSettings } from './protocol';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
const SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
];

runChild(async () => {
  const s = childSettings<SimulatorSettings>();
  const sim = new LmsSimulator({ host: '127.0.0.1', port: s.port, platformName: 'Bench LMS', nrpsPageSize: s.pageSize });
  await sim.start();
  sim.registerTool({
    clientId: s.tool.clientId, deploymentIds: [s.tool.deploymentId], oidcLoginUrl: s.tool.loginUrl,
    redirectUris: [s.tool.launchUrl], targetLinkUri: s.tool.launchUrl, jwksUrl: s.tool.jwksUrl, scopes: SCOPES, name: 'CoachLoop',
  });
  sim.addCourse({ id: s.courseId, title: 'Roster benchmark course', label: 'ROSTER' });
  sim.addUser({ sub: s.coachSub, name: 'Cora Coach', given_name: 'Cora', family_name: 'Coach', email: 'cora@example.org' });
  sim.enroll(s.courseId, s.coachSub, [`${LIS}membership#Instructor`]);
  const width = String(s.members).length;
  for (let i = 1; i <= s.members; i += 1) {
    const n = String(i).padStart(width, '0');
    sim.addUser({ sub: `bench-teacher-${n}`, name: `Teacher Bench${n}`, given_name: 'Teacher', family_name: `Bench${n}`, email: `teacher-${n}@example.org` });
    sim.enroll(s.courseId, `bench-teacher-${n}`, [`${LIS}membership#Learner`]);
  }
  const coachLaunch = sim.prepareLaunch({ clientId: s.tool.clientId, deploymentId: s.tool.deploymentId, userSub: s.coachSub, courseId: s.courseId, resourceLinkId: 'rl-roster-bench' });

  serveParent({ stop: () => sim.stop() });
  announceReady({
    pid: process.pid, issuer: sim.issuer, authorizationEndpoint: sim.authorizationEndpoint, tokenEndpoint: sim.tokenEndpoint, jwksUrl: sim.jwksUrl, coachLaunch,
  });
});
