/**
 * Child process of the dashboard benchmark: the LMS simulator on 127.0.0.1 with the district's
 * courses and its program admin (course Administrator in each, institution Administrator), so the
 * admin can launch into a course and from the LMS account. The district's people are in
 * CoachLoop's database (the generator wrote them); only the admin launches.
 */
import { LmsSimulator } from '../../src/simulator';
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import type { SimulatorSettings } from './protocol';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

runChild(async () => {
  const s = childSettings<SimulatorSettings>();
  const sim = new LmsSimulator({ host: '127.0.0.1', port: s.port, platformName: 'Bench LMS' });
  await sim.start();
  sim.registerTool({
    clientId: s.tool.clientId, deploymentIds: [s.tool.deploymentId], oidcLoginUrl: s.tool.loginUrl,
    redirectUris: [s.tool.launchUrl], targetLinkUri: s.tool.launchUrl, jwksUrl: s.tool.jwksUrl, scopes: [], name: 'CoachLoop',
  });
  sim.addUser({ sub: s.adminSub, name: 'Dana Whitfield', given_name: 'Dana', family_name: 'Whitfield', institutionRoles: [`${LIS}institution/person#Administrator`] });
  for (const c of s.courses) {
    sim.addCourse({ id: c.id, title: c.title, label: c.id });
    sim.enroll(c.id, s.adminSub, [`${LIS}membership#Administrator`]);
  }
  const launch = (courseId?: string) => sim.prepareLaunch({ clientId: s.tool.clientId, deploymentId: s.tool.deploymentId, userSub: s.adminSub, ...(courseId ? { courseId } : {}) });
  serveParent({ stop: () => sim.stop() });
  announceReady({
    pid: process.pid, issuer: sim.issuer, authorizationEndpoint: sim.authorizationEndpoint, tokenEndpoint: sim.tokenEndpoint, jwksUrl: sim.jwksUrl,
    courseLaunch: launch(s.courses[0].id), accountLaunch: launch(),
  });
});
