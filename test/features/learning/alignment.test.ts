/**
 * The dashboard's alignment section: coaching effort per standards tag, aggregates only, a tag's
 * row hidden when its sessions and goals together involve fewer teachers than the minimum group
 * size (here 3): shown at exactly 3, hidden at 2. The page and CSV carry the same figures and no
 * coaching content.
 */
import { expect } from 'chai';
import { confirmAssignment } from '../../../src/features/coaching/commands/assignmentConfirmer';
import { startCycle } from '../../../src/features/coaching/commands/cycleStarter';
import { createGoal } from '../../../src/features/coaching/commands/goalCreator';
import { changeGoalStatus } from '../../../src/features/coaching/commands/goalStatusChanger';
import { logSession } from '../../../src/features/coaching/commands/sessionLogger';
import { teacherOptIn } from '../../../src/features/coaching/commands/teacherOptIn';
import { dashboardFigures } from '../../../src/features/dashboard/figures';
import { resolveScope } from '../../../src/features/dashboard/scope';
import { buildSections } from '../../../src/features/dashboard/sections';
import { addDistrictTag } from '../../../src/features/learning/commands/tagSaver';
import { listTags } from '../../../src/features/learning/taxonomy';
import { type CoachingCourse, coachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { mountDashboard } from '../dashboard/mount';
import { extraTeachers } from '../surveys/fixtures';

describe('dashboard: coaching effort by standard', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let unmount: () => void;
  let t: number[];
  let collaborator: number;
  let analyst: number;
  let closeReading: number;

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'alignment-course');
    unmount = mountDashboard(h.coachloop, c.sequelize);
    const now = new Date();
    await c.sequelize.query('INSERT INTO program_settings (tenant_id, min_group_size, created_at, updated_at) VALUES (?, 3, ?, ?)', { replacements: [c.tenantId, now, now] });
    t = [c.ids.teacher, c.ids.otherTeacher, ...(await extraTeachers(c, 3, false)).map((a) => a.person.id)];
    const tags = await listTags(c.sequelize, c.tenantId);
    collaborator = tags.find((x) => x.code === '2.4')!.id;
    analyst = tags.find((x) => x.code === '2.7')!.id;
    closeReading = await addDistrictTag(c.sequelize, { actor: c.actor('admin'), name: 'Close reading', code: 'ELA-3' });
    const coach = c.actor('coach');
    // ISTE 2.4: a group session with exactly 3 teachers (the minimum): shown.
    await logSession(c.sequelize, { actor: coach, attendees: [t[0], t[1], t[2]], kind: 'group_pd', heldOn: '2026-10-05', minutes: 90, format: 'in_person', tags: [collaborator], notes: 'SECRET-GROUP-NOTE' });
    // ISTE 2.7: two teachers only (below the minimum): hidden.
    await logSession(c.sequelize, { actor: coach, attendees: [t[3], t[4]], kind: 'group_pd', heldOn: '2026-10-06', minutes: 60, format: 'virtual', tags: [analyst] });
    // ELA-3: a session with two teachers and a goal of a third: three teachers together, shown.
    await logSession(c.sequelize, { actor: coach, attendees: [t[3], t[4]], kind: 'group_pd', heldOn: '2026-10-07', minutes: 30, format: 'virtual', tags: [closeReading] });
    await teacherOptIn(c.sequelize, { actor: c.actor('teacher'), subjects: ['ELA'], gradeBand: 'g3_5', needAreas: ['literacy'] });
    await confirmAssignment(c.sequelize, { actor: c.actor('admin'), teacherId: c.ids.teacher, coachId: c.ids.coach });
    const cycleId = await startCycle(c.sequelize, { actor: coach, teacherId: c.ids.teacher, focus: 'SECRET-FOCUS', model: 'impact', startsOn: '2026-09-01', status: 'active' });
    const goalId = await createGoal(c.sequelize, { actor: c.actor('teacher'), cycleId, statement: 'SECRET-GOAL', studentOutcome: 'o', successMeasure: 'm', baseline: 0, target: 5, unit: 'x', dueOn: '2026-10-20', tags: [closeReading] });
    await changeGoalStatus(c.sequelize, { actor: coach, goalId, status: 'met' });
  });
  after(async () => {
    unmount?.();
    await h.stop();
  });

  it('shows tags with at least the minimum number of teachers and hides those below it', async () => {
    const f = await dashboardFigures(c.sequelize, await resolveScope(c.sequelize, c.actor('admin'), {}));
    const row = (id: number) => f.alignment.find((r) => r.tagId === id);
    expect(row(collaborator)).to.deep.include({ hidden: false, n: 3, values: { hours: 1.5, sessions: 1, goals: 0, goalsMet: 0 } });
    expect(row(analyst)).to.deep.equal({ tagId: analyst, label: 'ISTE 2.7 Analyst', framework: 'iste_educators', retired: false, hidden: true });
    expect(row(closeReading)).to.deep.include({ hidden: false, n: 3, values: { hours: 0.5, sessions: 1, goals: 1, goalsMet: 1 } });
    // Tags nobody used are not listed.
    expect(f.alignment.map((r) => r.tagId)).to.deep.equal([collaborator, analyst, closeReading]);
  });

  it('with a minimum of 4, the same 3 teachers are below it: every row hides', async () => {
    await c.sequelize.query('UPDATE program_settings SET min_group_size = 4 WHERE tenant_id = ?', { replacements: [c.tenantId] });
    try {
      const f = await dashboardFigures(c.sequelize, await resolveScope(c.sequelize, c.actor('admin'), {}));
      expect(f.alignment.map((r) => [r.tagId, r.hidden, r.values])).to.deep.equal([[collaborator, true, undefined], [analyst, true, undefined], [closeReading, true, undefined]]);
    } finally {
      await c.sequelize.query('UPDATE program_settings SET min_group_size = 3 WHERE tenant_id = ?', { replacements: [c.tenantId] });
    }
  });

  it('months filter it: nothing tagged in November', async () => {
    const f = await dashboardFigures(c.sequelize, await resolveScope(c.sequelize, c.actor('admin'), { from: '2026-11', to: '2026-11' }));
    expect(f.alignment).to.deep.equal([]);
  });

  it('the page and the CSV show the same figures, the hidden row says why, and nothing private appears', async () => {
    const page = await c.get('admin', '/app/dashboard');
    expect(page.status).to.equal(200);
    expect(page.html).to.contain('Coaching effort by standard').and.contain('ISTE 2.4 Collaborator').and.contain('ELA-3 Close reading');
    for (const secret of ['SECRET-GROUP-NOTE', 'SECRET-GOAL', 'SECRET-FOCUS']) expect(page.html).to.not.contain(secret);
    const csv = await c.get('admin', '/app/dashboard.csv?section=alignment');
    expect(csv.status).to.equal(200);
    const lines = csv.html.trim().split('\r\n');
    expect(lines[0]).to.equal('Standard or tag,Teachers,Hours,Sessions,Goals,Goals met');
    expect(lines).to.include('ISTE 2.4 Collaborator,3,1.5,1,0,0');
    expect(lines).to.include('ISTE 2.7 Analyst,hidden: fewer than 3 teachers,hidden: fewer than 3 teachers,hidden: fewer than 3 teachers,hidden: fewer than 3 teachers,hidden: fewer than 3 teachers');
    expect(lines).to.include('ELA-3 Close reading,3,0.5,1,1,1');
    const section = buildSections(await dashboardFigures(c.sequelize, await resolveScope(c.sequelize, c.actor('admin'), {}))).find((s) => s.id === 'alignment')!;
    expect(section.charts[0].bars.map((b) => [b.label, b.valueText])).to.deep.equal([['ISTE 2.4 Collaborator', '1.5 h'], ['ISTE 2.7 Analyst', 'hidden: fewer than 3 teachers'], ['ELA-3 Close reading', '0.5 h']]);
  });
});
