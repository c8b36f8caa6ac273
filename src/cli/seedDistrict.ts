/**
 * `npm run seed:district -- --teachers 5000 [--coaches N] [--sessions N] [--db URL] [--seed S] …`
 * fills a database with a realistic coaching district for demos and benchmarks: a tenant, one
 * course per school, people and memberships, teacher and coach profiles, coach and mentor
 * assignments, cycles with their stage history, sessions (1,000,000 for the benchmark), goals and
 * check-ins, reflections, mentor notes and — when the survey tables exist — the ready-made
 * beginning-of-year, end-of-year, snapshot and post-cycle surveys with anonymous responses.
 *
 * The same seed gives the same district (a seeded random source; dates from --until, never the
 * clock). Rows go in as multi-row INSERTs with explicit ids, in transactions of ~50,000 rows;
 * the dashboard's rollup triggers are dropped during the load and recreated after it, and
 * recreating them rebuilds every rollup from the data (the migrations' own code), so the rollups
 * end exact. Run it against an idle database (a demo or benchmark one), not a live server's.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { dialectOf } from '../db/database';
import { GRADE_BAND_KEYS, SPECIALTY_KEYS, type SessionKind } from '../features/coaching/catalog';
import { tenantKey } from '../features/launch/tenantResolver';
import { isoWeek } from '../features/surveys/catalog';
import { SURVEY_TEMPLATES } from '../features/surveys/templates';
import * as sessionTriggers from '../../migrations/20261122190500-add-dashboard-session-rollup-triggers';
import * as cycleTotalTriggers from '../../migrations/20261122190520-add-dashboard-cycle-total-triggers';
import * as teacherKindTriggers from '../../migrations/20261122190540-add-dashboard-teacher-kind-triggers';
import * as monthTeacherTriggers from '../../migrations/20261122190580-add-dashboard-month-teacher-triggers';
import * as spanTriggers from '../../migrations/20261122190600-add-dashboard-stage-span-triggers';
import * as surveyTriggers from '../../migrations/20261122190900-add-dashboard-survey-answer-triggers';

export interface DistrictOptions {
  teachers: number;
  coaches: number;
  mentors: number;
  schools: number;
  sessions: number;
  checkins: number;
  responses: number;
  reflections: number;
  /** School years of history, ending with the one that holds `until`. */
  years: number;
  /** The district's "today" (YYYY-MM-DD): nothing happens after it. */
  until: string;
  seed: number;
  /** Fill this existing tenant (e.g. one a benchmark registered) instead of creating one. */
  tenantId?: number;
  /** Prefix of the courses' context ids and the people's LMS ids. */
  prefix: string;
  log?: (line: string) => void;
}

export interface SeedReport {
  tenantId: number;
  spaces: Array<{ id: number; contextId: string; title: string }>;
  adminSub: string;
  rows: Record<string, number>;
  seconds: number;
  rowsPerSecond: number;
}

/** Defaults for the options not given, scaled from the number of teachers. */
export function districtDefaults(teachers: number, given: Partial<DistrictOptions> = {}): DistrictOptions {
  const coaches = given.coaches ?? Math.max(2, Math.round(teachers / 50));
  const sessions = given.sessions ?? teachers * 30;
  return {
    teachers, coaches, mentors: given.mentors ?? Math.max(1, Math.ceil(coaches / 8)), schools: given.schools ?? Math.max(1, Math.round(teachers / 250)),
    sessions, checkins: given.checkins ?? Math.round(sessions / 5), responses: given.responses ?? teachers * 20, reflections: given.reflections ?? teachers,
    years: given.years ?? 2, until: given.until ?? '2026-05-29', seed: given.seed ?? 1, tenantId: given.tenantId, prefix: given.prefix ?? 'district', log: given.log,
  };
}

/** Multi-row INSERTs in big transactions, counting rows per table. */
class BulkWriter {
  readonly counts: Record<string, number> = {};
  private readonly buffers = new Map<string, { columns: string; rows: string[] }>();
  private transaction: Transaction | undefined;
  private inTransaction = 0;
  private readonly mysql: boolean;

  constructor(private readonly sequelize: Sequelize, private readonly rowsPerStatement = 500, private readonly rowsPerTransaction = 50_000) {
    this.mysql = dialectOf(sequelize) === 'mysql';
  }

  /** A value as SQL: numbers, NULL, dates (as the dialect stores them) and escaped text. */
  private sql(v: unknown): string {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
    if (typeof v === 'boolean') return v ? '1' : '0';
    if (v instanceof Date) return `'${v.toISOString().replace('T', ' ').replace('Z', '')}${this.mysql ? '' : ' +00:00'}'`;
    return this.sequelize.escape(String(v));
  }

  async add(table: string, row: Record<string, unknown>): Promise<void> {
    let buffer = this.buffers.get(table);
    if (!buffer) this.buffers.set(table, (buffer = { columns: Object.keys(row).join(', '), rows: [] }));
    buffer.rows.push(`(${Object.values(row).map((v) => this.sql(v)).join(', ')})`);
    if (buffer.rows.length >= this.rowsPerStatement) await this.flush(table);
  }

