/**
 * For every route that changes something: a caller who is allowed (so fuzzed input reaches the
 * validation) and one who is not, and a valid-looking form the fuzzers start from. The fuzz test
 * fails when a declared POST/PUT/PATCH/DELETE route has no entry here.
 */
import { GRADE_BAND_KEYS, SESSION_KIND_KEYS, SPECIALTY_KEYS, CYCLE_STATUS_KEYS, GOAL_STATUS_KEYS } from '../../src/features/coaching/catalog';
import { AUDIENCE_ROLES, COACHING_FILTERS, QUESTION_KINDS, SURVEY_KINDS } from '../../src/features/surveys/catalog';
import { TEMPLATE_KEYS } from '../../src/features/surveys/templates';
import { OFFERING_KIND_KEYS } from '../../src/features/learning/catalog';
import { ROUNDING_STEPS } from '../../src/features/pdCredit/catalog';
import type { Form } from './hostile';
import type { Caller } from './world';

export interface RouteForm {
  allowed: Caller;
  /** Left out for public routes, which refuse no one. */
  refused?: Caller;
  /** The valid-looking form; `values` holds the world's ids and keys by name. */
  form(values: Record<string, string>): Form;
  /** Other values valid for some field (enums, ids), mixed into the hostile ones. */
  extras?(values: Record<string, string>): string[];
  /** Acting on valid input ends something (a status, an archive): fuzzed after the others. */
  terminal?: boolean;
}

const settingsForm = (): Form => ({
  title: 'Fuzzed survey', description: 'Hello', kind: 'custom', audienceRoles: ['teacher'], audienceCoaching: 'all',
  opensOn: '', closesOn: '', anonymous: 'yes', editUntilClose: 'once',
});
const surveyExtras = () => [...SURVEY_KINDS, ...AUDIENCE_ROLES, ...COACHING_FILTERS, ...TEMPLATE_KEYS, 'yes', 'no', 'once', 'edit', '2026-09-01', '2027-06-30'];
const questionForm = (): Form => ({ kind: 'single', prompt: 'Which?', help: '', required: 'yes', options: 'A\nB\nC', min: '', max: '', compareKey: '' });
const questionExtras = () => [...QUESTION_KINDS, 'on', 'true', 'a.b-c_d', 'A\nA', 'A\n\nB', '10', '-10'];
const sessionForm = (): Form => ({ kind: SESSION_KIND_KEYS[0], heldOn: '2026-09-10', minutes: '45', format: 'in_person', notes: 'We met.', nextSteps: 'Try it.' });
const sessionExtras = () => [...SESSION_KIND_KEYS, 'virtual', 'in_person', '1', '600'];

const tagForm = (): Form => ({ name: 'Fuzz tag renamed', code: 'FZ.2' });
const tagExtras = () => ['', 'A.1', 'a b-c_d', 'x'.repeat(24), 'x'.repeat(120)];
const offeringForm = (v: Record<string, string>): Form => ({ title: 'Fuzz offering', kind: OFFERING_KIND_KEYS[0], url: 'https://lms.example.org/c/2', focusAreas: [SPECIALTY_KEYS[0]], tags: [v.tag] });
const offeringExtras = (v: Record<string, string>) => [...OFFERING_KIND_KEYS, ...SPECIALTY_KEYS, v.tag, v.foreignTag, 'http://example.org', 'javascript:alert(1)'];
const sendForm = (): Form => ({ from: '2026-08-01', to: '2027-07-31' });
const sendExtras = () => ['2026-09-01', '2027-06-30', '2026-02-30', '2027-07-31'];

