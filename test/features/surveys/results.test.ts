/**
 * Results on a hand-computed fixture: distributions (counts, shares, means, medians), free text
 * pooled and shuffled, coached vs not coached side by side, beginning vs end of year side by side,
 * response rate per audience group; suppression below the minimum group size, including a split
 * that would reveal a small group by difference; the CSV export without person ids. The route
 * ladder of the results pages.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import type { Actor } from '../../../src/auth/actor';
import { responsesCsv } from '../../../src/features/surveys/csvExport';
import { coachingSplit, distribution, splitIsSafe, type ResponseData } from '../../../src/features/surveys/results';
import { questionsOf, findSurvey } from '../../../src/features/surveys/surveyRecords';
import { responsesOf } from '../../../src/features/surveys/resultsQueries';
import { decodeHtmlEntities } from '../../../src/simulator/client';
import { type CoachingCourse, coachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { extraTeachers, publishedSurvey, respondAll, templateSurvey } from './fixtures';
import { mountSurveys } from './mount';

describe('surveys: results', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let unmount: () => void;
  let coached: Actor[];
  let notCoached: Actor[];
  let a: { id: number; questionIds: number[] };

  const Q1 = [[5, 5, 4, 4, 4, 3], [2, 3, 3, 4, 1]];
  const Q2 = [['A', 'A', 'A', 'B', 'B', 'C'], ['A', 'A', 'B', 'B', 'C']];
  const Q3 = [[['X', 'Y'], ['X'], ['X', 'Z'], ['Y'], ['X'], undefined], [['Z'], ['X', 'Y', 'Z'], undefined, undefined, undefined]];
  const Q4 = [[0, 2, 2, 4, 10, 5], [1, 1, 3, 7, 9]];
  const Q5 = [['TEXT-C1', undefined, 'TEXT-C3', 'TEXT-C4', 'TEXT-C5', undefined], ['TEXT-N1', undefined, undefined, undefined, undefined]];

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'survey-results');
    unmount = mountSurveys(h, c.sequelize);
    coached = await extraTeachers(c, 6, true);
    notCoached = await extraTeachers(c, 5, false);
    a = await publishedSurvey(c, {
      settings: { title: 'Results fixture' },
      questions: [
        { kind: 'likert5', prompt: 'Q1 agreement', required: true },
        { kind: 'single', prompt: 'Q2 one choice', required: true, options: ['A', 'B', 'C'] },
        { kind: 'multiple', prompt: 'Q3 several', required: false, options: ['X', 'Y', 'Z'] },
        { kind: 'number', prompt: 'Q4 number', required: false, min: 0, max: 10 },
        { kind: 'long_text', prompt: 'Q5 text', required: false },
      ],
    });
    for (const [g, people] of [coached, notCoached].entries()) {
      await respondAll(c.sequelize, a.id, people, (i) => {
        const answers: Record<string, number | string | string[]> = { [a.questionIds[0]]: Q1[g][i], [a.questionIds[1]]: Q2[g][i] };
        if (Q3[g][i]) answers[a.questionIds[2]] = Q3[g][i]!;
        answers[a.questionIds[3]] = Q4[g][i];
        if (Q5[g][i]) answers[a.questionIds[4]] = Q5[g][i]!;
        return answers;
      });
    }
  });
  after(async () => {
    unmount();
    await h.stop();
  });

  const page = async (path: string) => decodeHtmlEntities((await c.get('admin', path)).html);
  /** The table rows of the n-th chart table on the page, as "label|cell|cell". */
  const tableRows = (html: string, section: string) => {
    const part = html.slice(html.indexOf(section));
    const table = part.slice(part.indexOf('<tbody>'), part.indexOf('</tbody>'));
    return [...table.matchAll(/<tr><th scope="row">([^<]*)<\/th>((?:<td>[^<]*<\/td>)*)<\/tr>/g)].map((m) => [m[1], ...[...m[2].matchAll(/<td>([^<]*)<\/td>/g)].map((x) => x[1])].join('|'));
  };

  it('distributions on the hand-computed fixture (counts, shares, mean, median)', async () => {
    const survey = (await findSurvey(c.sequelize, c.spaceId, a.id))!;
    const questions = await questionsOf(c.sequelize, a.id);
    const responses = await responsesOf(c.sequelize, a.id);
    const d1 = distribution(questions[0], responses, 5);
    expect(d1).to.deep.equal({ shown: true, n: 11, mean: 3.5, bars: [
      { label: 'Strongly disagree', count: 1, pct: 9.1 }, { label: 'Disagree', count: 1, pct: 9.1 }, { label: 'Neither agree nor disagree', count: 3, pct: 27.3 },
      { label: 'Agree', count: 4, pct: 36.4 }, { label: 'Strongly agree', count: 2, pct: 18.2 },
    ] });
    expect(distribution(questions[1], responses, 5)).to.deep.include({ n: 11, bars: [{ label: 'A', count: 5, pct: 45.5 }, { label: 'B', count: 4, pct: 36.4 }, { label: 'C', count: 2, pct: 18.2 }] });
    expect(distribution(questions[2], responses, 5)).to.deep.include({ n: 7, bars: [{ label: 'X', count: 5, pct: 71.4 }, { label: 'Y', count: 3, pct: 42.9 }, { label: 'Z', count: 3, pct: 42.9 }] });
    const d4 = distribution(questions[3], responses, 5);
    expect(d4).to.deep.include({ n: 11, mean: 4, median: 3 });
    expect((d4 as { bars: Array<{ count: number }> }).bars.map((b) => b.count)).to.deep.equal([1, 2, 2, 1, 1, 1, 0, 1, 0, 1, 1]);
    const split = coachingSplit(questions[0], responses, 5);
    expect(split.shown).to.equal(true);
    if (split.shown) {
      expect(split.coached).to.deep.include({ n: 6, mean: 4.2 });
      expect(split.notCoached).to.deep.include({ n: 5, mean: 2.6 });
    }
    // Q3: 5 coached and 2 not-coached answers; showing the coached ones would give the other two away.
    expect(coachingSplit(questions[2], responses, 5)).to.deep.equal({ shown: false });
    expect(splitIsSafe([6, 5], 11, 5)).to.equal(true);
    expect(splitIsSafe([6, 5], 12, 5)).to.equal(false);
    expect(splitIsSafe([6, 0], 6, 5)).to.equal(true);
    expect(survey.title).to.equal('Results fixture');
  });

  it('GET /app/surveys/:id/results: charts with tables, coached vs not coached, text pooled, response rates', async () => {
    const html = await page(`/app/surveys/${a.id}/results`);
    expect(html).to.contain('<strong>11</strong> responses').and.contain('<svg class="bar-chart"').and.not.contain('<script>');
    expect(tableRows(html, 'Q1 agreement').slice(0, 5)).to.deep.equal([
      'Strongly disagree|1 (9.1%)', 'Disagree|1 (9.1%)', 'Neither agree nor disagree|3 (27.3%)', 'Agree|4 (36.4%)', 'Strongly agree|2 (18.2%)',
    ]);
    expect(html).to.contain('mean 3.5');
    const split = html.slice(html.indexOf('Q1 agreement'), html.indexOf('Q2 one choice'));
    expect(tableRows(split, 'Coached and not coached teachers')).to.deep.equal([
      'Strongly disagree|0 (0%)|1 (20%)', 'Disagree|0 (0%)|1 (20%)', 'Neither agree nor disagree|1 (16.7%)|2 (40%)', 'Agree|3 (50%)|1 (20%)', 'Strongly agree|2 (33.3%)|0 (0%)',
    ]);
    const q3 = html.slice(html.indexOf('Q3 several'), html.indexOf('Q4 number'));
    expect(q3).to.contain('Hidden: a group (coached teachers, teachers not coached, or everyone else) has fewer than 5 answers');
    const q5 = html.slice(html.indexOf('Q5 text'));
    for (const t of ['TEXT-C1', 'TEXT-C3', 'TEXT-C4', 'TEXT-C5', 'TEXT-N1']) expect(q5).to.contain(t);
    expect(q5).to.contain('in random order, without who wrote them');
    expect(html).to.match(/Teachers being coached<\/th><td data-label="People">6<\/td><td data-label="Responded">6<\/td><td data-label="Rate">100%/);
    expect(html).to.match(/Teachers not being coached<\/th><td data-label="People">7<\/td><td data-label="Responded">5<\/td><td data-label="Rate">71%/);
  });

  it('below the minimum group size: no figures at all, small groups and splits hidden, free text of small groups withheld', async () => {
    const small = await publishedSurvey(c, { author: 'admin', settings: { title: 'Too few' }, questions: [{ kind: 'likert5', prompt: 'Only four answer', required: true }] });
    await respondAll(c.sequelize, small.id, coached.slice(0, 4), () => ({ [small.questionIds[0]]: 4 }));
    const html = await page(`/app/surveys/${small.id}/results`);
    expect(html).to.contain('Fewer than 5 responses so far').and.not.contain('<svg class="bar-chart"').and.not.contain('Only four answer');
    expect((await c.get('admin', `/app/surveys/${small.id}/results.csv`)).status).to.equal(409);

    // Five coached teachers and one admin: the coached split would reveal the admin's answer by difference.
    const mixed = await publishedSurvey(c, {
      author: 'admin', settings: { title: 'Teachers and one admin', audienceRoles: ['teacher', 'admin'] },
      questions: [{ kind: 'likert5', prompt: 'Mixed question', required: true }, { kind: 'short_text', prompt: 'Mixed text', required: false }],
    });
    await respondAll(c.sequelize, mixed.id, [...coached.slice(0, 5), c.actor('admin')], (i) => ({ [mixed.questionIds[0]]: i === 5 ? 1 : 5, [mixed.questionIds[1]]: i === 5 ? 'ADMIN-TEXT' : `TEACHER-TEXT-${i}` }));
    const mixedHtml = await page(`/app/surveys/${mixed.id}/results`);
    expect(mixedHtml).to.contain('<strong>6</strong> responses').and.contain('Hidden: a group (coached teachers');
    expect(mixedHtml).to.contain('TEACHER-TEXT-0');
    expect(mixedHtml).to.not.contain('ADMIN-TEXT');
    expect(mixedHtml).to.match(/Program admins and principals<\/th><td data-label="People" colspan="3">Hidden: fewer than 5 people/);

    const csv = await c.get('admin', `/app/surveys/${mixed.id}/results.csv`);
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
    const lines = csv.html.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).to.equal('row,role,coaching,"Q1. Mixed question (1 = strongly disagree, 5 = strongly agree)",Q2. Mixed text');
    expect(lines).to.have.length(7);
    expect(lines.filter((l) => l.includes('(small group)'))).to.deep.equal([lines.find((l) => l.includes('1 Strongly disagree'))]);
    expect(csv.html).to.not.contain('ADMIN-TEXT');
    expect(csv.html).to.contain('(withheld: small group)').and.contain('Coached teachers');
    for (const p of [...coached, ...notCoached]) for (const s of [p.person.name, p.person.sub]) expect(csv.html).to.not.contain(s);
    expect(csv.html).to.not.match(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const audits = await c.sequelize.query<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'survey.export' AND subject_id = ?", { replacements: [mixed.id], type: QueryTypes.SELECT });
    expect(Number(audits[0].n)).to.equal(1);
  });

  it('the CSV of an anonymous survey is shuffled; formula-looking text is quoted as text', async () => {
    const survey = (await findSurvey(c.sequelize, c.spaceId, a.id))!;
    const questions = await questionsOf(c.sequelize, a.id);
    const responses: ResponseData[] = Array.from({ length: 12 }, (_, i) => ({ roleGroup: 'teacher', coachingGroup: 'coached', answers: { [questions[4].id]: i === 0 ? '=HYPERLINK("x")' : `R${i}` } }));
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const rows = responsesCsv(survey, questions, responses, 5, random).trim().split('\r\n').slice(1).map((l) => l.split(',').pop());
    expect(rows.map((r) => r!.replace(/"/g, '')).sort()).to.have.members(responses.map((r) => String(r.answers[questions[4].id]).replace(/^=/, "'=").replace(/"/g, '')));
    expect(rows).to.not.deep.equal(responses.map((r) => r.answers[questions[4].id]));
    expect(rows.some((r) => r!.startsWith('"\'=HYPERLINK'))).to.equal(true);
  });

  it('beginning vs end of year: matching compare keys side by side', async () => {
    const boy = await templateSurvey(c, 'teacher_boy');
    const eoy = await templateSurvey(c, 'teacher_eoy');
    const confidence = async (id: number) => (await questionsOf(c.sequelize, id)).find((q) => q.compareKey === 'teacher.confidence')!.id;
    const [qb, qe] = [await confidence(boy), await confidence(eoy)];
    await respondAll(c.sequelize, boy, notCoached, (i) => ({ [qb]: [2, 2, 3, 3, 4][i] }));
    await respondAll(c.sequelize, eoy, notCoached, (i) => ({ [qe]: [4, 4, 5, 5, 3][i] }));
    const html = await page(`/app/surveys/${eoy}/results`);
    expect(html).to.contain('Beginning and end of year').and.contain('Teachers: beginning of the year (beginning of year)');
    const prompt = 'I feel sure of myself using technology in ways that deepen learning, not only to replace paper.';
    const section = html.slice(html.indexOf(prompt));
    expect(tableRows(section, 'Beginning and end of year')).to.deep.equal([
      'Strongly disagree|0 (0%)|0 (0%)', 'Disagree|2 (40%)|0 (0%)', 'Neither agree nor disagree|2 (40%)|1 (20%)', 'Agree|1 (20%)|2 (40%)', 'Strongly agree|0 (0%)|2 (40%)',
    ]);
    expect(section).to.contain('mean 2.8').and.contain('mean 4.2');
    expect(await page(`/app/surveys/${eoy}/results?compare=none`)).to.not.contain('Beginning and end of year');
    expect((await c.get('admin', `/app/surveys/${eoy}/results?compare=abc`)).status).to.equal(400);
    expect((await c.get('admin', `/app/surveys/${eoy}/results?compare=${a.id}`)).status).to.equal(400);
  });

  it('route ladder: 401, 403 for non-builders, 404 for another coach and bad ids, 200', async () => {
    for (const path of [`/app/surveys/${a.id}/results`, `/app/surveys/${a.id}/results.csv`]) {
      expect((await c.browsers.teacher.request('GET', `${h.toolUrl}${path}`)).status, path).to.equal(401);
      for (const who of ['teacher', 'mentor', 'guest'] as const) expect((await c.get(who, path)).status, `${who} ${path}`).to.equal(403);
      expect((await c.get('otherCoach', path)).status, path).to.equal(404);
      expect((await c.get('coach', path)).status, path).to.equal(200);
      expect((await c.get('admin', path)).status, path).to.equal(200);
    }
    expect((await c.get('coach', '/app/surveys/abc/results')).status).to.equal(404);
    expect((await c.get('coach', '/app/surveys/999999999/results.csv')).status).to.equal(404);
  });
});
