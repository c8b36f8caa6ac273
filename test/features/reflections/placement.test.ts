/**
 * Reflection tasks placed in a course (Deep Linking, issue 7): a launch carrying
 * coachloop_task=reflection:<id> ties the task to its resource link and line item, and opens the
 * teacher's own reflection; grades go to that line item, so no stray gradebook column appears.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createPlacedTask } from '../../../src/features/reflections/commands/placedTaskCreator';
import { linkPlacedTask } from '../../../src/features/reflections/commands/placedTaskLinker';
import { reviewReflection } from '../../../src/features/reflections/commands/reflectionReviewer';
import { writeReflection } from '../../../src/features/reflections/commands/reflectionWriter';
import { createReflectionTask } from '../../../src/features/reflections/commands/taskCreator';
import { teacherReflections } from '../../../src/features/reflections/reflectionQueries';
import { type CoachingCourse, coachingCourse, teacherWithCycle } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { expectHttp } from './expectHttp';

describe('reflections: tasks placed in a course', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'reflection-placement');
    await teacherWithCycle(c);
  });
  after(() => h.stop());

  const rows = <T extends object>(sql: string, replacements: unknown[]) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const launch = (taskId: number | string, link = 'rl-placed', lineitem?: string) => ({ custom: { coachloop_task: `reflection:${taskId}` }, resourceLink: { id: link }, ags: lineitem ? { lineitem, scopes: [] } : undefined });

  it('coaches and admins place tasks; teachers and mentors cannot', async () => {
    await expectHttp(createPlacedTask(c.sequelize, { actor: c.actor('teacher'), title: 'T', prompts: ['Q'] }), 403, 'Coaches and program admins');
    await expectHttp(createPlacedTask(c.sequelize, { actor: c.actor('mentor'), title: 'T', prompts: ['Q'] }), 403, 'Coaches and program admins');
    expect(await createPlacedTask(c.sequelize, { actor: c.actor('admin'), title: 'Admin placed', prompts: ['Q'] })).to.be.a('number');
  });

  it('the first launch ties the task to its link and line item and opens the teacher’s reflection; later launches find it again', async () => {
    const taskId = await createPlacedTask(c.sequelize, { actor: c.actor('coach'), title: 'End-of-unit reflection', prompts: ['What changed?', 'What next?'] });
    const lineitem = `${h.sim.issuer}/api/lti/courses/reflection-placement/line_items/77`;
    const first = await linkPlacedTask(c.sequelize, c.actor('teacher'), launch(taskId, 'rl-placed', lineitem));
    expect(first).to.deep.include({ taskId, path: `/app/reflections/${first!.reflectionId}` });
    const again = await linkPlacedTask(c.sequelize, c.actor('teacher'), launch(taskId, 'rl-placed', lineitem));
    expect(again!.reflectionId).to.equal(first!.reflectionId);
    const [task] = await rows<{ resource_link_id: string; lineitem_url: string }>('SELECT resource_link_id, lineitem_url FROM reflection_tasks WHERE id = ?', [taskId]);
    expect(task).to.deep.equal({ resource_link_id: 'rl-placed', lineitem_url: lineitem });
    const [r] = await rows<{ status: string; answers: string; teacher_person_id: number }>('SELECT status, answers, teacher_person_id FROM reflections WHERE id = ?', [first!.reflectionId]);
    expect([r.status, JSON.parse(r.answers), Number(r.teacher_person_id)]).to.deep.equal(['draft', ['', ''], c.ids.teacher]);
    expect(await linkPlacedTask(c.sequelize, c.actor('coach'), launch(taskId))).to.deep.equal({ taskId, path: '/app/reflections' });

    // Completing it grades the placed link's own line item.
    await writeReflection(c.sequelize, { actor: c.actor('teacher'), reflectionId: first!.reflectionId!, action: 'submit', answers: ['More talk', 'Exit tickets'] });
    await reviewReflection(c.sequelize, { actor: c.actor('coach'), reflectionId: first!.reflectionId!, decision: 'complete' });
    const [item] = await rows<{ label: string; resource_link_id: string; lineitem_url: string }>('SELECT label, resource_link_id, lineitem_url FROM lms_line_items WHERE space_id = ? AND resource_key = ?', [c.spaceId, `reflection-task:${taskId}`]);
    expect(item).to.deep.equal({ label: 'End-of-unit reflection', resource_link_id: 'rl-placed', lineitem_url: lineitem });
  });

  it('ignores launches naming no task, another link, a cycle task or another course’s task', async () => {
    const taskId = await createPlacedTask(c.sequelize, { actor: c.actor('coach'), title: 'Linked', prompts: ['Q'], resourceLinkId: 'rl-own' });
    expect(await linkPlacedTask(c.sequelize, c.actor('teacher'), { custom: {}, resourceLink: { id: 'rl-own' } })).to.equal(undefined);
    expect(await linkPlacedTask(c.sequelize, c.actor('teacher'), { custom: { coachloop_task: 'survey:3' }, resourceLink: { id: 'rl-own' } })).to.equal(undefined);
    expect(await linkPlacedTask(c.sequelize, c.actor('teacher'), launch(taskId, 'rl-copied'))).to.equal(undefined);
    expect(await linkPlacedTask(c.sequelize, c.actor('teacher'), launch(999_999))).to.equal(undefined);
    const [cycle] = await rows<{ id: number }>('SELECT id FROM cycles WHERE space_id = ? LIMIT 1', [c.spaceId]);
    const { taskId: cycleTask } = await createReflectionTask(c.sequelize, { actor: c.actor('coach'), cycleId: Number(cycle.id), title: 'Cycle task', prompts: ['Q'] });
    expect(await linkPlacedTask(c.sequelize, c.actor('teacher'), launch(cycleTask))).to.equal(undefined);
    const elsewhere = { ...c.actor('teacher'), space: { ...c.actor('teacher').space!, id: c.spaceId + 100_000 } };
    expect(await linkPlacedTask(c.sequelize, elsewhere, launch(taskId, 'rl-own'))).to.equal(undefined);
  });

  it('every teacher of the course finds placed tasks in their list, each with their own reflection', async () => {
    const mine = await teacherReflections(c.sequelize, c.actor('otherTeacher'));
    const placed = mine.filter((r) => r.placed);
    expect(placed.map((r) => r.title)).to.include.members(['End-of-unit reflection', 'Linked', 'Admin placed']);
    expect(placed.every((r) => r.teacherName === 'Theo Otherteacher' && r.status === 'draft')).to.equal(true);
    const again = await teacherReflections(c.sequelize, c.actor('otherTeacher'));
    expect(again.map((r) => r.id).sort()).to.deep.equal(mine.map((r) => r.id).sort());
    expect(mine.some((r) => r.title === 'Cycle task')).to.equal(false);
  });
});
