/**
 * The ready-made surveys: each passes the checks a survey must pass to be published; BOY and EOY
 * versions share their comparable questions (same compare_key, kind and options); each loads into
 * a draft and renders as respondents will see it; and none copies a sentence of the research
 * paper it was written from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { surveyDefinition } from '../../../src/features/surveys/schema';
import { SURVEY_TEMPLATES } from '../../../src/features/surveys/templates';
import { decodeHtmlEntities } from '../../../src/simulator/client';
import { type CoachingCourse, coachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { templateSurvey } from './fixtures';
import { mountSurveys } from './mount';

const PAPER = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'seeds', 'coaching-program-research-paper.txt');

describe('surveys: ready-made templates', function () {
  this.timeout(60_000);

  it('every template passes the publishing checks', () => {
    expect(SURVEY_TEMPLATES.map((t) => t.key)).to.deep.equal(['teacher_boy', 'teacher_eoy', 'coach_boy', 'coach_eoy', 'principal_boy', 'principal_eoy', 'snapshot', 'post_cycle']);
    for (const t of SURVEY_TEMPLATES) {
      const checked = surveyDefinition.safeParse(t);
      expect(checked.success, `${t.key}: ${checked.error?.issues.map((i) => i.message).join('; ')}`).to.equal(true);
    }
  });

  it('beginning and end of year versions share their comparable questions (key, kind, options)', () => {
    for (const who of ['teacher', 'coach', 'principal']) {
      const boy = SURVEY_TEMPLATES.find((t) => t.key === `${who}_boy`)!;
      const eoy = SURVEY_TEMPLATES.find((t) => t.key === `${who}_eoy`)!;
      expect([boy.kind, eoy.kind]).to.deep.equal(['boy', 'eoy']);
      const shared = boy.questions.filter((q) => q.compareKey);
      expect(shared.length, who).to.be.greaterThan(4);
      for (const q of shared) {
        const match = eoy.questions.find((e) => e.compareKey === q.compareKey);
        expect(match, `${who} ${q.compareKey}`).to.not.equal(undefined);
        expect([match!.kind, match!.options ?? null, match!.prompt]).to.deep.equal([q.kind, q.options ?? null, q.prompt]);
      }
    }
    const teacherKeys = SURVEY_TEMPLATES[0].questions.map((q) => q.compareKey).filter(Boolean);
    expect(teacherKeys).to.include.members(['teacher.tech_use', 'teacher.student_tech_use', 'teacher.use_collaborate', 'teacher.use_create', 'teacher.pd_fit', 'teacher.confidence', 'teacher.impact_engagement', 'teacher.impact_learning']);
    const snapshot = SURVEY_TEMPLATES.find((t) => t.key === 'snapshot')!;
    expect(snapshot.questions.map((q) => q.compareKey)).to.include.members(['snapshot.partnership', 'snapshot.safe_to_try', 'snapshot.challenge_progress']);
    expect([snapshot.audienceCoaching, SURVEY_TEMPLATES.find((t) => t.key === 'post_cycle')!.audienceCoaching]).to.deep.equal(['coached', 'coached']);
  });

  it('are written in our own words: no run of 7 words from the research paper', function () {
    if (!fs.existsSync(PAPER)) this.skip();
    const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').split(/\s+/).filter(Boolean);
    const paper = words(fs.readFileSync(PAPER, 'utf8'));
    const runs = new Set(paper.map((_, i) => paper.slice(i, i + 7).join(' ')).filter((r) => r.split(' ').length === 7));
    for (const t of SURVEY_TEMPLATES) {
      for (const text of [t.title, t.description, ...t.questions.flatMap((q) => [q.prompt, q.help ?? '', ...(q.options ?? [])])]) {
        const w = words(text);
        for (let i = 0; i + 7 <= w.length; i++) expect(runs.has(w.slice(i, i + 7).join(' ')), `${t.key}: "${text}"`).to.equal(false);
      }
    }
  });

  describe('load and render', () => {
    let h: Harness;
    let c: CoachingCourse;
    let unmount: () => void;
    before(async () => {
      h = await startHarness();
      c = await coachingCourse(h, 'survey-templates');
      unmount = mountSurveys(h, c.sequelize);
    });
    after(async () => {
      unmount();
      await h.stop();
    });

    it('each template becomes a survey whose preview shows every question and option', async () => {
      for (const t of SURVEY_TEMPLATES) {
        const id = await templateSurvey(c, t.key, 'coach');
        const res = await c.get('coach', `/app/surveys/${id}/preview`);
        expect(res.status, t.key).to.equal(200);
        const html = decodeHtmlEntities(res.html);
        expect(html).to.contain(t.title);
        for (const q of t.questions) {
          expect(html, `${t.key}: ${q.prompt}`).to.contain(q.prompt);
          for (const o of q.options ?? []) expect(html, `${t.key}: ${o}`).to.contain(o);
        }
        expect(html).to.contain('Strongly agree');
      }
    });
  });
});