  /** Writes a table's buffered rows, after those of every table first used before it (its parents). */
  private async flush(table: string): Promise<void> {
    for (const earlier of this.buffers.keys()) {
      if (earlier === table) break;
      await this.write(earlier);
    }
    await this.write(table);
  }

  private async write(table: string): Promise<void> {
    const buffer = this.buffers.get(table);
    if (!buffer?.rows.length) return;
    if (!this.transaction) {
      this.transaction = await this.sequelize.transaction();
      // Rows are consistent by construction; checking each foreign key would only slow the load.
      if (this.mysql) await this.sequelize.query('SET FOREIGN_KEY_CHECKS = 0', { transaction: this.transaction });
    }
    await this.sequelize.query(`INSERT INTO ${table} (${buffer.columns}) VALUES ${buffer.rows.join(', ')}`, { transaction: this.transaction });
    this.counts[table] = (this.counts[table] ?? 0) + buffer.rows.length;
    this.inTransaction += buffer.rows.length;
    buffer.rows = [];
    if (this.inTransaction >= this.rowsPerTransaction) await this.commit();
  }

  private async commit(): Promise<void> {
    if (!this.transaction) return;
    if (this.mysql) await this.sequelize.query('SET FOREIGN_KEY_CHECKS = 1', { transaction: this.transaction });
    await this.transaction.commit();
    this.transaction = undefined;
    this.inTransaction = 0;
  }

  /** Rolls back the open transaction (after a failure). */
  async abort(): Promise<void> {
    await this.transaction?.rollback().catch(() => undefined);
    this.transaction = undefined;
  }

  /** Writes whatever is buffered and commits. */
  async done(): Promise<void> {
    for (const table of this.buffers.keys()) await this.flush(table);
    await this.commit();
  }
}

interface Teacher { id: number; school: number; engagement: number; optedIn: boolean; coach?: number }
interface Cycle { id: number; space: number; teacher: Teacher; coach: number; start: number; end: number; status: string; stages: number }
interface Goal { id: number; cycle: Cycle; status: string; baseline: number; target: number; due: number }

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
const KIND_WEIGHTS: Array<[SessionKind, number, number, number]> = [
  // kind, weight, fewest and most minutes
  ['planning', 20, 30, 60], ['observation', 22, 30, 60], ['co_teaching', 8, 40, 60], ['modeling', 7, 40, 60], ['debrief', 23, 20, 45], ['check_in', 20, 10, 20],
];

/**
 * Fills the database; see the file comment. The rollup triggers are dropped first and always
 * recreated (which rebuilds the rollups), even when the load fails half-way.
 */
export async function seedDistrict(sequelize: Sequelize, o: DistrictOptions): Promise<SeedReport> {
  const started = Date.now();
  const qi = sequelize.getQueryInterface();
  const surveys = (await qi.showAllTables()).map(String).includes('survey_responses');
  // Recreated in this order: the per-teacher rollups first, then the distinct-teacher counts kept from them.
  const triggers = [sessionTriggers, teacherKindTriggers, monthTeacherTriggers, cycleTotalTriggers, spanTriggers, ...(surveys ? [surveyTriggers] : [])];
  for (const t of [...triggers].reverse()) await t.down(qi);
  const w = new BulkWriter(sequelize);
  let report: Omit<SeedReport, 'seconds' | 'rowsPerSecond'>;
  try {
    report = await load(sequelize, w, o, surveys);
    await w.done();
  } catch (err) {
    await w.abort();
    throw err;
  } finally {
    o.log?.(`rows written in ${((Date.now() - started) / 1000).toFixed(1)} s; rebuilding the dashboard rollups …`);
    const rebuilding = Date.now();
    for (const t of triggers) await t.up(qi);
    o.log?.(`rollups rebuilt in ${((Date.now() - rebuilding) / 1000).toFixed(1)} s`);
  }
  // Fresh statistics after a bulk load, so the planners pick the covering indexes from the start.
  const mysql = dialectOf(sequelize) === 'mysql';
  for (const table of (await qi.showAllTables()).map(String).filter((t) => /^(dashboard_|coaching_sessions$|session_attendees$|cycles$|goals$|survey_)/.test(t))) {
    await sequelize.query(mysql ? `ANALYZE TABLE ${table}` : `ANALYZE ${table}`);
  }
  const seconds = (Date.now() - started) / 1000;
  return { ...report, seconds, rowsPerSecond: Object.values(w.counts).reduce((s, n) => s + n, 0) / seconds };
}

