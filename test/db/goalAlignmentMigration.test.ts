/**
 * Migration 20261122200700: free-text goal alignment becomes taxonomy tags — ISTE items named by
 * number or name, any other entry one district tag per distinct name — and down writes it back.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createMigrator } from '../../src/db/migrate';
import { dropAllTables, scratchDatabase } from '../helpers/database';

describe('migration: goal alignment to taxonomy tags', function () {
  this.timeout(120_000);

  it('maps ISTE numbers and names to the seeded items, the rest to district tags, and reverts', async () => {
    const { sequelize: db, drop } = await scratchDatabase('alignment');
    try {
      await dropAllTables(db);
      const migrator = createMigrator(db);
      await migrator.up({ to: '20261122200600-create-session-offerings' });
      const run = (sql: string, replacements: unknown[]) => db.query(sql, { replacements });
      const select = <T extends object>(sql: string, replacements: unknown[] = []) => db.query<T>(sql, { replacements, type: QueryTypes.SELECT });
      const now = new Date();
      await run("INSERT INTO lti_platforms (kid, platform_url, client_id, name, auth_endpoint, accesstoken_endpoint, auth_method, auth_key, created_at, updated_at) VALUES ('k1', 'https://lms', 'c1', 'LMS', 'https://lms/a', 'https://lms/t', 'JWK_SET', 'https://lms/jwks', 1, 1)", []);
      await run("INSERT INTO tenants (platform_kid, tenant_key, issuer, client_id, deployment_id, name, status, created_at, updated_at) VALUES ('k1', 'tk1', 'https://lms', 'c1', 'd1', 'T', 'active', ?, ?)", [now, now]);
      const [tenant] = await select<{ id: number }>('SELECT id FROM tenants');
      await run('INSERT INTO people (tenant_id, sub, created_at, updated_at) VALUES (?, ?, ?, ?), (?, ?, ?, ?)', [tenant.id, 'teacher', now, now, tenant.id, 'coach', now, now]);
      const people = await select<{ id: number; sub: string }>('SELECT id, sub FROM people');
      const id = (sub: string) => people.find((p) => p.sub === sub)!.id;
      await run('INSERT INTO spaces (tenant_id, context_id, created_at, updated_at) VALUES (?, ?, ?, ?)', [tenant.id, 'course', now, now]);
      const [space] = await select<{ id: number }>('SELECT id FROM spaces');
      await run("INSERT INTO cycles (space_id, teacher_person_id, coach_person_id, focus, model_key, model_name, stages, stage_index, status, starts_on, created_at, updated_at) VALUES (?, ?, ?, 'f', 'impact', 'Impact Cycle', '[\"A\"]', 0, 'active', '2026-09-01', ?, ?)",
        [space.id, id('teacher'), id('coach'), now, now]);
      const [cycle] = await select<{ id: number }>('SELECT id FROM cycles');
      const goal = (alignment: string[]) => run("INSERT INTO goals (cycle_id, statement, student_outcome, success_measure, baseline, target, unit, due_on, alignment, status, created_at, updated_at) VALUES (?, 's', 'o', 'm', 0, 1, 'u', '2026-12-01', ?, 'in_progress', ?, ?)",
        [cycle.id, JSON.stringify(alignment), now, now]);
      await goal(['2.4', 'ISTE 4.6', 'Local.Q']);
      await goal(['collaborator', 'local.q', 'Fractions']);
      await goal([]);

      await migrator.up({ to: '20261122200700-map-goal-alignment-to-tags' });
      const tagged = await select<{ goal_id: number; framework: string; code: string | null; name: string }>(
        'SELECT gt.goal_id, t.framework, t.code, t.name FROM goal_tags gt JOIN standard_tags t ON t.id = gt.tag_id ORDER BY gt.goal_id, t.id');
      const goals = await select<{ id: number; alignment: string }>('SELECT id, alignment FROM goals ORDER BY id');
      const of = (i: number) => tagged.filter((r) => Number(r.goal_id) === Number(goals[i].id)).map((r) => `${r.framework}:${r.code ?? ''}:${r.name}`).sort();
      expect(of(0)).to.deep.equal(['district::Local.Q', 'iste_coaches:4.6:Data-Driven Decision-Maker', 'iste_educators:2.4:Collaborator']);
      expect(of(1)).to.deep.equal(['district::Fractions', 'district::Local.Q', 'iste_educators:2.4:Collaborator']);
      expect(of(2)).to.deep.equal([]);
      expect(goals.map((g) => g.alignment)).to.deep.equal(['[]', '[]', '[]']);
      expect(Number((await select<{ n: number }>("SELECT COUNT(*) AS n FROM standard_tags WHERE framework <> 'district'"))[0].n)).to.equal(14);

      await migrator.down({ step: 1 });
      const back = await select<{ alignment: string }>('SELECT alignment FROM goals ORDER BY id');
      expect(back.map((g) => (JSON.parse(g.alignment) as string[]).sort())).to.deep.equal([['ISTE 2.4', 'ISTE 4.6', 'Local.Q'].sort(), ['Fractions', 'ISTE 2.4', 'Local.Q'].sort(), []]);
    } finally {
      await drop();
    }
  });
});
