/**
 * A coaching course for tests: a simulated LMS course with two coaches, two teachers, an admin, a
 * mentor and a member without a coaching role, each launched once (real OIDC round trips), with
 * their person ids and session tokens, and actors for calling commands directly.
 */
import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Actor } from '../../src/auth/actor';
import { confirmAssignment } from '../../src/features/coaching/commands/assignmentConfirmer';
import { startCycle } from '../../src/features/coaching/commands/cycleStarter';
import { teacherOptIn } from '../../src/features/coaching/commands/teacherOptIn';
import type { CoachRole } from '../../src/auth/roles';
import { BrowserClient, type BrowserResponse } from '../../src/simulator/client';
import { testDatabase } from './database';
import { type Harness, ltikOf } from './harness';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

export type Member = 'coach' | 'otherCoach' | 'teacher' | 'otherTeacher' | 'admin' | 'mentor' | 'guest';

const PEOPLE: Record<Member, { sub: string; name: string; roles: string[]; role: CoachRole; institutionRoles?: string[] }> = {
  coach: { sub: 'u-coach', name: 'Cora Coach', roles: [`${LIS}membership#Instructor`], role: 'coach' },
  otherCoach: { sub: 'u-coach2', name: 'Omar Othercoach', roles: [`${LIS}membership#Instructor`], role: 'coach' },
  teacher: { sub: 'u-teacher', name: 'Tess Teacher', roles: [`${LIS}membership#Learner`], role: 'teacher' },
  otherTeacher: { sub: 'u-teacher2', name: 'Theo Otherteacher', roles: [`${LIS}membership#Learner`], role: 'teacher' },
  admin: { sub: 'u-admin', name: 'Paula Principal', roles: [`${LIS}membership#Administrator`], role: 'admin', institutionRoles: [`${LIS}institution/person#Administrator`] },
  mentor: { sub: 'u-mentor', name: 'Milo Mentor', roles: [`${LIS}membership#Mentor`], role: 'mentor' },
  guest: { sub: 'u-guest', name: 'Gus Guest', roles: [`${LIS}membership#ContentDeveloper`], role: 'none' },
};

export interface CoachingCourse {
  sequelize: Sequelize;
  spaceId: number;
  tenantId: number;
  ids: Record<Member, number>;
  browsers: Record<Member, BrowserClient>;
  ltiks: Record<Member, string>;
  /** A minimal actor for calling commands directly as a member. */
  actor(who: Member): Actor;
  get(who: Member, path: string): Promise<BrowserResponse>;
  post(who: Member, path: string, form?: Record<string, string | string[]>): Promise<BrowserResponse>;
}

/** Creates the course in the harness's LMS and launches every member into it. */
export async function coachingCourse(h: Harness, courseId = 'coaching-course'): Promise<CoachingCourse> {
  h.sim.addCourse({ id: courseId, title: 'Coaching 2026', label: 'CO26' });
  for (const p of Object.values(PEOPLE)) {
    h.sim.addUser({ sub: p.sub, name: p.name, given_name: p.name.split(' ')[0], family_name: p.name.split(' ')[1], email: `${p.sub}@example.org`, ...(p.institutionRoles ? { institutionRoles: p.institutionRoles } : {}) });
    h.sim.enroll(courseId, p.sub, p.roles);
  }
  const sequelize = await testDatabase();
  const browsers = {} as Record<Member, BrowserClient>;
  const ltiks = {} as Record<Member, string>;
  for (const who of Object.keys(PEOPLE) as Member[]) {
    browsers[who] = new BrowserClient();
    const page = await h.launch({ userSub: PEOPLE[who].sub, courseId }, browsers[who]);
    expect(page.status, `${who} launch`).to.equal(200);
    ltiks[who] = ltikOf(page);
  }
  const [space] = await sequelize.query<{ id: number; tenant_id: number; title: string }>(
    'SELECT s.id, s.tenant_id, s.title FROM spaces s JOIN tenants t ON t.id = s.tenant_id WHERE t.client_id = ? AND s.context_id = ?',
    { replacements: [h.clientId, courseId], type: QueryTypes.SELECT },
  );
  const people = await sequelize.query<{ id: number; sub: string }>('SELECT id, sub FROM people WHERE tenant_id = ?', { replacements: [space.tenant_id], type: QueryTypes.SELECT });
  const ids = Object.fromEntries((Object.keys(PEOPLE) as Member[]).map((who) => [who, Number(people.find((p) => p.sub === PEOPLE[who].sub)!.id)])) as Record<Member, number>;
  const spaceId = Number(space.id);
  const tenantId = Number(space.tenant_id);
  const url = (who: Member, path: string) => `${h.toolUrl}${path}${path.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(ltiks[who])}`;
  return {
    sequelize, spaceId, tenantId, ids, browsers, ltiks,
    actor: (who) => ({
      tenant: { id: tenantId, name: 'Test', issuer: h.sim.issuer, clientId: h.clientId, deploymentId: h.deploymentId, status: 'active' },
      person: { id: ids[who], sub: PEOPLE[who].sub, name: PEOPLE[who].name },
      space: { id: spaceId, contextId: courseId, title: space.title },
      role: PEOPLE[who].role,
      ltiRoles: PEOPLE[who].roles,
      ltik: ltiks[who],
      launch: {} as Actor['launch'],
    }),
    get: (who, path) => browsers[who].request('GET', url(who, path)),
    post: (who, path, form = {}) => browsers[who].request('POST', url(who, path), { form }),
  };
}

/** Opts the teacher in, assigns the coach and starts a cycle; returns the cycle id. */
export async function teacherWithCycle(c: CoachingCourse, who: Member = 'teacher', coach: Member = 'coach', model = 'impact'): Promise<number> {
  await teacherOptIn(c.sequelize, { actor: c.actor(who), subjects: ['Math'], gradeBand: 'g6_8', needAreas: ['math', 'data'], needsNote: `NEEDS-NOTE-OF-${who}` });
  await confirmAssignment(c.sequelize, { actor: c.actor('admin'), teacherId: c.ids[who], coachId: c.ids[coach] });
  return startCycle(c.sequelize, { actor: c.actor(coach), teacherId: c.ids[who], focus: `FOCUS-OF-${who}`, model, startsOn: '2026-09-01', endsOn: '2026-10-15', status: 'active' });
}