/** Generates every row through the writer. */
async function load(sequelize: Sequelize, w: BulkWriter, o: DistrictOptions, surveys: boolean): Promise<Omit<SeedReport, 'seconds' | 'rowsPerSecond'>> {
  const log = o.log ?? (() => undefined);
  const rnd = new Random(o.seed);
  const q = <T extends object>(sql: string, replacements: unknown[] = []) => sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const nextId = async (table: string) => Number((await q<{ n: number | null }>(`SELECT MAX(id) AS n FROM ${table}`))[0]?.n ?? 0) + 1;
  const ids: Record<string, number> = {};
  for (const t of ['people', 'spaces', 'memberships', 'teacher_profiles', 'coach_profiles', 'coaching_assignments', 'cycles', 'cycle_events', 'coaching_sessions', 'goals', 'goal_checkins', 'reflection_tasks', 'reflections', 'mentor_assignments', 'mentor_notes']) ids[t] = await nextId(t);
  const id = (table: string) => ids[table]++;
  const at = (day: number, hour = 12) => new Date((day * 24 + hour) * 3_600_000);
  const until = dayNumber(o.until);
  const now = at(until, 18);
  const names = districtNames(o.seed);

  // The tenant, its courses (one per school) and its people.
  let tenantId = o.tenantId;
  if (tenantId === undefined) {
    const kid = `seed-district-${o.seed}-${o.prefix}`;
    const issuer = `https://lms.${o.prefix}.example.org`;
    await sequelize.query(`INSERT INTO lti_platforms (kid, platform_url, client_id, name, auth_endpoint, accesstoken_endpoint, auth_method, auth_key, accept_new_deployments, registration_method, created_at, updated_at)
      VALUES (?, ?, 'coachloop', ?, ?, ?, 'JWK_SET', ?, 0, 'manual', ?, ?)`, { replacements: [kid, issuer, `${names.district} LMS`, `${issuer}/auth`, `${issuer}/token`, `${issuer}/keys`, Date.now(), Date.now()] });
    await sequelize.query(`INSERT INTO tenants (platform_kid, tenant_key, issuer, client_id, deployment_id, name, status, created_at, updated_at) VALUES (?, ?, ?, 'coachloop', ?, ?, 'active', ?, ?)`,
      { replacements: [kid, tenantKey(issuer, 'coachloop', `seed-${o.seed}`), issuer, `seed-${o.seed}`, names.district, now, now] });
    tenantId = Number((await q<{ id: number }>('SELECT id FROM tenants WHERE platform_kid = ?', [kid]))[0].id);
  }
  const spaces = Array.from({ length: o.schools }, (_, i) => ({ id: id('spaces'), contextId: `${o.prefix}-school-${String(i + 1).padStart(2, '0')}`, title: `${names.school(i)} coaching` }));
  for (const [i, s] of spaces.entries()) await w.add('spaces', { id: s.id, tenant_id: tenantId, context_id: s.contextId, title: s.title, label: `SCH${i + 1}`, context_types: null, nrps_url: null, ags_lineitems_url: null, last_launch_at: null, created_at: now, updated_at: now });
  const person = async (sub: string, name: [string, string]) => {
    const pid = id('people');
    await w.add('people', { id: pid, tenant_id: tenantId, sub, name: `${name[0]} ${name[1]}`, given_name: name[0], family_name: name[1], email: null, last_launch_at: null, created_at: now, updated_at: now });
    return pid;
  };
  const member = (spaceId: number, personId: number, role: string, lti: string) => w.add('memberships', {
    id: id('memberships'), space_id: spaceId, person_id: personId, lti_roles: JSON.stringify([`${LIS}membership#${lti}`]), role, status: 'active', last_launch_at: null, created_at: now, updated_at: now,
  });
  const adminSub = `${o.prefix}-admin`;
  const admin = await person(adminSub, ['Dana', 'Whitfield']);
  for (const s of spaces) await member(s.id, admin, 'admin', 'Administrator');
  const mentors: number[] = [];
  for (let i = 0; i < o.mentors; i++) {
    mentors.push(await person(`${o.prefix}-mentor-${String(i + 1).padStart(3, '0')}`, names.person(900_000 + i)));
    for (const s of spaces) await member(s.id, mentors[i], 'mentor', 'Mentor');
  }
  const coachSchool: number[] = [];
  const coaches: number[] = [];
  for (let i = 0; i < o.coaches; i++) {
    const pid = await person(`${o.prefix}-coach-${String(i + 1).padStart(4, '0')}`, names.person(800_000 + i));
    coaches.push(pid);
    coachSchool.push(i % o.schools);
    await member(spaces[i % o.schools].id, pid, 'coach', 'Instructor');
    await w.add('coach_profiles', { id: id('coach_profiles'), tenant_id: tenantId, person_id: pid, specialties: JSON.stringify(rnd.sample([...SPECIALTY_KEYS], 3)), grade_bands: JSON.stringify(rnd.sample([...GRADE_BAND_KEYS], 2)), capacity: 30, created_at: now, updated_at: now });
    await w.add('mentor_assignments', { id: id('mentor_assignments'), tenant_id: tenantId, mentor_person_id: mentors[i % o.mentors], coach_person_id: pid, active: 1, assigned_by: admin, assigned_at: at(until - 700), ended_by: null, ended_at: null, created_at: now, updated_at: now });
  }
  const schoolCoaches = spaces.map((_, s) => coaches.filter((_c, i) => coachSchool[i] === s));
  const teachers: Teacher[] = [];
  const schoolTeachers: number[][] = spaces.map(() => []);
  const firstYear = (until - dayNumber(`${dayOf(until).slice(0, 4)}-08-01`) >= 0 ? Number(dayOf(until).slice(0, 4)) : Number(dayOf(until).slice(0, 4)) - 1) - o.years + 1;
  for (let i = 0; i < o.teachers; i++) {
    const school = i % o.schools;
    const pid = await person(`${o.prefix}-teacher-${String(i + 1).padStart(5, '0')}`, names.person(i));
    await member(spaces[school].id, pid, 'teacher', 'Learner');
    const optedIn = rnd.next() < 0.62;
    const status = optedIn ? rnd.pick(['opted_in', 'opted_in', 'opted_in', 'opted_in', 'opted_in', 'opted_in', 'opted_in', 'opted_in', 'paused', 'left']) : undefined;
    const pool = schoolCoaches[school].length ? schoolCoaches[school] : coaches;
    const t: Teacher = { id: pid, school, engagement: Math.min(3, Math.max(0.3, Math.exp(rnd.normal() * 0.45))), optedIn: status === 'opted_in' || status === 'paused', coach: (status === 'opted_in' || status === 'paused') && rnd.next() < 0.92 ? pool[i % pool.length] : undefined };
    teachers.push(t);
    schoolTeachers[school].push(pid);
    if (status) {
      const optedAt = at(dayNumber(`${firstYear}-08-25`) + rnd.int(0, 60));
      await w.add('teacher_profiles', {
        id: id('teacher_profiles'), tenant_id: tenantId, person_id: pid, subjects: JSON.stringify([rnd.pick(words.subjects)]), grade_band: GRADE_BAND_KEYS[1 + (school % 4)],
        need_areas: JSON.stringify(rnd.sample([...SPECIALTY_KEYS], 2)), needs_note: rnd.pick(words.needs), status, opted_in_at: optedAt, status_changed_at: optedAt, created_at: optedAt, updated_at: optedAt,
      });
    }
    if (t.coach) {
      await w.add('coaching_assignments', { id: id('coaching_assignments'), space_id: spaces[school].id, coach_person_id: t.coach, teacher_person_id: pid, active: 1, match_score: rnd.int(55, 100), match_reasons: '[]', confirmed_by: admin, confirmed_at: at(dayNumber(`${firstYear}-09-01`)), ended_at: null, created_at: now, updated_at: now });
    }
  }
  log(`people and courses: ${o.teachers} teachers, ${o.coaches} coaches, ${o.mentors} mentors, ${o.schools} courses`);

  // Cycles with their stage history, and their goals.
  const cycles: Cycle[] = [];
  const goals: Goal[] = [];
  for (const t of teachers.filter((x) => x.coach)) {
    for (let y = firstYear; y < firstYear + o.years; y++) {
      let start = weekday(dayNumber(`${y}-09-08`) + rnd.int(0, 50));
      const wanted = rnd.pick([1, 2, 2, 3]);
      for (let k = 0; k < wanted && start < Math.min(until, dayNumber(`${y + 1}-05-01`)); k++) {
        const model = rnd.next() < 0.6 ? { key: 'impact', name: 'Impact Cycle', stages: ['Identify', 'Learn', 'Improve'] } : { key: 'student-centered', name: 'Student-Centered Coaching', stages: ['Goal', 'Learning targets', 'Pre-assessment', 'Instruction', 'Post-assessment'] };
        const planned = start + rnd.int(28, 56);
        const abandoned = planned <= until && rnd.next() < 0.1;
        const end = abandoned ? start + rnd.int(10, planned - start - 1) : planned;
        const status = end > until ? (rnd.next() < 0.05 ? 'paused' : 'active') : abandoned ? 'abandoned' : 'completed';
        const c: Cycle = { id: id('cycles'), space: spaces[t.school].id, teacher: t, coach: t.coach!, start, end, status, stages: model.stages.length };
        cycles.push(c);
        const cuts = model.stages.map((_, i) => start + Math.round(((planned - start) * i) / model.stages.length) + (i ? rnd.int(-3, 3) : 0));
        const reached = cuts.filter((d) => d <= Math.min(end, until)).length;
        await w.add('cycles', {
          id: c.id, space_id: c.space, teacher_person_id: t.id, coach_person_id: c.coach, focus: rnd.pick(words.focus), model_key: model.key, model_name: model.name, stages: JSON.stringify(model.stages),
          stage_index: reached - 1, status, starts_on: dayOf(start), ends_on: dayOf(planned), created_by: c.coach, closed_at: status === 'completed' || status === 'abandoned' ? at(end, 16) : null, created_at: at(start, 8), updated_at: at(Math.min(end, until), 16),
        });
        const event = (kind: string, from: string | null, to: string, stage: number, when: Date) => w.add('cycle_events', { id: id('cycle_events'), cycle_id: c.id, kind, from_value: from, to_value: to, stage_index: stage, person_id: c.coach, at: when });
        await event('status', null, 'active', 0, at(start, 8));
        for (let i = 0; i < reached; i++) await event('stage', i ? model.stages[i - 1] : null, model.stages[i], i, at(cuts[i], 8 + (i ? 1 : 0)));
        if (status === 'completed' || status === 'abandoned') await event('status', 'active', status, reached - 1, at(end, 16));
        if (status === 'paused') await event('status', 'active', 'paused', reached - 1, at(until - 2, 16));
        for (let g = 0; g < rnd.pick([1, 1, 2]); g++) {
          // Goal attainment goes with engagement (and so with hours of coaching), with noise.
          const u = 0.45 + 0.28 * Math.log(t.engagement) + rnd.normal() * 0.22;
          const goalStatus = status === 'completed' ? (u > 0.55 ? 'met' : u > 0.3 ? 'partly_met' : 'not_met') : status === 'abandoned' ? (rnd.next() < 0.5 ? 'not_met' : 'in_progress') : 'in_progress';
          const baseline = rnd.int(10, 50);
          const goal: Goal = { id: id('goals'), cycle: c, status: goalStatus, baseline, target: Math.min(100, baseline + rnd.int(15, 45)), due: planned };
          goals.push(goal);
          await w.add('goals', {
            id: goal.id, cycle_id: c.id, statement: rnd.pick(words.goals), student_outcome: rnd.pick(words.outcomes), success_measure: 'Exit tickets and a class tally', baseline, target: goal.target, unit: '% of students',
            due_on: dayOf(planned), alignment: '["CCSS"]', status: goalStatus, created_by: c.coach, created_at: at(start + 3), updated_at: at(Math.min(end, until)),
          });
        }
        start = weekday(planned + rnd.int(7, 30));
      }
    }
  }
  log(`cycles: ${cycles.length}, goals: ${goals.length}`);

  // The session log: cycle sessions in proportion to each cycle's length and its teacher's engagement, and group PD.
  const groupSessions = Math.round(o.sessions * 0.08);
  const weights = cycles.map((c) => Math.max(1, Math.min(c.end, until) - c.start) * c.teacher.engagement);
  const total = weights.reduce((s, x) => s + x, 0);
  const shares = weights.map((x) => ((o.sessions - groupSessions) * x) / total);
  const counts = shares.map(Math.floor);
  let left = o.sessions - groupSessions - counts.reduce((s, x) => s + x, 0);
  for (const i of shares.map((s, i) => [s - Math.floor(s), i]).sort((a, b) => b[0] - a[0]).map((x) => x[1])) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  const kindTotal = KIND_WEIGHTS.reduce((s, k) => s + k[1], 0);
  const session = async (space: number, coach: number, cycle: number | null, kind: SessionKind, day: number, minutes: number, attendees: number[]) => {
    const sid = id('coaching_sessions');
    await w.add('coaching_sessions', {
      id: sid, space_id: space, coach_person_id: coach, cycle_id: cycle, kind, held_on: dayOf(day), minutes, format: rnd.next() < 0.75 ? 'in_person' : 'virtual',
      notes: rnd.pick(words.notes), next_steps: rnd.pick(words.nextSteps), created_at: at(day, 17), updated_at: at(day, 17),
    });
    for (const teacher of attendees) await w.add('session_attendees', { session_id: sid, teacher_person_id: teacher });
  };
  for (const [i, c] of cycles.entries()) {
    const last = Math.min(c.end, until);
    for (let n = 0; n < counts[i]; n++) {
      let pick = rnd.next() * kindTotal;
      const kind = KIND_WEIGHTS.find((k) => (pick -= k[1]) < 0) ?? KIND_WEIGHTS[0];
      await session(c.space, c.coach, c.id, kind[0], Math.min(last, weekday(c.start + rnd.int(0, Math.max(0, last - c.start)))), rnd.int(kind[2], kind[3]), [c.teacher.id]);
    }
  }
  for (let n = 0; n < groupSessions; n++) {
    const ci = n % coaches.length;
    const school = coachSchool[ci];
    const y = firstYear + rnd.int(0, o.years - 1);
    const day = Math.min(until, weekday(dayNumber(`${y}-09-01`) + rnd.int(0, 270)));
    await session(spaces[school].id, coaches[ci], null, 'group_pd', day, rnd.int(45, 90), rnd.sample(schoolTeachers[school], Math.min(schoolTeachers[school].length, rnd.int(4, 14))));
  }
  log(`sessions: ${o.sessions}`);

  // Progress check-ins, spread over the goals, from the baseline towards what each goal reached.
  const reachedShare: Record<string, number> = { met: 1.05, partly_met: 0.7, not_met: 0.3, in_progress: 0.55 };
  for (const [gi, g] of goals.entries()) {
    const n = Math.floor(o.checkins / goals.length) + (gi < o.checkins % goals.length ? 1 : 0);
    const first = g.cycle.start + 7;
    const last = Math.max(first, Math.min(g.due, until));
    for (let k = 0; k < n; k++) {
      const f = n === 1 ? 1 : k / (n - 1);
      const value = Math.round((g.baseline + (g.target - g.baseline) * reachedShare[g.status] * f + rnd.normal() * 3) * 10) / 10;
      await w.add('goal_checkins', { id: id('goal_checkins'), goal_id: g.id, checked_on: dayOf(first + Math.round((last - first) * f)), value, note: rnd.pick(words.checkins), evidence_url: null, created_by: g.cycle.teacher.id, created_at: at(first + Math.round((last - first) * f)) });
    }
  }
  log(`check-ins: ${o.checkins}`);

  // Reflections (one per cycle, the closed ones first) and mentor notes.
  for (const c of [...cycles].sort((a, b) => Number(b.status === 'completed') - Number(a.status === 'completed')).slice(0, o.reflections)) {
    const task = id('reflection_tasks');
    await w.add('reflection_tasks', { id: task, space_id: c.space, cycle_id: c.id, stage_index: c.stages - 1, resource_link_id: null, lineitem_url: null, title: 'Looking back on the cycle', prompts: JSON.stringify(['What changed in your classroom?', 'What will you keep doing?']), created_by: c.coach, created_at: at(c.start + 14), updated_at: at(c.start + 14) });
    const done = c.status === 'completed' && c.end <= until;
    const status = done ? rnd.pick(['complete', 'complete', 'complete', 'complete', 'submitted', 'returned']) : 'draft';
    await w.add('reflections', {
      id: id('reflections'), task_id: task, space_id: c.space, teacher_person_id: c.teacher.id, status, answers: JSON.stringify([rnd.pick(words.reflections), rnd.pick(words.reflections)]),
      feedback: status === 'complete' || status === 'returned' ? rnd.pick(words.feedback) : null, score_given: null, score_maximum: null, graded_by: status === 'complete' ? c.coach : null,
      graded_at: status === 'complete' ? at(Math.min(c.end + 3, until)) : null, saved_at: at(Math.min(c.end, until)), submitted_at: status === 'draft' ? null : at(Math.min(c.end + 1, until)), created_at: at(c.start + 14), updated_at: at(Math.min(c.end + 3, until)),
    });
  }
  for (const [i, coach] of coaches.entries()) {
    for (let k = 0; k < 5 * o.years; k++) {
      const day = weekday(dayNumber(`${firstYear}-09-15`) + Math.round((k * 365 * o.years) / (5 * o.years)));
      if (day <= until) await w.add('mentor_notes', { id: id('mentor_notes'), tenant_id: tenantId, mentor_person_id: mentors[i % o.mentors], coach_person_id: coach, met_on: dayOf(day), body: rnd.pick(words.mentorNotes), created_at: at(day, 16), updated_at: at(day, 16) });
    }
  }

  if (surveys && o.responses > 0) await seedSurveys(w, rnd, { o, tenantId, spaces, admin, teachers, cycles, firstYear, until, at, nextId, schoolTeachers });
  return { tenantId, spaces, adminSub, rows: w.counts };
}

