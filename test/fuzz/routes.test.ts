/**
 * Fuzzing every declared route (the RouteTable): each route that changes something with hostile
 * forms and bodies, as a caller who is allowed and one who is not; every GET route (the JSON
 * endpoints among them) with hostile query strings. Never a 5xx; a refusal changes no row.
 * Replay a failure with the seed and path it prints: FUZZ_SEED=… FUZZ_PATH=… (FUZZ_RUNS=n: n× runs).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { testDatabase } from '../helpers/database';
import { changedTables, takeSnapshot } from './dbSnapshot';
import { FuzzChecker, fcParams } from './fuzzRun';
import { hostileForm, hostileValue, PROTO_KEYS, pathValue, rawBody, type Form, type RawBody } from './hostile';
import { ROUTE_FORMS } from './routeForms';
import { buildWorld, pathSegment, type Caller, type FuzzWorld } from './world';

/** Runs per route (times FUZZ_RUNS): as the allowed caller, as the refused one, per GET route. */
const ALLOWED_RUNS = 12;
const REFUSED_RUNS = 3;
const GET_RUNS = 3;

/** GET routes fuzzed elsewhere: Dynamic Registration fetches the URL it is given (lti.test.ts serves it locally). */
const GET_ELSEWHERE = new Set(['GET /lti/register']);

/** Query parameter names the routes read, plus ones they must ignore. */
const QUERY_NAMES = ['role', 'status', 'q', 'page', 'space', 'from', 'to', 'section', 'changed', 'notice', 'ended', 'compare', 'ltik', ...PROTO_KEYS];

const paramNames = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);

/** Mutating routes in declared-table order, the ones that end something last. */
const MUTATING = Object.keys(ROUTE_FORMS).sort((a, b) => Number(!!ROUTE_FORMS[a].terminal) - Number(!!ROUTE_FORMS[b].terminal));