/** route key ("POST /path") → how to fuzz it. */
export const ROUTE_FORMS: Record<string, RouteForm> = {
  'POST /app/placement': {
    allowed: 'deepLinkCoach', refused: 'teacher',
    form: () => ({ item: ['home', 'goals'], homeTitle: 'Coaching', goalsTitle: 'Goals', reflectionTitle: 'Reflect', reflectionPrompts: 'What changed?' }),
    extras: () => ['home', 'goals', 'reflection', 'survey:1', 'survey:999999999'],
  },
  'POST /app/placement/cancel': { allowed: 'deepLinkCoach', refused: 'anonymous', form: () => ({}) },
  'POST /app/roster/sync': { allowed: 'coach', refused: 'teacher', form: () => ({}) },
  'POST /app/roster/people/:personId/role': {
    allowed: 'admin', refused: 'coach', form: () => ({ role: 'teacher' }), extras: () => ['default', 'teacher', 'coach', 'admin', 'mentor', 'none'],
  },
  'POST /app/assignments': {
    allowed: 'admin', refused: 'coach', form: (v) => ({ teacherId: v.otherTeacher, coachId: v.otherCoach }),
    extras: (v) => [v.teacher, v.coach, v.mentor, v.foreignTeacher, v.foreignCoach],
  },
  'POST /app/assignments/:assignmentId/end': { allowed: 'admin', refused: 'teacher', form: () => ({}), terminal: true },
  'POST /app/coaching-settings': { allowed: 'admin', refused: 'coach', form: () => ({ coachesConfirm: 'no' }), extras: () => ['yes', 'no'] },
  'POST /app/cycle-models': { allowed: 'admin', refused: 'coach', form: () => ({ name: 'Fuzz model', stages: 'Plan\nAct\nLook back' }) },
  'POST /app/cycle-models/:modelId/archive': { allowed: 'admin', refused: 'coach', form: () => ({}), terminal: true },
  'POST /app/coaching/profile': {
    allowed: 'otherTeacher', refused: 'coach',
    form: () => ({ subjects: 'Math, Science', gradeBand: GRADE_BAND_KEYS[0], needAreas: [SPECIALTY_KEYS[0]], needsNote: 'Help', consent: 'yes' }),
    extras: () => [...GRADE_BAND_KEYS, ...SPECIALTY_KEYS, 'yes'],
  },
  'POST /app/coaching/profile/status': {
    allowed: 'otherTeacher', refused: 'coach', form: () => ({ status: 'paused' }), extras: () => ['opted_in', 'paused', 'left'], terminal: true,
  },
  'POST /app/coach-profile': {
    allowed: 'coach', refused: 'teacher', form: () => ({ specialties: [SPECIALTY_KEYS[0]], gradeBands: [GRADE_BAND_KEYS[0]], capacity: '12' }),
    extras: () => [...SPECIALTY_KEYS, ...GRADE_BAND_KEYS, '1', '60'],
  },
  'POST /app/cycles': {
    allowed: 'coach', refused: 'teacher',
    form: (v) => ({ teacherId: v.teacher, focus: 'Questioning', model: 'impact', startsOn: '2026-09-01', endsOn: '2026-10-01', status: 'planned' }),
    extras: (v) => [v.otherTeacher, v.foreignTeacher, 'student-centered', 'custom:1', 'active', 'planned'],
  },
  'POST /app/sessions/group': {
    allowed: 'coach', refused: 'teacher', form: (v) => ({ ...sessionForm(), attendees: [v.teacher] }),
    extras: (v) => [...sessionExtras(), v.teacher, v.otherTeacher, v.foreignTeacher],
  },
  'POST /app/cycles/:cycleId/stage': { allowed: 'coach', refused: 'teacher', form: () => ({ stage: '1' }), extras: () => ['0', '2', '3', '20'] },
  'POST /app/cycles/:cycleId/status': {
    allowed: 'coach', refused: 'teacher', form: () => ({ status: 'active' }), extras: () => [...CYCLE_STATUS_KEYS], terminal: true,
  },
  'POST /app/cycles/:cycleId/sessions': { allowed: 'coach', refused: 'teacher', form: sessionForm, extras: sessionExtras },
  'POST /app/cycles/:cycleId/goals': {
    allowed: 'teacher', refused: 'otherTeacher',
    form: () => ({ statement: 'More talk', studentOutcome: 'Students explain', successMeasure: 'Exit tickets', baseline: '10', target: '40', unit: '% of students', dueOn: '2026-12-15', alignment: 'PD, School plan' }),
  },
  'POST /app/goals/:goalId/checkins': {
    allowed: 'teacher', refused: 'otherTeacher', form: () => ({ checkedOn: '2026-10-01', value: '20', note: 'Going up', evidenceUrl: 'https://example.org/evidence' }),
  },
  'POST /app/goals/:goalId/status': {
    allowed: 'coach', refused: 'otherCoach', form: () => ({ status: GOAL_STATUS_KEYS[0] }), extras: () => [...GOAL_STATUS_KEYS], terminal: true,
  },
  'POST /app/reflections/settings': {
    allowed: 'admin', refused: 'coach', form: () => ({ grading: 'points', pointsMax: '10', adminsMayGrade: 'no' }), extras: () => ['completion', 'points', 'yes', 'no', '1000'],
  },
  'POST /app/reflections/:reflectionId': {
    allowed: 'teacher', refused: 'otherTeacher', form: () => ({ action: 'save', answers: ['It went well.', 'More practice.'] }), extras: () => ['save', 'submit', 'autosave'],
  },
  'POST /app/reflections/:reflectionId/review': {
    allowed: 'coach', refused: 'otherCoach', form: () => ({ decision: 'return', feedback: 'Say more about the students.', points: '5' }), extras: () => ['return', 'complete', '0', '10.25'],
  },
  'POST /app/reflections/:reflectionId/retry-grade': { allowed: 'coach', refused: 'otherCoach', form: () => ({}) },
  'POST /app/cycles/:cycleId/reflection-tasks': {
    allowed: 'coach', refused: 'otherCoach', form: () => ({ title: 'Mid-cycle', prompts: 'What worked?\nWhat next?', return: 'cycle' }), extras: () => ['cycle', 'queue'],
  },
  'POST /app/surveys/new': { allowed: 'coach', refused: 'teacher', form: settingsForm, extras: surveyExtras },
  'POST /app/surveys/:surveyId/edit': { allowed: 'coach', refused: 'otherCoach', form: settingsForm, extras: surveyExtras },
  'POST /app/surveys/:surveyId/questions': { allowed: 'coach', refused: 'otherCoach', form: questionForm, extras: questionExtras },
  'POST /app/surveys/:surveyId/questions/:questionId': { allowed: 'coach', refused: 'otherCoach', form: questionForm, extras: questionExtras },
  'POST /app/surveys/:surveyId/questions/:questionId/delete': { allowed: 'coach', refused: 'otherCoach', form: () => ({}), terminal: true },
  'POST /app/surveys/:surveyId/questions/:questionId/move': { allowed: 'coach', refused: 'otherCoach', form: () => ({ direction: 'up' }), extras: () => ['up', 'down'] },
  'POST /app/surveys/:surveyId/publish': { allowed: 'coach', refused: 'otherCoach', form: () => ({}), terminal: true },
  'POST /app/surveys/:surveyId/delete': { allowed: 'coach', refused: 'otherCoach', form: () => ({}), terminal: true },
  'POST /app/surveys/:surveyId/respond': {
    allowed: 'teacher', refused: 'coach', form: (v) => ({ action: 'save', [`q${v.publishedQuestion}`]: '4' }), extras: () => ['save', 'submit', '1', '5', '6'],
  },
  'POST /app/mentoring/assignments': {
    allowed: 'admin', refused: 'coach', form: (v) => ({ mentorId: v.mentor, coachId: v.otherCoach }), extras: (v) => [v.coach, v.teacher, v.foreignCoach],
  },
  'POST /app/mentoring/assignments/:mentorAssignmentId/end': { allowed: 'admin', refused: 'coach', form: () => ({}), terminal: true },
  'POST /app/mentoring/coaches/:coachId/notes': { allowed: 'mentor', refused: 'coach', form: () => ({ metOn: '2026-09-20', body: 'We talked about feedback.' }) },
  'POST /app/sessions/group/:sessionId': {
    allowed: 'coach', refused: 'otherCoach', form: (v) => ({ ...sessionForm(), attendees: [v.teacher], offeringId: v.offering, tags: [v.tag] }),
    extras: (v) => [...sessionExtras(), v.teacher, v.otherTeacher, v.foreignTeacher, v.offering, v.foreignOffering, v.tag, v.foreignTag],
  },
  'POST /app/standards': { allowed: 'admin', refused: 'coach', form: () => ({ name: 'Fuzz district tag', code: 'FZ.3' }), extras: tagExtras },
  'POST /app/standards/:tagId': { allowed: 'admin', refused: 'coach', form: tagForm, extras: tagExtras },
  'POST /app/standards/:tagId/remove': { allowed: 'admin', refused: 'coach', form: () => ({}), terminal: true },
  'POST /app/standards/:tagId/restore': { allowed: 'admin', refused: 'coach', form: () => ({}) },
  'POST /app/pd-catalog': { allowed: 'admin', refused: 'coach', form: offeringForm, extras: offeringExtras },
  'POST /app/pd-catalog/:offeringId': { allowed: 'admin', refused: 'teacher', form: offeringForm, extras: offeringExtras },
  'POST /app/pd-catalog/:offeringId/remove': { allowed: 'admin', refused: 'coach', form: () => ({}), terminal: true },
  'POST /app/pd-catalog/:offeringId/restore': { allowed: 'admin', refused: 'coach', form: () => ({}) },
  // The cycle's teacher (not the coach: an admin's fuzzed reassignment may take the pair from the coach before these run).
  'POST /app/cycles/:cycleId/pd-links': {
    allowed: 'teacher', refused: 'otherTeacher', form: (v) => ({ goalId: v.goal, offeringId: v.offering, url: '', title: '', why: 'It fits the goal.', return: 'cycle' }),
    extras: (v) => ['cycle', 'coaching', '', v.goal, v.foreignGoal, v.offering, v.foreignOffering, 'https://example.org/learn', 'Fuzz link'],
  },
  'POST /app/pd-links/:linkId/remove': { allowed: 'teacher', refused: 'otherTeacher', form: () => ({ return: 'cycle' }), extras: () => ['cycle', 'coaching'], terminal: true },
  'POST /app/pd-credit/rules': {
    allowed: 'admin', refused: 'coach',
    form: () => ({
      programName: 'Fuzz PD program', creditUnit: 'credits', hoursPerCredit: '15', ...Object.fromEntries(SESSION_KIND_KEYS.map((k) => [`weight_${k}`, '1'])),
      perCycle: '1', perReflection: '0.5', perGroupSession: '0.25', roundingStep: '0.25', capPerYear: '', yearStartMonth: '8', gradebookPassback: 'yes', gradebookMaximum: '100',
    }),
    extras: () => [...ROUNDING_STEPS.map(String), 'yes', 'no', '0', '0.25', '1.005', '12', '13', '1000', '5.01'],
  },
  'POST /app/pd-credit/teachers/:teacherId/send': { allowed: 'teacher', refused: 'coach', form: sendForm, extras: sendExtras },
  'POST /app/pd-credit/teachers/:teacherId/retry': { allowed: 'admin', refused: 'otherTeacher', form: () => ({}) },
  'POST /operator/login': { allowed: 'anonymous', form: () => ({ token: 'not-the-token' }) },
  'POST /operator/install-codes': { allowed: 'operator', refused: 'anonymous', form: () => ({ label: 'Fuzz school', hours: '72' }), extras: () => ['1', '720'] },
  'POST /operator/platforms/new': {
    allowed: 'operator', refused: 'anonymous',
    form: () => ({
      issuer: 'https://fuzz-lms.example.org', clientId: 'fuzz-client', authUrl: 'https://fuzz-lms.example.org/auth', tokenUrl: 'https://fuzz-lms.example.org/token',
      jwksUrl: 'https://fuzz-lms.example.org/jwks', name: 'Fuzz LMS', deploymentIds: 'dep-1, dep-2', acceptNewDeployments: 'on',
    }),
    extras: () => ['on', 'yes', 'https://fuzz-lms.example.org/', 'dep-1\ndep-1'],
  },
  'POST /operator/platforms/remove': {
    allowed: 'operator', refused: 'anonymous', form: () => ({ issuer: 'https://sacrificial-lms.example.org', clientId: 'sacrificial-client', confirm: 'yes' }), terminal: true,
  },
  'POST /operator/tenants/:id/status': {
    allowed: 'operator', refused: 'anonymous', form: () => ({ action: 'approve' }), extras: () => ['approve', 'activate', 'suspend'], terminal: true,
  },
  'POST /operator/logout': { allowed: 'operator', refused: 'anonymous', form: () => ({}), terminal: true },
};