/** The ready-made teacher surveys of each school and year, with anonymous responses (and completions) totalling `o.responses`. */
async function seedSurveys(w: BulkWriter, rnd: Random, d: {
  o: DistrictOptions; tenantId: number; spaces: Array<{ id: number }>; admin: number; teachers: Teacher[]; cycles: Cycle[]; firstYear: number; until: number;
  at: (day: number, hour?: number) => Date; nextId: (table: string) => Promise<number>; schoolTeachers: number[][];
}): Promise<void> {
  const { o, at } = d;
  let surveyId = await d.nextId('surveys');
  let questionId = await d.nextId('survey_questions');
  let completionId = await d.nextId('survey_completions');
  const coached = new Set(d.teachers.filter((t) => t.coach).map((t) => t.id));
  // Response ids from their own source, varied by tenant and prefix: the same seed twice in one database gives the same district, not the same keys.
  const keys = new Random([...`${o.seed}/${o.prefix}/${d.tenantId}`].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0, 2166136261));
  const template = (key: string) => SURVEY_TEMPLATES.find((t) => t.key === key)!;
  type Planned = { key: string; space: number; school: number; opens: number; closes: number; eligible: number[]; eoy: boolean };
  const planned: Planned[] = [];
  for (let y = d.firstYear; y < d.firstYear + o.years; y++) {
    for (const [school, s] of d.spaces.entries()) {
      const all = d.schoolTeachers[school];
      planned.push({ key: 'teacher_boy', space: s.id, school, opens: dayNumber(`${y}-09-01`), closes: dayNumber(`${y}-09-30`), eligible: all, eoy: false });
      planned.push({ key: 'teacher_eoy', space: s.id, school, opens: dayNumber(`${y + 1}-05-15`), closes: dayNumber(`${y + 1}-06-12`), eligible: all, eoy: true });
      planned.push({ key: 'post_cycle', space: s.id, school, opens: dayNumber(`${y}-09-01`), closes: dayNumber(`${y + 1}-06-30`), eligible: all.filter((t) => coached.has(t)), eoy: false });
    }
  }
  // Snapshots (coached teachers) as often as needed to reach the number of responses asked for.
  const fixedCapacity = planned.filter((p) => p.opens <= d.until).reduce((s, p) => s + p.eligible.length, 0);
  const snapshotCapacity = d.spaces.reduce((s, _, i) => s + d.schoolTeachers[i].filter((t) => coached.has(t)).length, 0) * o.years;
  const snapshots = Math.min(30, Math.max(3, Math.ceil((o.responses / 0.85 - fixedCapacity) / Math.max(1, snapshotCapacity))));
  for (let y = d.firstYear; y < d.firstYear + o.years; y++) {
    for (let k = 0; k < snapshots; k++) {
      const opens = dayNumber(`${y}-10-01`) + Math.round((k * 200) / snapshots);
      for (const [school, s] of d.spaces.entries()) planned.push({ key: 'snapshot', space: s.id, school, opens, closes: opens + 13, eligible: d.schoolTeachers[school].filter((t) => coached.has(t)), eoy: false });
    }
  }
  const open = planned.filter((p) => p.opens <= d.until);
  const capacity = open.reduce((s, p) => s + p.eligible.length, 0);
  const rate = Math.min(1, o.responses / Math.max(1, capacity));
  let remaining = o.responses;
  for (const [pi, p] of open.entries()) {
    const t = template(p.key);
    const sid = surveyId++;
    await w.add('surveys', {
      id: sid, tenant_id: d.tenantId, space_id: p.space, title: t.title, description: t.description, kind: t.kind, audience_roles: JSON.stringify(t.audienceRoles), audience_coaching: t.audienceCoaching,
      opens_on: dayOf(p.opens), closes_on: dayOf(p.closes), anonymous: true, edit_until_close: false, status: 'published', template_key: t.key, created_by: d.admin, resource_link_id: null, lineitem_url: null,
      published_at: at(p.opens - 3), created_at: at(p.opens - 5), updated_at: at(p.opens - 3),
    });
    const questions = t.questions.map((question, i) => ({ ...question, id: questionId++, position: i + 1 }));
    for (const question of questions) {
      await w.add('survey_questions', {
        id: question.id, survey_id: sid, position: question.position, kind: question.kind, prompt: question.prompt, help: question.help ?? null, required: question.required,
        options: question.options ? JSON.stringify(question.options) : null, min_value: question.min ?? null, max_value: question.max ?? null, compare_key: question.compareKey ?? null, created_at: at(p.opens - 5), updated_at: at(p.opens - 5),
      });
    }
    const count = pi === open.length - 1 ? Math.min(remaining, p.eligible.length) : Math.min(remaining, p.eligible.length, Math.round(p.eligible.length * rate));
    remaining -= count;
    for (const person of rnd.sample(p.eligible, count)) {
      const isCoached = coached.has(person);
      const day = Math.min(d.until, p.closes, p.opens + rnd.int(0, Math.max(0, p.closes - p.opens)));
      const lift = (isCoached ? 0.35 : 0) + (p.eoy ? (isCoached ? 0.45 : 0.1) : 0) + (p.key === 'snapshot' || p.key === 'post_cycle' ? 0.6 : 0);
      const answers: Record<string, unknown> = {};
      for (const question of questions) {
        if (!question.required && rnd.next() < 0.25) continue;
        if (question.kind === 'likert5') answers[question.id] = Math.min(5, Math.max(1, Math.round(3 + lift + rnd.normal())));
        else if (question.kind === 'single') {
          const opts = question.options ?? [];
          const often = opts.length === 6;
          answers[question.id] = opts[Math.min(opts.length - 1, Math.max(0, Math.round((often ? 2 + lift * 1.5 : 0.6) + rnd.normal() * (often ? 1.1 : 0.8))))];
        } else if (question.kind === 'multiple') answers[question.id] = rnd.sample(question.options ?? [], rnd.int(1, 3));
        else if (question.kind === 'number') answers[question.id] = Math.min(question.max ?? 60, Math.max(question.min ?? 0, Math.round(3 + lift * 2 + rnd.normal() * 2)));
        else if (rnd.next() < 0.3) answers[question.id] = rnd.pick(words.surveyText);
      }
      await w.add('survey_responses', { id: keys.uuid(), survey_id: sid, period: isoWeek(at(day)), role_group: 'teacher', coaching_group: isCoached ? 'coached' : 'not_coached', answers: JSON.stringify(answers) });
      await w.add('survey_completions', { id: completionId++, survey_id: sid, person_id: person, completed_on: dayOf(day) });
    }
  }
}


