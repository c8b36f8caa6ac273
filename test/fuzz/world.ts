/**
 * The world the fuzz tests attack: a coaching course with records of every kind (cycle, goal,
 * reflection, surveys, assignments, mentoring, standards tag, PD offering and link, group session), a second tenant with the same kinds of records (whose
 * ids the fuzzers aim at), a deep-linking session, and a CoachLoop instance with operator pages on
 * (same database and key) with a signed-in operator. `send` makes one request as any of them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createApp, type CoachLoopApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { BrowserClient } from '../../src/simulator/client';
import { createCycleModel } from '../../src/features/coaching/commands/cycleModelSaver';
import { createGoal } from '../../src/features/coaching/commands/goalCreator';
import { confirmAssignment } from '../../src/features/coaching/commands/assignmentConfirmer';
import { teacherOptIn } from '../../src/features/coaching/commands/teacherOptIn';
import { createReflectionTask } from '../../src/features/reflections/commands/taskCreator';
import { assignMentor } from '../../src/features/mentoring/commands/mentorAssigner';
import { logSession } from '../../src/features/coaching/commands/sessionLogger';
import { linkLearning } from '../../src/features/learning/commands/learningLinker';
import { createOffering } from '../../src/features/learning/commands/offeringSaver';
import { addDistrictTag } from '../../src/features/learning/commands/tagSaver';
import { testDatabase } from '../helpers/database';
import { coachingCourse, type CoachingCourse, type Member, teacherWithCycle } from '../helpers/coaching';
import { type Harness, ltikOf, startHarness, TEST_ENCRYPTION_KEY } from '../helpers/harness';
import { extraTeachers, publishedSurvey, respondAll } from '../features/surveys/fixtures';
import { encodeForm, type Form, type RawBody } from './hostile';

/** Who makes a request. */
export type Caller = Member | 'anonymous' | 'deepLinkCoach' | 'otherTenantCoach' | 'operator';

/** Record ids by path parameter name. */
export type Ids = Record<string, number[]>;

export interface FuzzResponse {
  status: number;
  body: string;
  contentType: string;
}

export interface SendOptions {
  form?: Form;
  raw?: RawBody;
  /** Extra query parameters (after the session's ltik). */
  query?: Array<[string, string]>;
  accept?: string;
  /** Leave the session's ltik out of the query (only extra query parameters are sent). */
  noLtik?: boolean;
}

export interface FuzzWorld {
  h: Harness;
  other: Harness;
  c: CoachingCourse;
  o: CoachingCourse;
  /** The fixture's records (safe to act on), by parameter name. */
  own: Ids;
  /** The same kinds of records in the other tenant. */
  foreign: Ids;
  /** Field values that are valid somewhere in this world (person ids, question fields, issuer…). */
  values: Record<string, string>;
  operatorToken: string;
  operatorUrl: string;
  send(who: Caller, method: string, path: string, opts?: SendOptions): Promise<FuzzResponse>;
  stop(): Promise<void>;
}

