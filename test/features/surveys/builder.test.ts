/**
 * The builder up the ladder: 401 without a launch, 403 for roles that do not build, 404 for
 * another coach's survey and bad ids, 400 with the message and nothing written for each bad
 * definition, then success: create (blank, from a template), settings, questions added, changed,
 * reordered and removed, preview, publish; questions fixed once people have answered.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { submitResponse } from '../../../src/features/surveys/commands/responseSubmitter';
import { MAX_QUESTIONS } from '../../../src/features/surveys/catalog';
import { type CoachingCourse, coachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { publishedSurvey } from './fixtures';
import { mountSurveys } from './mount';

describe('surveys: the builder', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let unmount: () => void;
  let surveyId: number;

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'survey-builder');
    unmount = mountSurveys(h, c.sequelize);
  });
  after(async () => {
    unmount();
    await h.stop();
  });

  const rows = <T extends object>(sql: string, replacements: unknown[]) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const anonymous = (method: string, path: string) => c.browsers.teacher.request(method, `${h.toolUrl}${path}`, method === 'POST' ? { form: {} } : undefined);
  const surveysOfSpace = async () => Number((await rows<{ n: number }>('SELECT COUNT(*) AS n FROM surveys WHERE space_id = ?', [c.spaceId]))[0].n);
  const questions = async (id: number) => rows<{ id: number; prompt: string; position: number; kind: string; options: string | null }>('SELECT id, prompt, position, kind, options FROM survey_questions WHERE survey_id = ? ORDER BY position', [id]);
  const blank = { title: 'Autumn check-in', kind: 'custom', audienceRoles: 'teacher', audienceCoaching: 'all', anonymous: 'yes', editUntilClose: 'once' };

  it('GET /app/surveys/new and POST: 401, 403 teacher/mentor/guest, 400 with the message and nothing made, 303 to the builder', async () => {
    expect((await anonymous('GET', '/app/surveys/new')).status).to.equal(401);
    expect((await anonymous('POST', '/app/surveys/new')).status).to.equal(401);
    for (const who of ['teacher', 'mentor', 'guest'] as const) {
      expect((await c.get(who, '/app/surveys/new')).status, who).to.equal(403);
      expect((await c.post(who, '/app/surveys/new', blank)).status, who).to.equal(403);
    }
    const page = await c.get('coach', '/app/surveys/new');
    expect(page.status).to.equal(200);
    expect(page.html).to.contain('Teachers: beginning of the year').and.contain('Coaching snapshot').and.contain('After your coaching cycle');
    const cases: Array<[Record<string, string | string[]>, string]> = [
      [{}, 'Give the survey a title.'],
      [{ ...blank, audienceRoles: [] }, 'Choose who answers the survey'],
      [{ ...blank, opensOn: '2026-10-10', closesOn: '2026-10-01' }, 'closes (2026-10-01) before it opens (2026-10-10)'],
      [{ ...blank, opensOn: '2026-02-30' }, 'not a real date'],
      [{ ...blank, editUntilClose: 'edit' }, 'An anonymous response cannot be changed later'],
      [{ ...blank, audienceRoles: 'coach', audienceCoaching: 'coached' }, 'Coached or not coached applies to teachers'],
      [{ template: 'no_such_template' }, 'Choose a template from the list.'],
    ];
    for (const [form, message] of cases) {
      const res = await c.post('coach', '/app/surveys/new', form);
      expect(res.status, message).to.equal(400);
      expect(res.html, message).to.contain(message);
    }
    const typed = await c.post('coach', '/app/surveys/new', { ...blank, title: 'TYPED-TITLE', closesOn: '2020-01-01', opensOn: '2020-02-01' });
    expect(typed.html).to.contain('value="TYPED-TITLE"');
    expect(await surveysOfSpace()).to.equal(0);
    const ok = await c.post('coach', '/app/surveys/new', blank);
    expect(ok.status).to.equal(303);
    const m = /^\/app\/surveys\/(\d+)\/edit\?notice=created&ltik=/.exec(ok.headers.get('location') ?? '');
    expect(m, ok.headers.get('location') ?? '').to.not.equal(null);
    surveyId = Number(m![1]);
    expect(await surveysOfSpace()).to.equal(1);
  });

  it('POST /app/surveys/:id/questions: each bad definition is a 400 with its message and nothing is written', async () => {
    const path = `/app/surveys/${surveyId}/questions`;
    expect((await anonymous('POST', path)).status).to.equal(401);
    expect((await c.post('teacher', path, { kind: 'likert5', prompt: 'x' })).status).to.equal(403);
    expect((await c.post('otherCoach', path, { kind: 'likert5', prompt: 'x' })).status).to.equal(404);
    expect((await c.post('coach', '/app/surveys/abc/questions', { kind: 'likert5', prompt: 'x' })).status).to.equal(404);
    expect((await c.post('coach', '/app/surveys/999999999/questions', { kind: 'likert5', prompt: 'x' })).status).to.equal(404);
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'Choose what kind of question it is.'],
      [{ kind: 'likert5', prompt: '   ' }, 'the prompt is empty'],
      [{ kind: 'single', prompt: 'Pick one', options: '' }, 'needs at least 2 options'],
      [{ kind: 'multiple', prompt: 'Pick some', options: 'Only one' }, 'needs at least 2 options'],
      [{ kind: 'single', prompt: 'Pick one', options: 'Yes\nNo\nyes' }, 'Each option must be different: “yes” appears twice.'],
      [{ kind: 'number', prompt: 'How many?', min: '10', max: '2' }, 'The smallest allowed number (10) is larger than the largest (2).'],
      [{ kind: 'number', prompt: 'How many?', min: 'ten' }, 'The smallest allowed number must be a number.'],
      [{ kind: 'likert5', prompt: 'x'.repeat(501) }, 'Keep the question under 500 characters.'],
      [{ kind: 'likert5', prompt: 'Fine', compareKey: 'Not A Key!' }, 'A comparison key is up to 60'],
    ];
    for (const [form, message] of cases) {
      const res = await c.post('coach', path, { ...form, prompt: form.prompt ?? '' });
      expect(res.status, message).to.equal(400);
      expect(res.html, message).to.contain(message.replace(/“|”/g, (q) => q));
    }
    const typed = await c.post('coach', path, { kind: 'single', prompt: 'TYPED-PROMPT', options: 'A\nA' });
    expect(typed.html).to.contain('TYPED-PROMPT');
    expect(await questions(surveyId)).to.deep.equal([]);
  });

  it('more than 60 questions is a 400 and the 61st is not written', async () => {
    const { id } = await publishedSurvey(c, { publish: false, questions: Array.from({ length: MAX_QUESTIONS }, (_, i) => ({ kind: 'short_text', prompt: `Q${i + 1}`, required: false })) });
    const res = await c.post('coach', `/app/surveys/${id}/questions`, { kind: 'likert5', prompt: 'One too many' });
    expect(res.status).to.equal(400);
    expect(res.html).to.contain(`at most ${MAX_QUESTIONS} questions`);
    expect(await questions(id)).to.have.length(MAX_QUESTIONS);
    expect((await c.post('coach', `/app/surveys/${id}/delete`)).status).to.equal(303);
  });

  it('adds, changes, reorders and removes questions; a duplicate comparison key is refused', async () => {
    const path = `/app/surveys/${surveyId}/questions`;
    expect((await c.post('coach', path, { kind: 'likert5', prompt: 'My coach listens.', required: 'yes', compareKey: 'coach.listens' })).status).to.equal(303);
    expect((await c.post('coach', path, { kind: 'single', prompt: 'Grade band?', options: 'K-5\n6-8\n9-12', required: 'yes' })).status).to.equal(303);
    expect((await c.post('coach', path, { kind: 'number', prompt: 'Hours a week?', min: '0', max: '40' })).status).to.equal(303);
    const dup = await c.post('coach', path, { kind: 'likert5', prompt: 'Again', compareKey: 'coach.listens' });
    expect(dup.status).to.equal(400);
    expect(dup.html).to.contain('Two questions share the comparison key “coach.listens”');
    let qs = await questions(surveyId);
    expect(qs.map((q) => q.prompt)).to.deep.equal(['My coach listens.', 'Grade band?', 'Hours a week?']);
    const move = `/app/surveys/${surveyId}/questions/${qs[2].id}/move`;
    expect((await c.post('coach', move, {})).status).to.equal(400);
    expect((await c.post('coach', move, { direction: 'up' })).status).to.equal(303);
    expect((await questions(surveyId)).map((q) => q.prompt)).to.deep.equal(['My coach listens.', 'Hours a week?', 'Grade band?']);
    const bad = await c.post('coach', `/app/surveys/${surveyId}/questions/${qs[1].id}`, { kind: 'single', prompt: 'Grade band?', options: 'K-5' });
    expect(bad.status).to.equal(400);
    expect(bad.html).to.contain('needs at least 2 options');
    expect((await c.post('coach', `/app/surveys/${surveyId}/questions/${qs[1].id}`, { kind: 'multiple', prompt: 'Grade bands?', options: 'K-5\n6-8' })).status).to.equal(303);
    expect((await c.post('coach', `/app/surveys/${surveyId}/questions/999999/delete`)).status).to.equal(404);
    expect((await c.post('coach', `/app/surveys/${surveyId}/questions/${qs[0].id}/delete`)).status).to.equal(303);
    qs = await questions(surveyId);
    expect(qs.map((q) => [q.prompt, q.kind])).to.deep.equal([['Hours a week?', 'number'], ['Grade bands?', 'multiple']]);
    const page = await c.get('coach', `/app/surveys/${surveyId}/edit`);
    expect(page.status).to.equal(200);
    expect(page.html).to.contain('Grade bands?').and.contain('Move up').and.not.contain('<script>');
    expect((await c.get('otherCoach', `/app/surveys/${surveyId}/edit`)).status).to.equal(404);
    expect((await c.get('admin', `/app/surveys/${surveyId}/edit`)).status).to.equal(200);
  });

  it('preview shows the form as respondents see it, without saving; publish; questions fixed once answered', async () => {
    const preview = await c.get('coach', `/app/surveys/${surveyId}/preview`);
    expect(preview.status).to.equal(200);
    expect(preview.html).to.contain('Preview: this is exactly what respondents see').and.contain('Grade bands?').and.contain('type="number"').and.contain('disabled');
    expect((await c.get('teacher', `/app/surveys/${surveyId}/preview`)).status).to.equal(403);
    expect((await c.get('teacher', `/app/surveys/${surveyId}/respond`)).status).to.equal(404);
    expect((await c.get('coach', `/app/surveys/${surveyId}/respond`)).status).to.equal(409);
    const settings = await c.post('coach', `/app/surveys/${surveyId}/edit`, { ...blank, title: 'Autumn check-in (renamed)', opensOn: '2026-01-01', closesOn: '2025-12-01' });
    expect(settings.status).to.equal(400);
    expect(settings.html).to.contain('before it opens');
    expect((await c.post('coach', `/app/surveys/${surveyId}/edit`, { ...blank, title: 'Autumn check-in (renamed)' })).status).to.equal(303);
    expect((await c.post('coach', `/app/surveys/${surveyId}/publish`)).status).to.equal(303);
    expect((await c.post('coach', `/app/surveys/${surveyId}/publish`)).status).to.equal(409);
    const qs = await questions(surveyId);
    await submitResponse(c.sequelize, { actor: c.actor('teacher'), surveyId, answers: { [qs[0].id]: 3 } });
    const locked = await c.post('coach', `/app/surveys/${surveyId}/questions`, { kind: 'likert5', prompt: 'Late question' });
    expect(locked.status).to.equal(409);
    expect(locked.html).to.contain('Its questions can no longer change');
    for (const p of [`questions/${qs[0].id}/delete`, `questions/${qs[0].id}/move`]) expect((await c.post('coach', `/app/surveys/${surveyId}/${p}`, { direction: 'down' })).status, p).to.equal(409);
    const anonymity = await c.post('coach', `/app/surveys/${surveyId}/edit`, { ...blank, anonymous: 'no' });
    expect(anonymity.status).to.equal(409);
    expect(anonymity.html).to.contain('cannot change after people have answered');
    expect((await c.post('coach', `/app/surveys/${surveyId}/edit`, { ...blank, title: 'Renamed after answers', closesOn: '2099-01-01' })).status).to.equal(303);
    expect((await c.post('coach', `/app/surveys/${surveyId}/delete`)).status).to.equal(409);
    expect((await questions(surveyId)).length).to.equal(2);
  });

  it('"create from template" copies the template into an editable draft', async () => {
    const res = await c.post('admin', '/app/surveys/new', { template: 'teacher_eoy' });
    expect(res.status).to.equal(303);
    const id = Number(/\/app\/surveys\/(\d+)\/edit/.exec(res.headers.get('location')!)![1]);
    const [survey] = await rows<{ status: string; kind: string; template_key: string }>('SELECT status, kind, template_key FROM surveys WHERE id = ?', [id]);
    expect(survey).to.deep.equal({ status: 'draft', kind: 'eoy', template_key: 'teacher_eoy' });
    const qs = await questions(id);
    expect(qs.length).to.be.greaterThan(8);
    expect((await c.post('admin', `/app/surveys/${id}/questions/${qs[0].id}/delete`)).status).to.equal(303);
    expect((await questions(id)).length).to.equal(qs.length - 1);
  });
});
