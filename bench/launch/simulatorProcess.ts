/**
 * Child process of the launch benchmark: the LMS simulator on 127.0.0.1 with both tools
 * registered, one course and N learners enrolled. The parent asks it over IPC to prepare launches
 * (what the LMS page would hand the browser); the round trips themselves are plain HTTP.
 */
import { LmsSimulator } from '../../src/simulator';
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import { childStats, type SimulatorSettings, type ToolName } from './protocol';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
/** The scopes a typical course placement grants: launches carry the NRPS and AGS claims. */
const SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
];

/** A learner's display name: unique, and unchanged by HTML escaping. */
function learnerName(i: number): { sub: string; given: string; family: string; name: string } {
  const n = String(i + 1).padStart(4, '0');
  return { sub: `bench-learner-${n}`, given: 'Learner', family: `Bench${n}`, name: `Learner Bench${n}` };
}

runChild(async () => {
  const settings = childSettings<SimulatorSettings>();
  const sim = new LmsSimulator({ host: '127.0.0.1', port: settings.port, platformName: 'Bench LMS' });
  await sim.start();
  for (const [key, tool] of Object.entries(settings.tools)) {
    sim.registerTool({
      clientId: tool.clientId, deploymentIds: [tool.deploymentId], oidcLoginUrl: tool.loginUrl,
      redirectUris: [tool.launchUrl], targetLinkUri: tool.launchUrl, jwksUrl: tool.jwksUrl, scopes: SCOPES, name: `${tool.name} (${key})`,
    });
  }
  sim.addCourse({ id: settings.courseId, title: 'Launch benchmark course', label: 'BENCH' });
  const users: Array<{ sub: string; name: string }> = [];
  for (let i = 0; i < settings.users; i += 1) {
    const l = learnerName(i);
    sim.addUser({ sub: l.sub, name: l.name, given_name: l.given, family_name: l.family, email: `${l.sub}@example.org` });
    sim.enroll(settings.courseId, l.sub, [`${LIS}membership#Learner`]);
    users.push({ sub: l.sub, name: l.name });
  }

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

  announceReady({
    issuer: sim.issuer, authorizationEndpoint: sim.authorizationEndpoint, tokenEndpoint: sim.tokenEndpoint, jwksUrl: sim.jwksUrl, users,
  });
});