/** A repeatable random source (mulberry32), so the same seed gives the same district. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = (seed >>> 0) || 0x9e3779b9;
  }
  /** A number in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  /** A whole number from lo to hi, both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** A standard normal number (Box–Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }
  /** k different items, in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
  /** A version-4 UUID from this source. */
  uuid(): string {
    const h = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16));
    h[12] = '4';
    h[16] = '89ab'[Math.floor(this.next() * 4)];
    const x = h.join('');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  }
}

/** Days since 1970-01-01 of a YYYY-MM-DD day, and back. */
export const dayNumber = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;
export const dayOf = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
/** The day itself on a weekday, the Monday after on a weekend (day 0, 1970-01-01, was a Thursday). */
export const weekday = (n: number) => n + ([0, 0, 0, 0, 0, 2, 1][(n + 3) % 7] ?? 0);

const FIRST = ['Ana', 'Ben', 'Carla', 'Deon', 'Elif', 'Farah', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kemal', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tess',
  'Uma', 'Victor', 'Wen', 'Xavi', 'Yara', 'Zane', 'Alma', 'Bilal', 'Chloe', 'Dmitri', 'Esme', 'Felix', 'Gloria', 'Hugo', 'Ines', 'Jamal', 'Kira', 'Luis', 'Maya', 'Noor'];
