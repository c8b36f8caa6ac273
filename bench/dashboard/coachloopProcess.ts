/**
 * Child process of the dashboard benchmark: CoachLoop as the server runs it (bench/common/
 * coachloopServer.ts: its own fresh database, migrations, createApp, the simulated LMS registered
 * as a platform and the deployment as a tenant). It answers:
 *   seed     the district generator fills the tenant (before anyone launches)
 *   explain  the dashboard's queries for a scope, timed, and the plan of the slowest
 *   cpu      the process's CPU time so far
 */
import { QueryTypes } from 'sequelize';
import { districtDefaults, seedDistrict } from '../../src/cli/seedDistrict';
import { dialectOf } from '../../src/db/database';
import { dashboardFigures } from '../../src/features/dashboard/figures';
import { periodOf } from '../../src/features/dashboard/scope';
import { announceReady, childSettings, progress, runChild, serveParent } from '../common/child';
import { startBenchCoachLoop, type BenchCoachLoopSettings } from '../common/coachloopServer';
import type { ExplainResult, SeedRequest, SeedResult } from './protocol';

runChild(async () => {
  const settings = childSettings<BenchCoachLoopSettings>();
  const { sequelize, publicUrl, stop } = await startBenchCoachLoop(settings);
  const [tenant] = await sequelize.query<{ id: number }>('SELECT id FROM tenants WHERE client_id = ? AND deployment_id = ?', {
    replacements: [settings.tool.clientId, settings.tool.deploymentId], type: QueryTypes.SELECT,
  });

  serveParent({
    handlers: {
      seed: async (request): Promise<SeedResult> => {
        const r = request as unknown as SeedRequest;
        const opts = districtDefaults(r.teachers, { sessions: r.sessions, checkins: r.checkins, responses: r.responses, seed: r.seed, tenantId: Number(tenant.id), log: progress });
        const report = await seedDistrict(sequelize, opts);
        return { seconds: report.seconds, rowsPerSecond: report.rowsPerSecond, rows: report.rows, spaces: report.spaces };
      },
      explain: async (request): Promise<ExplainResult> => {
        const spaceIds = request.spaceIds as number[];
        const scope = {
          tenantId: Number(tenant.id), spaceIds, choices: [], selected: 'all' as const, accountLevel: true,
          period: periodOf(request.from as string | undefined, request.to as string | undefined), minGroupSize: 5,
        };
        await dashboardFigures(sequelize, scope);
        // Each query of one page, timed one after the other (no contention between them), with its SQL as sent.
        const queries: Array<{ ms: number; sql: string }> = [];
        let serial = Promise.resolve();
        const original = sequelize.query.bind(sequelize);
        const timed = (sql: string, opts?: object) => {
          const run = serial.then(async () => {
            let sent = sql;
            const t0 = performance.now();
            const out = await original(sql, { ...opts, logging: (text: string) => { sent = text.replace(/^Execut(?:ed|ing) \([^)]*\): /, ''); } } as never);
            queries.push({ ms: performance.now() - t0, sql: sent });
            return out;
          });
          serial = run.then(() => undefined, () => undefined);
          return run;
        };
        (sequelize as unknown as { query: unknown }).query = timed;
        try {
          await dashboardFigures(sequelize, scope);
        } finally {
          (sequelize as unknown as { query: unknown }).query = original;
        }
        queries.sort((a, b) => b.ms - a.ms);
        const heaviest = queries[0].sql;
        const sqlite = dialectOf(sequelize) === 'sqlite';
        const plan = await sequelize.query<Record<string, unknown>>(`${sqlite ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN'} ${heaviest}`, { type: QueryTypes.SELECT });
        const columns = plan.length ? Object.keys(plan[0]) : [];
        return {
          queries: queries.map((q) => ({ ms: Math.round(q.ms * 10) / 10, sql: q.sql.replace(/\s+/g, ' ').slice(0, 200) })),
          heaviest: heaviest.replace(/\s+/g, ' '),
          plan: [columns.join(' | '), ...plan.map((row) => columns.map((c) => String(row[c] ?? '')).join(' | '))],
        };
      },
      cpu: () => {
        const used = process.cpuUsage();
        return { ms: (used.user + used.system) / 1000 };
      },
    },
    stop,
  });
  announceReady({ url: publicUrl, pid: process.pid });
});
