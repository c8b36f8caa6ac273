/**
 * The district generator: the numbers of rows asked for, the same district from the same seed, and
 * rollups that are exact after the bulk load (the triggers recreated by the migrations' own code
 * rebuild them: rebuilding again changes nothing) — on a scratch database of its own.
 */
import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { districtDefaults, seedDistrict } from '../../../src/cli/seedDistrict';
import { createMigrator } from '../../../src/db/migrate';
import { rebuildSessionRollups } from '../../../migrations/20261122190500-add-dashboard-session-rollup-triggers';
import { rebuildCycleTotals } from '../../../migrations/20261122190520-add-dashboard-cycle-total-triggers';
import { rebuildTeacherKinds } from '../../../migrations/20261122190540-add-dashboard-teacher-kind-triggers';
import { rebuildMonthTeachers } from '../../../migrations/20261122190580-add-dashboard-month-teacher-triggers';
import { rebuildStageSpans } from '../../../migrations/20261122190600-add-dashboard-stage-span-triggers';
import { rebuildSurveyAnswers } from '../../../migrations/20261122190900-add-dashboard-survey-answer-triggers';
import { dropAllTables, scratchDatabase } from '../../helpers/database';

const ROLLUPS: Record<string, string> = {
  dashboard_coach_months: 'space_id, month, coach_person_id, kind, sessions, minutes, attendances',
  dashboard_teacher_months: 'space_id, month, coach_person_id, teacher_person_id, sessions, minutes',
  dashboard_teacher_kinds: 'space_id, month, kind, teacher_person_id, sessions',
  dashboard_month_teachers: 'space_id, month, dim, dim_value, teachers',
  dashboard_cycle_totals: 'cycle_id, sessions, minutes',
  dashboard_stage_spans: 'cycle_id, stage_index, seconds',
  dashboard_survey_answers: 'survey_id, question_id, role_group, coaching_group, period, value, responses',
};

describe('district generator', function () {
  this.timeout(120_000);
  let db: { sequelize: Sequelize; drop(): Promise<void> };

  before(async () => {
    db = await scratchDatabase('dashboard_generator');
    await dropAllTables(db.sequelize);
    await createMigrator(db.sequelize).up();
  });
  after(() => db?.drop());

  const q = <T extends object>(sql: string) => db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  const snapshot = async () => {
    const out: Record<string, string> = {};
    for (const [table, columns] of Object.entries(ROLLUPS)) {
      out[table] = (await q<Record<string, unknown>>(`SELECT ${columns} FROM ${table} ORDER BY ${columns}`)).map((r) => Object.values(r).map(String).join('|')).join('\n');
    }
    return out;
  };

  it('writes the rows asked for, deterministically, with exact rollups', async () => {
    const opts = districtDefaults(80, { sessions: 3000, checkins: 600, responses: 400, schools: 2, seed: 42, prefix: 'gen-a' });
    const report = await seedDistrict(db.sequelize, opts);
    expect(report.rows.coaching_sessions).to.equal(3000);
    expect(report.rows.goal_checkins).to.equal(600);
    expect(report.rows.survey_responses).to.equal(400);
    expect(report.rows.survey_completions).to.equal(400);
    expect(report.rows.spaces).to.equal(2);
    expect(report.rowsPerSecond).to.be.greaterThan(0);
    const [sessions] = await q<{ n: number; m: number }>(`SELECT COUNT(*) AS n, SUM(minutes) AS m FROM coaching_sessions s JOIN spaces p ON p.id = s.space_id WHERE p.tenant_id = ${report.tenantId}`);
    const [rolled] = await q<{ n: number; m: number }>(`SELECT SUM(sessions) AS n, SUM(minutes) AS m FROM dashboard_coach_months r JOIN spaces p ON p.id = r.space_id WHERE p.tenant_id = ${report.tenantId}`);
    expect([Number(rolled.n), Number(rolled.m)]).to.deep.equal([Number(sessions.n), Number(sessions.m)]);

    const kept = await snapshot();
    for (const rebuild of [rebuildSessionRollups, rebuildTeacherKinds, rebuildMonthTeachers, rebuildCycleTotals, rebuildStageSpans, rebuildSurveyAnswers]) await rebuild(db.sequelize);
    const rebuilt = await snapshot();
    for (const table of Object.keys(ROLLUPS)) expect(kept[table], table).to.equal(rebuilt[table]);

    // The same seed again (another tenant and prefix): the same district, figure for figure.
    const again = await seedDistrict(db.sequelize, { ...opts, prefix: 'gen-b' });
    expect(again.rows).to.deep.equal(report.rows);
    const fingerprint = async (tenantId: number) => q<{ kind: string; n: number; m: number }>(
      `SELECT s.kind, COUNT(*) AS n, SUM(s.minutes) AS m FROM coaching_sessions s JOIN spaces p ON p.id = s.space_id WHERE p.tenant_id = ${tenantId} GROUP BY s.kind ORDER BY s.kind`);
    expect((await fingerprint(again.tenantId)).map((r) => [r.kind, Number(r.n), Number(r.m)])).to.deep.equal((await fingerprint(report.tenantId)).map((r) => [r.kind, Number(r.n), Number(r.m)]));
  });
});