const LAST = ['Abbott', 'Baptiste', 'Chen', 'Diallo', 'Ekwueme', 'Fischer', 'Garcia', 'Haddad', 'Ibrahim', 'Jensen', 'Kowalski', 'Lopez', 'Mensah', 'Nakamura', 'Okafor', 'Petrov',
  'Quintero', 'Rossi', 'Singh', 'Tanaka', 'Usman', 'Varga', 'Wong', 'Xu', 'Yilmaz', 'Zielinski', 'Alvarez', 'Brennan', 'Costa', 'Dubois', 'Eriksen', 'Flores', 'Gupta', 'Horvat', 'Ito', 'Jovanovic', 'Kim', 'Larsen', 'Morales', 'Novak'];
const SCHOOLS = ['Lincoln', 'Riverside', 'Oak Hill', 'Maple Grove', 'Cedar Park', 'Lakeview', 'Hillcrest', 'Westfield', 'Eastside', 'Northgate', 'Pine Ridge', 'Brookside', 'Sunnyvale', 'Fairview', 'Meadowbrook',
  'Highland', 'Valley View', 'Parkside', 'Summit', 'Harbor', 'Willow Creek', 'Stonebridge', 'Green Acres', 'Clearwater'];

/** Names of the district, its schools and its people (varied by the seed). */
export function districtNames(seed: number) {
  const shift = seed % FIRST.length;
  return {
    district: `${SCHOOLS[seed % SCHOOLS.length]} Unified School District`,
    school: (i: number) => `${SCHOOLS[(i + seed) % SCHOOLS.length]} ${['Elementary', 'Middle', 'High', 'K-8'][i % 4]}${i >= SCHOOLS.length ? ` ${Math.floor(i / SCHOOLS.length) + 1}` : ''}`,
    person: (i: number): [string, string] => [FIRST[(i + shift) % FIRST.length], LAST[Math.floor(i / FIRST.length + shift) % LAST.length]],
  };
}

