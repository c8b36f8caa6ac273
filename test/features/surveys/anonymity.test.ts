/**
 * Anonymity that holds, shown from the stored data itself: a response of an anonymous survey
 * carries no person id, no time finer than its ISO week, and a random id that has no order;
 * completions share nothing with responses but the survey id, so joining them on everything they
 * share pairs each completion with every response of the survey. Named surveys keep their author
 * in a separate table, never written for anonymous ones. Drafts are gone once submitted.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { dialectOf } from '../../../src/db/database';
import { saveDraft } from '../../../src/features/surveys/commands/draftSaver';
import { type CoachingCourse, coachingCourse } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';
import { extraTeachers, publishedSurvey, respondAll } from './fixtures';

describe('surveys: anonymity', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h, 'survey-anonymity');
  });
  after(() => h.stop());

  const rows = <T extends object>(sql: string, replacements: unknown[] = []) => c.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const columns = async (table: string) => Object.entries(await c.sequelize.getQueryInterface().describeTable(table)).map(([name, d]) => ({ name, type: String(d.type).toUpperCase() }));

  it('the schema: responses have no person column, no date or time column, and share only the survey id with completions', async () => {
    const responses = await columns('survey_responses');
    const completions = await columns('survey_completions');
    expect(responses.map((c) => c.name).sort()).to.deep.equal(['answers', 'coaching_group', 'id', 'period', 'role_group', 'survey_id']);
    for (const col of responses) expect(col.type, col.name).to.not.match(/DATE|TIME/);
    // Same names in both tables: the survey id (joins every response of the survey) and "id", which is a UUID on one side and a counter on the other.
    const shared = responses.map((c) => c.name).filter((n) => completions.some((d) => d.name === n));
    expect(shared.sort()).to.deep.equal(['id', 'survey_id']);
    expect(responses.find((c) => c.name === 'id')!.type).to.match(/CHAR\(36\)/);
    expect(completions.find((c) => c.name === 'id')!.type).to.match(/INT/);
    const refs = (await c.sequelize.getQueryInterface().getForeignKeyReferencesForTable('survey_responses')) as Array<{ referencedTableName: string }>;
    expect(refs.map((r) => r.referencedTableName)).to.deep.equal(['surveys']);
    if (dialectOf(c.sequelize) === 'sqlite') {
      // WITHOUT ROWID: not even SQLite's hidden row number keeps the order rows were written in.
      let error = '';
      await c.sequelize.query('SELECT rowid FROM survey_responses').catch((e: Error) => { error = e.message; });
      expect(error).to.match(/no such column: rowid/);
    } else {
      const auto = await rows<{ n: number }>("SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'survey_responses' AND extra LIKE '%auto_increment%'");
      expect(Number(auto[0].n)).to.equal(0);
      const [pk] = await rows<{ column_name: string }>("SELECT column_name FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND table_name = 'survey_responses' AND constraint_name = 'PRIMARY'");
      expect(pk.column_name ?? (pk as unknown as Record<string, string>).COLUMN_NAME).to.equal('id');
    }
  });

  it('the data: ten respondents; no response names anyone, ids are random, time is a week; the join pairs every completion with every response', async () => {
    const people = [...(await extraTeachers(c, 6, true)), ...(await extraTeachers(c, 4, false))];
    const { id, questionIds: [likert, text] } = await publishedSurvey(c, {
      settings: { title: 'Anonymous survey' },
      questions: [{ kind: 'likert5', prompt: 'Coaching helps.', required: true }, { kind: 'short_text', prompt: 'Say more', required: false }],
    });
    await saveDraft(c.sequelize, { actor: people[0], surveyId: id, answers: { [likert]: 2 } });
    await respondAll(c.sequelize, id, people, (i) => ({ [likert]: (i % 5) + 1, [text]: `answer ${i}` }));

    const responses = await rows<Record<string, string | null>>('SELECT * FROM survey_responses WHERE survey_id = ?', [id]);
    const completions = await rows<{ id: number; person_id: number; completed_on: string }>('SELECT * FROM survey_completions WHERE survey_id = ?', [id]);
    expect(responses).to.have.length(10);
    expect(completions).to.have.length(10);
    const names = people.map((p) => [p.person.sub, p.person.name]).flat();
    for (const r of responses) {
      expect(r.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.period).to.match(/^\d{4}-W\d{2}$/);
      const text = JSON.stringify(r);
      for (const n of names) expect(text).to.not.contain(n);
    }
    for (const comp of completions) expect(comp.completed_on).to.match(/^\d{4}-\d{2}-\d{2}$/);
    // Joined on every column they share (the survey, and "id" cast to text): each completion matches all ten responses, or none.
    const [bySurvey] = await rows<{ n: number }>('SELECT COUNT(*) AS n FROM survey_completions c JOIN survey_responses r ON r.survey_id = c.survey_id WHERE c.survey_id = ?', [id]);
    expect(Number(bySurvey.n)).to.equal(100);
    const [byId] = await rows<{ n: number }>('SELECT COUNT(*) AS n FROM survey_completions c JOIN survey_responses r ON r.id = CAST(c.id AS CHAR(36)) WHERE c.survey_id = ?', [id]);
    expect(Number(byId.n)).to.equal(0);
    // Neither the key order nor the order the database returns rows in follows the order people submitted in
    // (the submission order is the completions' id order): 10! orders, one of them the real one.
    const submitted = completions.sort((a, b) => Number(a.id) - Number(b.id)).map((x) => Number(x.person_id));
    expect(submitted).to.deep.equal(people.map((p) => p.person.id));
    const byKey = (await rows<{ answers: string }>('SELECT answers FROM survey_responses WHERE survey_id = ? ORDER BY id', [id])).map((r) => JSON.parse(r.answers)[text] as string);
    const stored = responses.map((r) => JSON.parse(r.answers!)[text] as string);
    const order = people.map((_, i) => `answer ${i}`);
    expect(byKey).to.not.deep.equal(order);
    expect(stored).to.not.deep.equal(order);
    // Nothing else ties a person to an answer: no owner rows for an anonymous survey, and the draft is gone.
    expect(await rows('SELECT response_id FROM survey_response_owners WHERE survey_id = ?', [id])).to.deep.equal([]);
    expect(await rows('SELECT id FROM survey_drafts WHERE survey_id = ?', [id])).to.deep.equal([]);
    // The coarse group labels are all a response says about its author.
    expect(responses.map((r) => `${r.role_group}/${r.coaching_group}`).sort()).to.deep.equal([...Array(6).fill('teacher/coached'), ...Array(4).fill('teacher/not_coached')].sort());
  });

  it('a named survey keeps its author apart, in survey_response_owners', async () => {
    const { id, questionIds: [q] } = await publishedSurvey(c, { settings: { title: 'Named survey', anonymous: false } });
    const [person] = await extraTeachers(c, 1, false);
    await respondAll(c.sequelize, id, [person], () => ({ [q]: 4 }));
    const owners = await rows<{ person_id: number; response_id: string }>('SELECT person_id, response_id FROM survey_response_owners WHERE survey_id = ?', [id]);
    expect(owners.map((o) => Number(o.person_id))).to.deep.equal([person.person.id]);
    const [response] = await rows<{ id: string }>('SELECT id FROM survey_responses WHERE survey_id = ?', [id]);
    expect(owners[0].response_id).to.equal(response.id);
  });
});