/** A path segment safe to put in a URL even when the text holds lone surrogates. */
export function pathSegment(s: string): string {
  return encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

/** Records of one tenant (see FuzzWorld.own). */
async function records(h: Harness, c: CoachingCourse, courseId: string): Promise<Ids> {
  const cycleId = await teacherWithCycle(c);
  const goalId = await createGoal(c.sequelize, { actor: c.actor('teacher'), cycleId, statement: 'Fuzz goal', studentOutcome: 'o', successMeasure: 'm', baseline: 0, target: 10, unit: 'pts', dueOn: '2026-12-01', alignment: [] });
  const modelId = await createCycleModel(c.sequelize, { actor: c.actor('admin'), name: 'Fuzz model', stages: ['One', 'Two'] });
  const sub = `u-fuzz-third-${courseId}`;
  h.sim.addUser({ sub, name: 'Tara Thirdteacher' });
  h.sim.enroll(courseId, sub, ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
  expect((await h.launch({ userSub: sub, courseId })).status).to.equal(200);
  const [third] = await c.sequelize.query<{ id: number }>('SELECT id FROM people WHERE tenant_id = ? AND sub = ?', { replacements: [c.tenantId, sub], type: QueryTypes.SELECT });
  const thirdActor = { ...c.actor('otherTeacher'), person: { id: Number(third.id), sub, name: 'Tara Thirdteacher' } };
  await teacherOptIn(c.sequelize, { actor: thirdActor, subjects: ['Art'], gradeBand: 'k_2', needAreas: ['sel'] });
  const assignmentId = await confirmAssignment(c.sequelize, { actor: c.actor('admin'), teacherId: thirdActor.person.id, coachId: c.ids.coach });
  const { reflectionId } = await createReflectionTask(c.sequelize, { actor: c.actor('coach'), cycleId, title: 'Fuzz reflection', prompts: ['What changed?', 'What next?'] });
  const survey = await publishedSurvey(c, { author: 'coach', settings: { title: 'Fuzz survey' } });
  await respondAll(c.sequelize, survey.id, await extraTeachers(c, 5, false), () => ({ [survey.questionIds[0]]: 3 }));
  const draft = await publishedSurvey(c, {
    author: 'coach', publish: false, settings: { title: 'Fuzz draft' },
    questions: [
      { kind: 'single', prompt: 'Pick one', required: true, options: ['A', 'B'] },
      { kind: 'number', prompt: 'How many?', required: false, min: 0, max: 10 },
      { kind: 'short_text', prompt: 'Say it', required: false },
    ],
  });
  await assignMentor(c.sequelize, { actor: c.actor('admin'), mentorId: c.ids.mentor, coachId: c.ids.coach });
  const mentorAssignmentId = await assignMentor(c.sequelize, { actor: c.actor('admin'), mentorId: c.ids.mentor, coachId: c.ids.otherCoach });
  // Professional learning: a district tag carried by a goal, an offering carrying it, linked to the cycle, and a group session (by `coach`).
  const tagId = await addDistrictTag(c.sequelize, { actor: c.actor('admin'), name: 'Fuzz tag', code: 'FZ.1' });
  await createGoal(c.sequelize, { actor: c.actor('teacher'), cycleId, statement: 'Tagged fuzz goal', studentOutcome: 'o', successMeasure: 'm', baseline: 0, target: 10, unit: 'pts', dueOn: '2026-12-01', tags: [tagId] });
  const offeringId = await createOffering(c.sequelize, { actor: c.actor('admin'), title: 'Fuzz offering', kind: 'course', url: 'https://lms.example.org/c/1', focusAreas: ['math'], tags: [tagId] });
  const linkId = await linkLearning(c.sequelize, { actor: c.actor('coach'), cycleId, offeringId, why: 'Fuzz why' });
  const sessionId = await logSession(c.sequelize, { actor: c.actor('coach'), attendees: [c.ids.teacher, thirdActor.person.id], kind: 'group_pd', heldOn: '2026-10-01', minutes: 60, format: 'in_person', offeringId, tags: [tagId] });
  return {
    tagId: [tagId], offeringId: [offeringId], linkId: [linkId], sessionId: [sessionId], teacherId: [c.ids.teacher, thirdActor.person.id],
    cycleId: [cycleId], goalId: [goalId], modelId: [modelId], assignmentId: [assignmentId], reflectionId: [reflectionId],
    surveyId: [survey.id, draft.id], questionId: [...survey.questionIds, ...draft.questionIds], mentorAssignmentId: [mentorAssignmentId],
    coachId: [c.ids.coach], personId: [thirdActor.person.id], publishedSurveyId: [survey.id], publishedQuestionId: survey.questionIds,
  };
}

/** Builds the world (about ten seconds: two tenants, a dozen launches). */
export async function buildWorld(): Promise<FuzzWorld> {
  const h = await startHarness();
  const other = await startHarness();
  const c = await coachingCourse(h, 'fuzz-course');
  const o = await coachingCourse(other, 'fuzz-other-course');
  const own = await records(h, c, 'fuzz-course');
  const foreign = await records(other, o, 'fuzz-other-course');

  const deepLinkBrowser = new BrowserClient();
  const picker = await h.launch({ userSub: 'u-coach', courseId: 'fuzz-course', messageType: 'LtiDeepLinkingRequest' }, deepLinkBrowser);
  expect(picker.status, 'deep-linking launch').to.equal(200);
  const deepLinkLtik = ltikOf(picker);

  // A platform and a tenant the operator fuzzers may remove and suspend without harming the harness.
  const sacrificialKid = await h.coachloop.lti.registerPlatform({
    issuer: 'https://sacrificial-lms.example.org', clientId: 'sacrificial-client', name: 'Sacrificial LMS',
    authorizationEndpoint: 'https://sacrificial-lms.example.org/auth', tokenEndpoint: 'https://sacrificial-lms.example.org/token', jwksUrl: 'https://sacrificial-lms.example.org/jwks',
  });
  await h.coachloop.tenants.create({ platformKid: sacrificialKid, issuer: 'https://sacrificial-lms.example.org', clientId: 'sacrificial-client', deploymentId: 'sacrificial-deployment', name: 'Sacrificial district' });
  const [tenant] = await c.sequelize.query<{ id: number }>('SELECT id FROM tenants WHERE deployment_id = ? ORDER BY id DESC', { replacements: ['sacrificial-deployment'], type: QueryTypes.SELECT });
  own.id = [Number(tenant.id)];

  const operatorToken = 'fuzz-operator-token-0123456789abcdef';
  const operatorServer = http.createServer();
  await new Promise<void>((resolve) => operatorServer.listen(0, '127.0.0.1', resolve));
  const operatorUrl = `http://127.0.0.1:${(operatorServer.address() as AddressInfo).port}`;
  const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }), publicUrl: operatorUrl, operatorToken };
  const operatorApp: CoachLoopApp = await createApp({ config, sequelize: await testDatabase() });
  operatorServer.on('request', operatorApp.app);
  const signIn = new BrowserClient();
  expect((await signIn.request('POST', `${operatorUrl}/operator/login`, { form: { token: operatorToken } })).status).to.equal(303);
  const operatorCookie = signIn.cookieHeader(`${operatorUrl}/operator`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await signIn.request('GET', `${operatorUrl}/operator`)).html)?.[1];
  if (!csrf) throw new Error('No CSRF token on the operator page');

  const sessions: Record<Exclude<Caller, 'operator'>, { browser: BrowserClient; ltik?: string }> = {
    ...Object.fromEntries((Object.keys(c.browsers) as Member[]).map((m) => [m, { browser: c.browsers[m], ltik: c.ltiks[m] }])) as Record<Member, { browser: BrowserClient; ltik: string }>,
    anonymous: { browser: new BrowserClient() },
    deepLinkCoach: { browser: deepLinkBrowser, ltik: deepLinkLtik },
    otherTenantCoach: { browser: o.browsers.coach, ltik: o.ltiks.coach },
  };

  const send = async (who: Caller, method: string, path: string, opts: SendOptions = {}): Promise<FuzzResponse> => {
    const operator = who === 'operator' || path.startsWith('/operator');
    const base = operator ? operatorUrl : h.toolUrl;
    const session = who === 'operator' ? undefined : sessions[who];
    const params = new URLSearchParams();
    if (session?.ltik && !opts.noLtik) params.append('ltik', session.ltik);
    for (const [k, v] of opts.query ?? []) params.append(k, v);
    const query = params.toString();
    const headers: Record<string, string> = { accept: opts.accept ?? 'text/html' };
    if (who === 'operator') headers.cookie = operatorCookie;
    let body: string | undefined;
    if (opts.raw) {
      body = opts.raw.body;
      if (opts.raw.contentType) headers['content-type'] = opts.raw.contentType;
      if (opts.raw.contentEncoding) headers['content-encoding'] = opts.raw.contentEncoding;
    } else if (opts.form || method !== 'GET') {
      const form = { ...(opts.form ?? {}) };
      if (who === 'operator' && !('_csrf' in form)) form._csrf = csrf;
      body = encodeForm(form);
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const browser = session?.browser ?? new BrowserClient();
    const res = await browser.request(method, `${base}${path}${query ? `?${query}` : ''}`, { headers, body: method === 'GET' ? undefined : body });
    return { status: res.status, body: res.html, contentType: res.headers.get('content-type') ?? '' };
  };

  return {
    h, other, c, o, own, foreign, operatorToken, operatorUrl, send,
    values: {
      teacher: String(c.ids.teacher), otherTeacher: String(c.ids.otherTeacher), coach: String(c.ids.coach), otherCoach: String(c.ids.otherCoach),
      mentor: String(c.ids.mentor), admin: String(c.ids.admin), foreignTeacher: String(o.ids.teacher), foreignCoach: String(o.ids.coach),
      publishedQuestion: String(own.publishedQuestionId[0]),
      goal: String(own.goalId[0]), tag: String(own.tagId[0]), offering: String(own.offeringId[0]),
      foreignTag: String(foreign.tagId[0]), foreignOffering: String(foreign.offeringId[0]), foreignGoal: String(foreign.goalId[0]),
    },
    stop: async () => {
      operatorServer.closeAllConnections();
      await new Promise<void>((resolve) => operatorServer.close(() => resolve()));
      await operatorApp.close();
      await other.stop();
      await h.stop();
    },
  };
}