describe('fuzzing every route (hostile forms, bodies and queries)', function () {
  this.timeout(600_000);
  let w: FuzzWorld;
  let checker: FuzzChecker;

  before(async function () {
    this.timeout(120_000);
    w = await buildWorld();
    checker = new FuzzChecker(await testDatabase(), () => w.h.coachloop.settled());
  });
  after(async () => {
    if (!checker) return;
    console.log(`      fuzz (routes): ${checker.summary()}`);
    // Routes whose allowed caller was always turned away before validation are fuzzed only skin-deep: say so.
    const shallow = Object.entries(ROUTE_FORMS).map(([key, spec]) => `${key} as ${spec.allowed}`)
      .filter((k) => ![...(checker.byRoute.get(k)?.keys() ?? [])].some((s) => ![401, 403, 404].includes(s)));
    if (shallow.length) console.log(`      fuzz (routes): never past authorization: ${shallow.join('; ')}`);
    if (process.env.FUZZ_VERBOSE) for (const [k, m] of checker.byRoute) console.log(`        ${k}: ${[...m].map(([s, n]) => `${s}×${n}`).join(', ')}`);
    await w?.stop();
  });

  it('has a fuzz entry for every declared route that changes something, and none for routes that are gone', () => {
    const declared = w.h.coachloop.routes.routes.filter((r) => r.method !== 'get').map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(declared.filter((k) => !ROUTE_FORMS[k]), 'declared routes without a fuzz entry in test/fuzz/routeForms.ts').to.deep.equal([]);
    expect(Object.keys(ROUTE_FORMS).filter((k) => !declared.includes(k)), 'fuzz entries for routes no longer declared').to.deep.equal([]);
  });

  it('the database fingerprint sees one changed field, an added row and an audit entry other than a read', async () => {
    const sequelize = await testDatabase();
    const before = await takeSnapshot(sequelize);
    await sequelize.query('UPDATE people SET name = ? WHERE id = ?', { replacements: ['Tess Teacher!', w.c.ids.teacher] });
    const renamed = await takeSnapshot(sequelize);
    expect(changedTables(before, renamed).map((t) => t.split(' ')[0])).to.deep.equal(['people']);
    await sequelize.query('UPDATE people SET name = ? WHERE id = ?', { replacements: ['Tess Teacher', w.c.ids.teacher] });
    expect(changedTables(before, await takeSnapshot(sequelize))).to.deep.equal([]);
    const audit = (action: string) => sequelize.query("INSERT INTO audit_log (tenant_id, actor_role, action, subject_type, at) VALUES (?, 'coach', ?, 'cycle', ?)", { replacements: [w.c.tenantId, action, new Date()] });
    await audit('read');
    expect(changedTables(before, await takeSnapshot(sequelize))).to.deep.equal([]);
    await audit('cycle.status');
    expect(changedTables(before, await takeSnapshot(sequelize)).map((t) => t.split(' ')[0])).to.deep.equal(['audit_log']);
  });

  for (const key of MUTATING) {
    it(`${key}: never a 5xx, a refusal changes no row`, async () => {
      const spec = ROUTE_FORMS[key];
      const [method, template] = key.split(' ');
      const names = paramNames(template);
      const valid = spec.form(w.values);
      const extras = spec.extras?.(w.values) ?? [];
      const body: fc.Arbitrary<{ form?: Form; raw?: RawBody }> = fc.oneof(
        { weight: 6, arbitrary: hostileForm(valid, extras).map((form) => ({ form })) },
        { weight: 1, arbitrary: fc.constant({ form: valid }) },
        { weight: 2, arbitrary: rawBody(valid).map((raw) => ({ raw })) },
      );
      const params = (foreign: boolean) => fc.record(Object.fromEntries(names.map((n) => [n, pathValue(w.own[n] ?? [], foreign ? w.foreign[n] ?? [] : [], { real: n !== 'id' })])) as Record<string, fc.Arbitrary<string>>);
      const query = fc.array(fc.tuple(fc.constantFrom(...QUERY_NAMES), hostileValue), { maxLength: 2 });
      const pathOf = (p: Record<string, string>) => template.replace(/:(\w+)/g, (_m, n: string) => pathSegment(p[n]));
      checker.reset();
      const property = (who: Caller, foreign: boolean) => fc.asyncProperty(params(foreign), body, fc.option(query, { freq: 4 }), async (p, b, q) => {
        const path = pathOf(p);
        await checker.check(`${method} ${path} as ${who}`, () => w.send(who, method, path, { ...b, query: q ?? undefined }), {}, `${key} as ${who}`);
      });
      await fc.assert(property(spec.allowed, true), fcParams(ALLOWED_RUNS));
      if (spec.refused) await fc.assert(property(spec.refused, false), fcParams(REFUSED_RUNS));
    });
  }

  it('every GET route (JSON endpoints too): hostile query strings, any caller', async () => {
    const gets = w.h.coachloop.routes.routes.filter((r) => r.method === 'get' && !GET_ELSEWHERE.has(`GET ${r.path}`));
    expect(gets.length).to.be.greaterThan(20);
    checker.reset();
    const callers: Caller[] = ['admin', 'coach', 'teacher', 'mentor', 'anonymous', 'otherTenantCoach', 'operator'];
    for (const route of gets) {
      const names = paramNames(route.path);
      const params = fc.record(Object.fromEntries(names.map((n) => [n, pathValue(w.own[n] ?? [], w.foreign[n] ?? [], { real: true })])) as Record<string, fc.Arbitrary<string>>);
      const query = fc.array(fc.tuple(fc.constantFrom(...QUERY_NAMES), fc.oneof(hostileValue, fc.constantFrom('all', 'none', '1', '2026-09', 'hours-by-kind', 'coach', 'active'))), { maxLength: 4 });
      await fc.assert(fc.asyncProperty(fc.constantFrom(...callers), params, query, fc.constantFrom('text/html', 'application/json', '*/*'), async (who, p, q, accept) => {
        const path = route.path.replace(/:(\w+)/g, (_m, n: string) => pathSegment(p[n]));
        await checker.check(`GET ${path} as ${who}`, () => w.send(who, 'GET', path, { query: q, accept }));
      }), fcParams(GET_RUNS));
    }
  });
});
