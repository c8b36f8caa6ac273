/**
 * Every dashboard figure against the hand-worked district of fixture.ts (minimum group size 3):
 * inputs, outputs and outcomes, suppression below the minimum and at exactly the minimum, the
 * rows hidden so a shown total cannot give a hidden row back, month filters, and the rollups the
 * figures read agreeing with the session log they are kept from.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { dashboardFigures, type DashboardFigures } from '../../../src/features/dashboard/figures';
import { resolveScope } from '../../../src/features/dashboard/scope';
import { coachingCourse, type CoachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { buildDistrict, type District } from './fixture';

describe('dashboard figures (hand-computed district)', function () {
  this.timeout(120_000);
  let h: Harness;
  let c: CoachingCourse;
  let d: District;
  let all: DashboardFigures;

  const figures = async (filters: { from?: string; to?: string } = {}) =>
    dashboardFigures(c.sequelize, await resolveScope(c.sequelize, c.actor('admin'), filters));
  const row = <V>(b: { rows: Array<{ key: string; label: string; hidden: boolean; n?: number; values?: V }> }, key: string) => b.rows.find((r) => r.key === key);

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'dashboard-figures');
    d = await buildDistrict(c);
    all = await figures();
  });
  after(() => h.stop());

  it('inputs: 6.5 hours in 8 sessions with 5 teachers', () => {
    expect(all.min).to.equal(3);
    expect(all.activity).to.deep.equal({ shown: true, n: 5, value: { hours: 6.5, sessions: 8 } });
  });

  it('hours by kind: planning (3 teachers) and group PD (3) at exactly the minimum are shown; the four kinds of one teacher each are hidden and shown only together', () => {
    expect(row(all.byKind, 'planning')).to.deep.include({ hidden: false, n: 3, values: { hours: 2.75, sessions: 3 } });
    expect(row(all.byKind, 'group_pd')).to.deep.include({ hidden: false, n: 3, values: { hours: 1.5, sessions: 1 } });
    for (const k of ['observation', 'debrief', 'check_in', 'modeling']) expect(row(all.byKind, k), k).to.deep.equal({ key: k, label: row(all.byKind, k)!.label, hidden: true });
    expect(row(all.byKind, 'co_teaching')).to.equal(undefined);
    // observation T1, debrief T3, check-in T4, modeling T5: 4 teachers, 135 minutes.
    expect(all.byKind.together).to.deep.include({ n: 4, values: { hours: 2.25, sessions: 4 } });
  });

  it('coach time: classroom (2 teachers) hidden, so the smaller other part (group PD, fewer hours) is hidden with it', () => {
    // n is a lower bound here (the most teachers in one month: 3 in September), enough to show it.
    expect(row(all.contact, 'meeting')).to.deep.include({ hidden: false, n: 3, values: { hours: 3.5, sessions: 5 } });
    expect(row(all.contact, 'classroom')!.hidden).to.equal(true);
    expect(row(all.contact, 'group')!.hidden).to.equal(true);
    // classroom (T1, T5) + group (T1, T2, T3): 90 + 90 minutes; n is the lower bound 3 (group PD's October), enough.
    expect(all.contact.together).to.deep.include({ n: 3, values: { hours: 3, sessions: 3 } });
  });

  it('hours by month: September 3 teachers, October 5', () => {
    expect(row(all.byMonth, '2026-09')).to.deep.include({ hidden: false, n: 3, values: { hours: 3.25, sessions: 4 } });
    expect(row(all.byMonth, '2026-10')).to.deep.include({ hidden: false, n: 5, values: { hours: 3.25, sessions: 4 } });
    expect(all.byMonth.together).to.equal(undefined);
  });

  it('hours by coach: coach B (1 teacher) hidden — and coach A too, or the total would give B away', () => {
    expect(row(all.byCoach, String(d.coachB))!.hidden).to.equal(true);
    expect(row(all.byCoach, String(d.coachA))!.hidden).to.equal(true);
    // n: at least the 4 teachers coach A met in October.
    expect(all.byCoach.together).to.deep.include({ n: 4, values: { hours: 6.5, sessions: 8 } });
  });

  it('reach: 6 of 9 rostered teachers have a cycle (67%); of 7 opted in, 6 — hidden, since the 1 without would show', () => {
    expect(all.reach.rostered).to.equal(9);
    expect(all.reach.optedIn).to.equal(7);
    expect(all.reach.withCycle).to.deep.equal({ shown: true, n: 6, value: 6 });
    expect(all.reach.ofRostered.shown).to.equal(true);
    expect(all.reach.ofRostered.value).to.be.closeTo(6 / 9, 1e-9);
    expect(all.reach.ofOptedIn).to.deep.equal({ shown: false, n: 6 });
  });

  it('cycles: 6 under way, 3 completed and 3 active, none stopped: completion rate 100%', () => {
    // n: at least the 3 teachers of the largest status (proof enough; counted only when it falls short).
    expect(all.cycles.underWay).to.deep.equal({ shown: true, n: 3, value: 6 });
    expect(row(all.cycles.byStatus, 'completed')).to.deep.include({ hidden: false, n: 3, values: { cycles: 3 } });
    expect(row(all.cycles.byStatus, 'active')).to.deep.include({ hidden: false, n: 3, values: { cycles: 3 } });
    expect(all.cycles.completed).to.deep.equal({ shown: true, n: 3, value: 3 });
    expect(all.cycles.stopped).to.deep.equal({ shown: true, n: 0, value: 0 });
    expect(all.cycles.completionRate).to.deep.equal({ shown: true, n: 3, value: 1 });
  });

  it('time in each stage: Identify 12 days (14 × 3, 10 × 3), Learn 16, Improve 19', () => {
    expect(all.stages).to.have.length(1);
    const [impact] = all.stages;
    expect(impact.modelName).to.equal('Impact Cycle');
    expect(impact.rows.map((r) => [r.label, r.hidden, r.stays, r.n])).to.deep.equal([['Identify', false, 6, 6], ['Learn', false, 3, 3], ['Improve', false, 3, 3]]);
    expect(impact.rows[0].averageDays).to.be.closeTo(12, 1e-9);
    expect(impact.rows[1].averageDays).to.be.closeTo(16, 1e-9);
    expect(impact.rows[2].averageDays).to.be.closeTo(19, 1e-9);
  });

  it('goals: 8 due; met 4 (3 teachers) shown; partly met, not met, in progress hidden and shown only together (4 goals, 4 teachers)', () => {
    expect(all.goals.total).to.deep.equal({ shown: true, n: 5, value: 8 });
    expect(row(all.goals.byStatus, 'met')).to.deep.include({ hidden: false, n: 3, values: { goals: 4 } });
    for (const k of ['partly_met', 'not_met', 'in_progress']) expect(row(all.goals.byStatus, k)!.hidden, k).to.equal(true);
    expect(all.goals.byStatus.together).to.deep.include({ n: 4, values: { goals: 4 } });
  });

  it('hours against goal attainment: r = 0.82 over 5 teachers (hours logged on their cycles), one band (fewer than 2 × 3 teachers), explained in words', () => {
    const hv = all.hoursVsGoals;
    expect(hv.n).to.equal(5);
    // x = hours on the cycles (1.5, 1, 0.5, 0.25, 1.75; group PD not counted), y = attainment (1, .75, 0, .5, 1): r = 0.875 / √(1.625 × 0.7).
    expect(hv.r).to.be.closeTo(0.875 / Math.sqrt(1.625 * 0.7), 1e-9);
    expect(hv.bands).to.have.length(1);
    expect(hv.bands[0]).to.deep.include({ fromHours: 0.25, toHours: 1.75, n: 5 });
    expect(hv.bands[0].meanAttainment).to.be.closeTo(0.65, 1e-9);
    expect(hv.explanation).to.contain('r = 0.82 across 5 teachers').and.contain('a strong positive relationship')
      .and.contain('tended to meet more of their goals').and.contain('not that the hours caused it');
  });

  it('survey outcomes: agree shares BOY coached 67%, not coached 100%; EOY split withheld (1 not-coached answer)', () => {
    const engaged = all.surveys.rows.filter((r) => r.measure === 'teacher.impact_engagement');
    const boy = engaged.filter((r) => r.survey === 'Beginning of year');
    expect(boy.map((r) => [r.respondents, r.n, r.shown])).to.deep.equal([['coached teachers', 3, true], ['teachers not coached', 3, true]]);
    expect(boy[0].share).to.be.closeTo(2 / 3, 1e-9);
    expect(boy[1].share).to.equal(1);
    const eoy = engaged.filter((r) => r.survey === 'End of year');
    expect(eoy.map((r) => [r.respondents, r.shown, r.share])).to.deep.equal([['coached teachers', false, undefined], ['teachers not coached', false, undefined]]);
  });

  it('months filter: October only — 4 sessions, 3.25 hours, 5 teachers; goals due 10-15 still in; September stage stays out', async () => {
    const oct = await figures({ from: '2026-10', to: '2026-10' });
    expect(oct.activity).to.deep.equal({ shown: true, n: 5, value: { hours: 3.25, sessions: 4 } });
    expect(oct.byMonth.rows.map((r) => r.key)).to.deep.equal(['2026-10']);
    expect(oct.goals.total.value).to.equal(8);
    // Stays that ended in October: Learn (T1–T3, left 10-01) and Improve (left 10-20); Identify stays ended in September.
    expect(oct.stages[0].rows.map((r) => r.label)).to.deep.equal(['Learn', 'Improve']);
    const sep = await figures({ from: '2026-09', to: '2026-09' });
    expect(sep.activity).to.deep.equal({ shown: true, n: 3, value: { hours: 3.25, sessions: 4 } });
    expect(sep.goals.total).to.deep.equal({ shown: false, n: 0 });
    const none = await figures({ from: '2025-01', to: '2025-12' });
    expect(none.activity).to.deep.equal({ shown: false, n: 0 });
    expect(none.cycles.underWay.shown).to.equal(false);
  });

  it('a larger minimum (4) hides planning and group PD too, and a minimum above the whole group hides every session figure', async () => {
    await c.sequelize.query('UPDATE program_settings SET min_group_size = 4 WHERE tenant_id = ?', { replacements: [c.tenantId] });
    try {
      const four = await figures();
      expect(row(four.byKind, 'planning')!.hidden).to.equal(true);
      expect(row(four.byKind, 'group_pd')!.hidden).to.equal(true);
      expect(four.activity.shown).to.equal(true);
      await c.sequelize.query('UPDATE program_settings SET min_group_size = 6 WHERE tenant_id = ?', { replacements: [c.tenantId] });
      const six = await figures();
      expect(six.activity).to.deep.equal({ shown: false, n: 5 });
      expect(six.byKind.rows.every((r) => r.hidden)).to.equal(true);
      expect(six.byKind.together).to.equal(undefined);
      expect(six.hoursVsGoals.shown).to.equal(false);
      expect(six.hoursVsGoals.r).to.equal(undefined);
    } finally {
      await c.sequelize.query('UPDATE program_settings SET min_group_size = 3 WHERE tenant_id = ?', { replacements: [c.tenantId] });
    }
  });

  it('the rollups agree with the session log they are kept from', async () => {
    const q = <T extends object>(sql: string) => c.sequelize.query<T>(sql, { replacements: [c.spaceId], type: QueryTypes.SELECT });
    const log = await q<{ n: number; m: number }>('SELECT COUNT(*) AS n, SUM(minutes) AS m FROM coaching_sessions WHERE space_id = ?');
    const rollup = await q<{ n: number; m: number }>('SELECT SUM(sessions) AS n, SUM(minutes) AS m FROM dashboard_coach_months WHERE space_id = ?');
    expect([Number(rollup[0].n), Number(rollup[0].m)]).to.deep.equal([Number(log[0].n), Number(log[0].m)]);
    const perTeacher = await q<{ t: number; m: number }>('SELECT a.teacher_person_id AS t, SUM(s.minutes) AS m FROM session_attendees a JOIN coaching_sessions s ON s.id = a.session_id WHERE s.space_id = ? GROUP BY a.teacher_person_id ORDER BY 1');
    const rolled = await q<{ t: number; m: number }>('SELECT teacher_person_id AS t, SUM(minutes) AS m FROM dashboard_teacher_months WHERE space_id = ? GROUP BY teacher_person_id ORDER BY 1');
    expect(rolled.map((r) => [Number(r.t), Number(r.m)])).to.deep.equal(perTeacher.map((r) => [Number(r.t), Number(r.m)]));
    expect(perTeacher.map((r) => Number(r.m))).to.deep.equal([180, 150, 120, 15, 105]);
    // Distinct teachers per month, in all, per coach and per kind, as counted from the log.
    const counted = await q<{ k: string; n: number }>(
      `SELECT CONCAT(SUBSTR(s.held_on, 1, 7), '/all/') AS k, COUNT(DISTINCT a.teacher_person_id) AS n FROM coaching_sessions s JOIN session_attendees a ON a.session_id = s.id WHERE s.space_id = ? GROUP BY SUBSTR(s.held_on, 1, 7)
       UNION ALL SELECT CONCAT(SUBSTR(s.held_on, 1, 7), '/coach/', s.coach_person_id), COUNT(DISTINCT a.teacher_person_id) FROM coaching_sessions s JOIN session_attendees a ON a.session_id = s.id WHERE s.space_id = ${c.spaceId} GROUP BY SUBSTR(s.held_on, 1, 7), s.coach_person_id
       UNION ALL SELECT CONCAT(SUBSTR(s.held_on, 1, 7), '/kind/', s.kind), COUNT(DISTINCT a.teacher_person_id) FROM coaching_sessions s JOIN session_attendees a ON a.session_id = s.id WHERE s.space_id = ${c.spaceId} GROUP BY SUBSTR(s.held_on, 1, 7), s.kind`);
    const kept = await q<{ k: string; n: number }>("SELECT CONCAT(month, '/', dim, '/', dim_value) AS k, teachers AS n FROM dashboard_month_teachers WHERE space_id = ? AND teachers > 0");
    const sorted = (rows: Array<{ k: string; n: number }>) => rows.map((r) => `${r.k}=${Number(r.n)}`).sort();
    expect(sorted(kept)).to.deep.equal(sorted(counted));
    const cycleHours = await q<{ m: number }>('SELECT SUM(t.minutes) AS m FROM dashboard_cycle_totals t JOIN cycles c ON c.id = t.cycle_id WHERE c.space_id = ?');
    expect(Number(cycleHours[0].m)).to.equal(300);
  });
});
