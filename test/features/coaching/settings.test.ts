/** The admin's coaching settings: the "coaches take on teachers" switch and custom cycle models (the route ladder, validation, archive). */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { cycleModels, spaceSettings } from '../../../src/features/coaching/coachingQueries';
import { createCycleModel } from '../../../src/features/coaching/commands/cycleModelSaver';
import { BrowserClient, decodeHtmlEntities } from '../../../src/simulator/client';
import { type CoachingCourse, coachingCourse, type Member } from '../../helpers/coaching';
import { type Harness, startHarness } from '../../helpers/harness';

describe('coaching settings (admin)', function () {
  this.timeout(60_000);
  let h: Harness;
  let c: CoachingCourse;
  let other: CoachingCourse;

  before(async () => {
    h = await startHarness();
    c = await coachingCourse(h);
    other = await coachingCourse(h, 'other-course');
  });
  after(() => h.stop());

  const NOT_ADMINS: Member[] = ['coach', 'teacher', 'mentor', 'guest'];
  const page = async (who: Member = 'admin') => {
    const res = await c.get(who, '/app/coaching-settings');
    return { status: res.status, html: decodeHtmlEntities(res.html) };
  };
  const post = async (path: string, form: Record<string, string>, who: Member = 'admin') => {
    const res = await c.post(who, path, form);
    return { status: res.status, html: decodeHtmlEntities(res.html), location: res.headers.get('location') };
  };
  const anonymous = (method: string, path: string) => new BrowserClient().request(method, `${h.toolUrl}${path}`);

  describe('GET /app/coaching-settings', () => {
    it('needs a launch (401) and the admin role (403), then lists the built-in models with their stages', async () => {
      expect((await anonymous('GET', '/app/coaching-settings')).status).to.equal(401);
      for (const who of NOT_ADMINS) expect((await page(who)).status, who).to.equal(403);
      const { status, html } = await page();
      expect(status).to.equal(200);
      expect(html).to.contain('Impact Cycle').and.contain('<li class="chip">Identify</li><li class="chip">Learn</li><li class="chip">Improve</li>');
      expect(html).to.contain('Student-Centered Coaching').and.contain('<li class="chip">Post-assessment</li>');
      expect(html).to.match(/value="no" checked/);
      expect(html).to.contain('None yet.');
    });
  });

  describe('POST /app/coaching-settings', () => {
    it('needs a launch (401) and the admin role (403)', async () => {
      expect((await anonymous('POST', '/app/coaching-settings')).status).to.equal(401);
      for (const who of NOT_ADMINS) expect((await post('/app/coaching-settings', { coachesConfirm: 'yes' }, who)).status, who).to.equal(403);
      expect((await spaceSettings(c.sequelize, c.spaceId)).coachesConfirm).to.equal(false);
    });

    it('answers 400 with the reason for an empty or unknown choice', async () => {
      for (const form of [{}, { coachesConfirm: 'maybe' }] as Array<Record<string, string>>) {
        const res = await post('/app/coaching-settings', form);
        expect(res.status).to.equal(400);
        expect(res.html).to.contain('Choose whether coaches may take on teachers themselves.').and.contain('id="settings-error"');
      }
    });

    it('saves the switch (303 back with a notice), for this course only', async () => {
      const on = await post('/app/coaching-settings', { coachesConfirm: 'yes' });
      expect(on.status).to.equal(303);
      expect(on.location).to.match(/^\/app\/coaching-settings\?notice=settings&ltik=/);
      expect((await spaceSettings(c.sequelize, c.spaceId)).coachesConfirm).to.equal(true);
      expect((await spaceSettings(c.sequelize, other.spaceId)).coachesConfirm).to.equal(false);
      const shown = await c.browsers.admin.request('GET', `${h.toolUrl}${on.location!}`);
      expect(shown.html).to.match(/value="yes" checked/).and.contain('Settings saved.');
      expect((await post('/app/coaching-settings', { coachesConfirm: 'no' })).status).to.equal(303);
      expect((await spaceSettings(c.sequelize, c.spaceId)).coachesConfirm).to.equal(false);
    });
  });

  describe('POST /app/cycle-models', () => {
    const models = async () => (await cycleModels(c.sequelize, c.spaceId, { includeArchived: true })).filter((m) => m.custom);

    it('needs a launch (401) and the admin role (403)', async () => {
      expect((await anonymous('POST', '/app/cycle-models')).status).to.equal(401);
      for (const who of NOT_ADMINS) expect((await post('/app/cycle-models', { name: 'Sneaky', stages: 'A\nB' }, who)).status, who).to.equal(403);
      expect(await models()).to.have.length(0);
    });

    it('answers 400 with the reason, keeping what was typed: no name, fewer than 2 stages, too many, duplicate stages or names', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{}, 'Write a name for the model.'],
        [{ name: '   ', stages: 'Plan\nDo' }, 'Write a name for the model.'],
        [{ name: 'Lonely model' }, 'List the stages, one per line.'],
        [{ name: 'Lonely model', stages: 'Only stage\n\n  \n' }, 'A model needs at least 2 stages, one per line.'],
        [{ name: 'Long model', stages: Array.from({ length: 13 }, (_, i) => `Stage ${i + 1}`).join('\n') }, 'Use at most 12 stages.'],
        [{ name: 'Echo model', stages: 'Plan\nplan' }, 'Each stage needs a different name.'],
        [{ name: 'impact cycle', stages: 'Plan\nDo' }, 'There is already a model called “impact cycle”. Choose another name.'],
      ];
      for (const [form, message] of cases) {
        const res = await post('/app/cycle-models', form);
        expect(res.status, JSON.stringify(form)).to.equal(400);
        expect(res.html, JSON.stringify(form)).to.contain(message).and.contain('id="model-error"');
        if (form.name?.trim()) expect(res.html).to.contain(`value="${form.name}"`);
      }
      const kept = await post('/app/cycle-models', { name: 'Lonely model', stages: 'Only stage' });
      expect(kept.html).to.match(/<textarea[^>]*>Only stage<\/textarea>/);
      expect(await models()).to.have.length(0);
    });

    it('adds a model (303 back with a notice) that the page lists with its stages and an Archive button; its name is then taken', async () => {
      const res = await post('/app/cycle-models', { name: 'Our district cycle', stages: 'Notice\r\n  Plan  \r\nTry\r\n\r\nReflect\r\n' });
      expect(res.status).to.equal(303);
      expect(res.location).to.match(/^\/app\/coaching-settings\?notice=model&ltik=/);
      const [model] = await models();
      expect(model).to.include({ name: 'Our district cycle', archived: false });
      expect(model.stages).to.deep.equal(['Notice', 'Plan', 'Try', 'Reflect']);
      const { html } = await page();
      expect(html).to.contain('Our district cycle').and.contain('<li class="chip">Notice</li><li class="chip">Plan</li><li class="chip">Try</li><li class="chip">Reflect</li>');
      expect(html).to.contain(`action="/app/cycle-models/${model.id}/archive"`);
      const again = await post('/app/cycle-models', { name: 'OUR DISTRICT CYCLE', stages: 'A\nB' });
      expect(again.status).to.equal(400);
      expect(again.html).to.contain('There is already a model called');
      // Another course may use the same name.
      expect((await other.post('admin', '/app/cycle-models', { name: 'Our district cycle', stages: 'A\nB' })).status).to.equal(303);
    });
  });

  describe('POST /app/cycle-models/:modelId/archive', () => {
    it('needs a launch (401) and the admin role (403); bad or foreign ids are 404; archiving keeps the model for cycles but off the list', async () => {
      const id = await createCycleModel(c.sequelize, { actor: c.actor('admin'), name: 'Short cycle', stages: ['Look', 'Act'] });
      const foreign = await createCycleModel(c.sequelize, { actor: other.actor('admin'), name: 'Their cycle', stages: ['One', 'Two'] });
      const path = (x: number | string) => `/app/cycle-models/${x}/archive`;

      expect((await anonymous('POST', path(id))).status).to.equal(401);
      for (const who of NOT_ADMINS) expect((await post(path(id), {}, who)).status, who).to.equal(403);
      for (const bad of ['abc', '0', '-3', '2.5', '99999999999', foreign]) {
        const res = await post(path(bad), {});
        expect(res.status, String(bad)).to.equal(404);
        expect(res.html).to.contain('Not found');
      }
      const [theirs] = await c.sequelize.query<{ archived_at: unknown }>('SELECT archived_at FROM cycle_models WHERE id = ?', { replacements: [foreign], type: QueryTypes.SELECT });
      expect(theirs.archived_at).to.equal(null);

      const res = await post(path(id), {});
      expect(res.status).to.equal(303);
      expect(res.location).to.match(/^\/app\/coaching-settings\?notice=archived&ltik=/);
      const offered = await cycleModels(c.sequelize, c.spaceId);
      expect(offered.map((m) => m.name)).to.not.include('Short cycle');
      const all = await cycleModels(c.sequelize, c.spaceId, { includeArchived: true });
      expect(all.find((m) => m.id === id)).to.include({ archived: true });
      const { html } = await page();
      const archivedSection = html.slice(html.indexOf('Archived models'));
      expect(archivedSection).to.contain('Short cycle');
      expect(html).to.not.contain(`action="/app/cycle-models/${id}/archive"`);
      // Archiving twice is harmless; the name can then be used again.
      expect((await post(path(id), {})).status).to.equal(303);
      expect((await post('/app/cycle-models', { name: 'Short cycle', stages: 'Look\nAct\nReview' })).status).to.equal(303);
    });
  });
});