/** Canned words for what people write (coaching content: only the teacher and their coach ever see it). */
export const words = {
  subjects: ['Math', 'English language arts', 'Science', 'Social studies', 'Art', 'Spanish', 'Physical education'],
  needs: ['My students rarely explain their thinking.', 'I want more students talking in discussions.', 'Small groups fall apart when I work with one group.', 'I want to use exit tickets better.'],
  focus: ['Students explain their reasoning', 'Academic discussion in small groups', 'Checking for understanding', 'Routines for independent work', 'Feedback students act on'],
  goals: ['80% of students justify an answer in writing', 'Every student speaks in each discussion', 'Students revise work after feedback', 'Groups finish tasks without teacher help'],
  outcomes: ['Students explain how they know', 'Students build on each other’s ideas', 'Students use feedback to improve'],
  notes: ['Watched the opening routine; most students started within two minutes.', 'Planned sentence stems for the discussion.', 'Tallied who spoke: 9 of 24 students.', 'Debriefed the exit ticket data together.'],
  nextSteps: ['Try the stems on Tuesday.', 'Collect exit tickets for a week.', 'Visit again during group work.', 'Model the routine next class.'],
  checkins: ['Better than last week.', 'Two groups still struggle.', 'Most students met the bar.', 'A dip after the holiday.'],
  reflections: ['Students talk more when they have stems.', 'I wait longer before calling on someone now.', 'The data surprised me.', 'Small groups run without me.'],
  feedback: ['Thank you: the data you gathered makes the change visible.', 'A clear reflection. Keep the routine going.'],
  mentorNotes: ['Talked through how to open a cycle with a reluctant teacher.', 'Looked at caseload balance across two schools.', 'Planned a group PD session on discussion.', 'Reviewed how debriefs end with one next step.'],
  surveyText: ['More time to plan with my coach.', 'Co-teaching helped the most.', 'Shorter surveys, please.', 'Seeing a lesson modeled.'],
};
