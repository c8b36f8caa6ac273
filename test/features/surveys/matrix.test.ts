/**
 * Every survey route × every member of the coaching course (and no launch), with an EMPTY form,
 * on a real fixture: a published, open, anonymous survey for all teachers made by the course's
 * coach, with one required agreement question and five responses from other teachers (so its
 * questions are fixed and its CSV can be exported). The rows the authorization matrix needs.
 */
import { expect } from 'chai';
import { type CoachingCourse, coachingCourse, type Member } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { extraTeachers, publishedSurvey, respondAll } from './fixtures';
import { mountSurveys } from './mount';

type Who = Member | 'anonymous';
const WHO: Who[] = ['anonymous', 'admin', 'coach', 'otherCoach', 'mentor', 'teacher', 'otherTeacher', 'guest'];

/** Expected statuses in WHO order. */
export const SURVEY_MATRIX: Array<[string, string, number[]]> = [
  ['GET', '/app/surveys', [401, 200, 200, 200, 403, 200, 200, 403]],
  ['GET', '/app/surveys/new', [401, 200, 200, 200, 403, 403, 403, 403]],
  ['POST', '/app/surveys/new', [401, 400, 400, 400, 403, 403, 403, 403]],
  ['GET', '/app/surveys/:surveyId', [401, 303, 303, 404, 403, 303, 303, 403]],
  ['GET', '/app/surveys/:surveyId/edit', [401, 200, 200, 404, 403, 403, 403, 403]],
  ['POST', '/app/surveys/:surveyId/edit', [401, 400, 400, 404, 403, 403, 403, 403]],
  ['POST', '/app/surveys/:surveyId/questions', [401, 400, 400, 404, 403, 403, 403, 403]],
  ['POST', '/app/surveys/:surveyId/questions/:questionId', [401, 400, 400, 404, 403, 403, 403, 403]],
  ['POST', '/app/surveys/:surveyId/questions/:questionId/delete', [401, 409, 409, 404, 403, 403, 403, 403]],
  ['POST', '/app/surveys/:surveyId/questions/:questionId/move', [401, 400, 400, 404, 403, 403, 403, 403]],
  ['POST', '/app/surveys/:surveyId/publish', [401, 409, 409, 404, 403, 403, 403, 403]],
  ['POST', '/app/surveys/:surveyId/delete', [401, 409, 409, 404, 403, 403, 403, 403]],
  ['GET', '/app/surveys/:surveyId/preview', [401, 200, 200, 404, 403, 403, 403, 403]],
  ['GET', '/app/surveys/:surveyId/respond', [401, 403, 403, 404, 403, 200, 200, 403]],
  ['POST', '/app/surveys/:surveyId/respond', [401, 403, 403, 404, 403, 400, 400, 403]],
  ['GET', '/app/surveys/:surveyId/results', [401, 200, 200, 404, 403, 403, 403, 403]],
  ['GET', '/app/surveys/:surveyId/results.csv', [401, 200, 200, 404, 403, 403, 403, 403]],
];

describe('surveys: every route × every role (authorization matrix rows)', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let unmount: () => void;
  let surveyId: number;
  let questionId: number;

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'survey-matrix');
    unmount = mountSurveys(h, c.sequelize);
    const fixture = await publishedSurvey(c, { author: 'coach', settings: { title: 'Matrix fixture' } });
    surveyId = fixture.id;
    questionId = fixture.questionIds[0];
    await respondAll(c.sequelize, surveyId, await extraTeachers(c, 5, false), () => ({ [questionId]: 3 }));
  });
  after(async () => {
    unmount();
    await h.stop();
  });

  it('covers every survey route declared in the route table', () => {
    const declared = h.coachloop.routes.routes.filter((r) => r.path.startsWith('/app/surveys')).map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(declared).to.deep.equal(SURVEY_MATRIX.map(([m, p]) => `${m} ${p}`).sort());
  });

  for (const [method, pattern, expected] of SURVEY_MATRIX) {
    it(`${method} ${pattern}`, async () => {
      const path = pattern.replace(':surveyId', String(surveyId)).replace(':questionId', String(questionId));
      const got: number[] = [];
      for (const who of WHO) {
        const res = who === 'anonymous'
          ? await c.browsers.teacher.request(method, `${h.toolUrl}${path}`, method === 'POST' ? { form: {} } : undefined)
          : method === 'POST' ? await c.post(who, path, {}) : await c.get(who, path);
        got.push(res.status);
      }
      expect(got, WHO.join(' ')).to.deep.equal(expected);
    });
  }
});
