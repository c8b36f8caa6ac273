/**
 * Child process of the launch benchmark: CoachLoop as the server runs it (configuration,
 * database, migrations, createApp) on 127.0.0.1, its own fresh database, with the simulated LMS
 * registered as a platform and the benchmark deployment as a tenant — the wiring of
 * test/helpers/harness.ts.
 */
import { startBenchCoachLoop } from '../common/coachloopServer';
import { announceReady, childSettings, runChild, serveParent } from '../common/child';
import { childStats, SqlCounter, type ToolSettings } from './protocol';

runChild(async () => {
  const settings = childSettings<ToolSettings>();
  const sql = new SqlCounter();
  const { publicUrl, stop } = await startBenchCoachLoop(settings, (sequelize) => {
    if (settings.countSql) sql.attach(sequelize);
  });

  serveParent({ stop, handlers: { stats: () => childStats(sql) } });
  announceReady({ url: publicUrl, pid: process.pid });
});
