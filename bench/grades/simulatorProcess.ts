/**
 * Child process of the grade delivery benchmark: the LMS simulator on 127.0.0.1 with one course,
 * a coach and N learners, CoachLoop registered with the grade scopes (bench/common/simulator.ts).
 * The parent sets the fault mix of each pass and reads back what the score service recorded
 * (every request and the gradebook), which is how lost and duplicated grades are counted.
 */
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import { AGS_SCOPES, cpuStats, startBenchSimulator } from '../common/simulator';
import type { FaultMix, SimRecords, SimulatorSettings } from './protocol';

/** A repeatable uniform random source (Park–Miller). */
function seeded(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

runChild(async () => {
  const s = childSettings<SimulatorSettings>();
  const { sim, platform, learners } = await startBenchSimulator({
    port: s.port,
    tools: [{ ...s.tool, name: 'CoachLoop', scopes: AGS_SCOPES }],
    course: { id: s.courseId, title: 'Grades benchmark course', label: 'GRADES' },
    coach: { sub: s.coachSub, name: 'Cora Coach', given_name: 'Cora', family_name: 'Coach' },
    learners: { count: s.learners, user: (i) => ({ sub: `bench-learner-${String(i + 1).padStart(4, '0')}`, name: `Learner ${i + 1}` }) },
  });
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
      stats: cpuStats,
    },
    stop: () => sim.stop(),
  });
  announceReady({ pid: process.pid, ...platform, learners: learners.map((l) => l.sub), coachLaunch });
});
