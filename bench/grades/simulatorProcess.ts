/**
 * Child process of the grade delivery benchmark: the LMS simulator on 127.0.0.1 with one course,
 * a coach and N learners, CoachLoop registered with the grade scopes. The parent sets the fault
 * mix of each pass and reads back what the score service recorded (every request and the
 * gradebook), which is how lost and duplicated grades are counted.
 */
import { LmsSimulator } from '../../src/simulator';
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import type { FaultMix, SimRecords, SimulatorSettings } from './protocol';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
const SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
];

/** A repeatable uniform random source (Park–Miller). */
function seeded(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

runChild(async () => {
  const s = childSettings<SimulatorSettings>();
  const sim = new LmsSimulator({ host: '127.0.0.1', port: s.port, platformName: 'Bench LMS' });
  await sim.start();
  sim.registerTool({
    clientId: s.tool.clientId, deploymentIds: [s.tool.deploymentId], oidcLoginUrl: s.tool.loginUrl,
    redirectUris: [s.tool.launchUrl], targetLinkUri: s.tool.launchUrl, jwksUrl: s.tool.jwksUrl, scopes: SCOPES, name: 'CoachLoop',
  });
  sim.addCourse({ id: s.courseId, title: 'Grades benchmark course', label: 'GRADES' });
  sim.addUser({ sub: s.coachSub, name: 'Cora Coach', given_name: 'Cora', family_name: 'Coach' });
  sim.enroll(s.courseId, s.coachSub, [`${LIS}membership#Instructor`]);
  const learners: string[] = [];
  for (let i = 1; i <= s.learners; i++) {
    const sub = `bench-learner-${String(i).padStart(4, '0')}`;
    sim.addUser({ sub, name: `Learner ${i}` });
    sim.enroll(s.courseId, sub, [`${LIS}membership#Learner`]);
    learners.push(sub);
  }
  const coachLaunch = sim.prepareLaunch({ clientId: s.tool.clientId, deploymentId: s.tool.deploymentId, userSub: s.coachSub, courseId: s.courseId, resourceLinkId: 'rl-grades-bench' });

  serveParent({
    handlers: {
      /** Arms the pass's fault mix on the score and line item routes (rate 0: none). */
      faults: (request) => {
        const mix = request.mix as FaultMix;
        sim.faults.clear();
        sim.faults.random = seeded(mix.seed);
        if (mix.rate <= 0) return { armed: 0 };
        // 429 and 503 ask for a second's pause, as Canvas and load balancers do.
        const shares = [
          { status: 429 as const, retryAfterSec: 1, share: 0.3 }, { status: 500 as const, share: 0.2 }, { status: 503 as const, retryAfterSec: 1, share: 0.2 },
          { delayMs: mix.hangMs, share: 0.15 }, { lostReply: true, share: 0.15 },
        ];
        // Chance faults are tried in order: fault i's chance is its share of what the earlier ones left.
        let left = 1;
        for (const { share, ...fault } of shares) {
          const chance = Math.min(1, (mix.rate * share) / left);
          sim.faults.add({ route: 'scores', ...fault, chance });
          left -= mix.rate * share;
        }
        sim.faults.add({ route: 'lineitems', status: 503, chance: mix.rate });
        return { armed: shares.length + 1 };
      },
      /** Every score request to the named line items, their gradebook cells, and the score requests seen since the fault mix was set. */
      records: (request): SimRecords => {
        const items = new Set(request.lineItems as string[]);
        const requests = sim.scoreRequests().filter((r) => items.has(r.lineItemId))
          .map((r) => ({ lineItemId: r.lineItemId, userId: r.userId, timestamp: r.timestamp, status: r.status, scoreGiven: r.scoreGiven }));
        const cells = new Map<string, SimRecords['gradebook'][number]>();
        for (const score of sim.scores()) {
          if (items.has(score.lineItemId)) cells.set(`${score.lineItemId}|${score.userId}`, { lineItemId: score.lineItemId, userId: score.userId, scoreGiven: score.scoreGiven, timestamp: score.timestamp });
        }
        return { requests, gradebook: [...cells.values()], seen: sim.faults.seen('scores') };
      },
      stats: () => {
        const cpu = process.cpuUsage();
        return { cpuMicros: cpu.user + cpu.system };
      },
    },
    stop: () => sim.stop(),
  });
  announceReady({
    pid: process.pid, issuer: sim.issuer, authorizationEndpoint: sim.authorizationEndpoint, tokenEndpoint: sim.tokenEndpoint, jwksUrl: sim.jwksUrl, learners, coachLaunch,
  });
});
