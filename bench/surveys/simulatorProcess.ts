/**
 * Child process of the survey benchmark: the LMS simulator on 127.0.0.1 with one course, a coach
 * and N learners, CoachLoop registered with the grade scopes. The parent asks it to prepare
 * launches (what the LMS page would hand the browser) through the survey's placed link.
 */
import { LmsSimulator } from '../../src/simulator';
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import type { SimulatorSettings } from './protocol';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
const SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
];

runChild(async () => {
  const s = childSettings<SimulatorSettings>();
  const sim = new LmsSimulator({ host: '127.0.0.1', port: s.port, platformName: 'Bench LMS' });
  await sim.start();
  sim.registerTool({
    clientId: s.tool.clientId, deploymentIds: [s.tool.deploymentId], oidcLoginUrl: s.tool.loginUrl,
    redirectUris: [s.tool.launchUrl], targetLinkUri: s.tool.launchUrl, jwksUrl: s.tool.jwksUrl, scopes: SCOPES, name: 'CoachLoop',
  });
  sim.addCourse({ id: s.courseId, title: 'Survey benchmark course', label: 'SURVEYS' });
  sim.addUser({ sub: s.coachSub, name: 'Cora Coach', given_name: 'Cora', family_name: 'Coach' });
  sim.enroll(s.courseId, s.coachSub, [`${LIS}membership#Instructor`]);
  const learners: string[] = [];
  for (let i = 1; i <= s.respondents; i++) {
    const sub = `bench-respondent-${String(i).padStart(4, '0')}`;
    sim.addUser({ sub, name: `Respondent ${i}` });
    sim.enroll(s.courseId, sub, [`${LIS}membership#Learner`]);
    learners.push(sub);
  }

  serveParent({
    handlers: {
      prepare: (request) => (request.subs as string[]).map((userSub) => sim.prepareLaunch({
        clientId: s.tool.clientId, deploymentId: s.tool.deploymentId, userSub, courseId: s.courseId, resourceLinkId: s.resourceLinkId,
      })),
      stats: () => {
        const cpu = process.cpuUsage();
        return { cpuMicros: cpu.user + cpu.system };
      },
    },
    stop: () => sim.stop(),
  });
  announceReady({ pid: process.pid, issuer: sim.issuer, authorizationEndpoint: sim.authorizationEndpoint, tokenEndpoint: sim.tokenEndpoint, jwksUrl: sim.jwksUrl, learners });
});
