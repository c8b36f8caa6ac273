/**
 * The authorization matrix: every declared route × every kind of person (and no launch at all),
 * with the status each must get. A route added without a row here fails this test.
 * Expected statuses are written out by hand, not derived from the policies they check.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { QueryTypes } from 'sequelize';
import { createApp, type CoachLoopApp } from '../../src/app';
import { assertEveryRouteDeclared } from '../../src/auth/routes';
import { loadConfig } from '../../src/config';
import { BrowserClient } from '../../src/simulator/client';
import { testDatabase } from '../helpers/database';
import { coachingCourse, type CoachingCourse, teacherWithCycle } from '../helpers/coaching';
import { type Harness, ltikOf, seedCourse, startHarness, TEST_ENCRYPTION_KEY } from '../helpers/harness';
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
import { extraTeachers, publishedSurvey, respondAll } from '../features/surveys/fixtures';

type BaseWho = 'anonymous' | 'admin' | 'coach' | 'mentor' | 'teacher' | 'guest' | 'accountAdmin' | 'otherTenantSession';
/** A coach and a teacher of the same course who are not the pair the fixture records belong to. */
type OtherWho = 'otherCoach' | 'otherTeacher';
type Who = BaseWho | OtherWho;

/**
 * route → who → expected HTTP status. `operator` is the signed-in CoachLoop operator (no launch;
 * its forms carry the session's CSRF token); when a row leaves it out it is the anonymous status.
 * `otherCoach` / `otherTeacher` are written out on every coaching row; on routes with no record of
 * their own (before coaching) a row may leave them out and they then get the coach's / teacher's.
 *
 * Paths with :cycleId, :goalId, :assignmentId, :modelId … are called with the ids of fixture records
 * that belong to `teacher` and their assigned `coach` (see FIXTURE in before()). Requests carry an
 * empty form, so allowed callers of POST routes mostly get 400 (the form is checked after the
 * policy and the record), refused ones 401/403/404.
 */
const MATRIX: Record<string, Record<BaseWho, number> & Partial<Record<OtherWho, number>> & { operator?: number }> = {
  'GET /': { anonymous: 200, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 200 },
  // Without openid_configuration the registration page explains how to start (400), whoever asks.
  'GET /lti/register': { anonymous: 400, admin: 400, coach: 400, mentor: 400, teacher: 400, guest: 400, accountAdmin: 400, otherTenantSession: 400 },
  // Public: without a launch reference (the matrix sends none) the new-window link is refused with 400.
  'GET /lti/new-window': { anonymous: 400, admin: 400, coach: 400, mentor: 400, teacher: 400, guest: 400, accountAdmin: 400, otherTenantSession: 400 },
  'GET /lti/canvas.json': { anonymous: 200, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 200 },
  'GET /health': { anonymous: 200, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 200 },
  'GET /app/home': { anonymous: 401, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 401 },
  // Allowed roles get 400 here because these sessions are resource-link launches, not the content picker.
  'POST /app/placement': { anonymous: 401, admin: 400, coach: 400, mentor: 403, teacher: 403, guest: 403, accountAdmin: 400, otherTenantSession: 401 },
  'POST /app/placement/cancel': { anonymous: 401, admin: 400, coach: 400, mentor: 400, teacher: 400, guest: 400, accountAdmin: 400, otherTenantSession: 401 },
  // Roster: coaches and admins of the course; the sync POST redirects (303) to the roster page.
  'GET /app/roster': { anonymous: 401, admin: 200, coach: 200, mentor: 403, teacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/roster/sync': { anonymous: 401, admin: 303, coach: 303, mentor: 403, teacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/roster/sync/status': { anonymous: 401, admin: 200, coach: 200, mentor: 403, teacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // Admins of the course only; the literal ":personId" is no person, hence 404 once allowed.
  'POST /app/roster/people/:personId/role': { anonymous: 401, admin: 404, coach: 403, mentor: 403, teacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // Coaching — the admin's assignments and settings. Coaches may post an assignment only when the course
  // lets coaches take teachers on (off by default, hence 403). The fixture assignment and model exist,
  // so the admin's end/archive rows succeed (303; ending an ended assignment changes nothing).
  'GET /app/assignments': { anonymous: 401, admin: 200, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/assignments': { anonymous: 401, admin: 400, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/assignments/:assignmentId/end': { anonymous: 401, admin: 303, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/coaching-settings': { anonymous: 401, admin: 200, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/coaching-settings': { anonymous: 401, admin: 400, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/cycle-models': { anonymous: 401, admin: 400, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/cycle-models/:modelId/archive': { anonymous: 401, admin: 303, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // Coaching — the teacher's own pages, the coach profile, and "Who can see what" (any role, inside a course).
  'GET /app/coaching': { anonymous: 401, admin: 403, coach: 403, otherCoach: 403, mentor: 403, teacher: 200, otherTeacher: 200, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/coaching/profile': { anonymous: 401, admin: 403, coach: 403, otherCoach: 403, mentor: 403, teacher: 400, otherTeacher: 400, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/coaching/profile/status': { anonymous: 401, admin: 403, coach: 403, otherCoach: 403, mentor: 403, teacher: 400, otherTeacher: 400, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/privacy': { anonymous: 401, admin: 200, coach: 200, otherCoach: 200, mentor: 200, teacher: 200, otherTeacher: 200, guest: 200, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/coach-profile': { anonymous: 401, admin: 403, coach: 200, otherCoach: 200, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/coach-profile': { anonymous: 401, admin: 403, coach: 400, otherCoach: 400, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // Coaching — the coach's caseload and the cycle pages. A record outside one's own coaching pair is
  // "not found" (404) for the other coach and the other teacher; roles without coaching access get 403.
  'GET /app/caseload': { anonymous: 401, admin: 403, coach: 200, otherCoach: 200, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/cycles': { anonymous: 401, admin: 403, coach: 400, otherCoach: 400, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/sessions/group': { anonymous: 401, admin: 403, coach: 400, otherCoach: 400, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/cycles/:cycleId': { anonymous: 401, admin: 403, coach: 200, otherCoach: 404, mentor: 403, teacher: 200, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/cycles/:cycleId/stage': { anonymous: 401, admin: 403, coach: 400, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/cycles/:cycleId/status': { anonymous: 401, admin: 403, coach: 400, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/cycles/:cycleId/sessions': { anonymous: 401, admin: 403, coach: 400, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/cycles/:cycleId/goals': { anonymous: 401, admin: 403, coach: 400, otherCoach: 404, mentor: 403, teacher: 400, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/goals/:goalId/checkins': { anonymous: 401, admin: 403, coach: 400, otherCoach: 404, mentor: 403, teacher: 400, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/goals/:goalId/status': { anonymous: 401, admin: 403, coach: 400, otherCoach: 404, mentor: 403, teacher: 400, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // Reflections (fixture: a reflection task of the cycle, with the teacher's reflection). Coaches and
  // admins asking for the list are sent on (303) to their queue / settings page. The empty retry form
  // finds no failed grade to retry (409).
  'GET /app/reflections': { anonymous: 401, admin: 303, coach: 303, otherCoach: 303, mentor: 403, teacher: 200, otherTeacher: 200, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/reflections/queue': { anonymous: 401, admin: 403, coach: 200, otherCoach: 200, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/reflections/settings': { anonymous: 401, admin: 200, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/reflections/settings': { anonymous: 401, admin: 400, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/reflections/:reflectionId': { anonymous: 401, admin: 403, coach: 200, otherCoach: 404, mentor: 403, teacher: 200, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/reflections/:reflectionId': { anonymous: 401, admin: 403, coach: 403, otherCoach: 403, mentor: 403, teacher: 400, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/reflections/:reflectionId/review': { anonymous: 401, admin: 403, coach: 400, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/reflections/:reflectionId/retry-grade': { anonymous: 401, admin: 403, coach: 409, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/cycles/:cycleId/reflection-tasks': { anonymous: 401, admin: 403, coach: 400, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // Surveys (fixture: a published, open, anonymous survey for all teachers by the coach, with five responses,
  // so its questions are fixed: changing them is a 409). Another coach's survey is not found (404).
  'GET /app/surveys': { anonymous: 401, admin: 200, coach: 200, otherCoach: 200, mentor: 403, teacher: 200, otherTeacher: 200, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/surveys/new': { anonymous: 401, admin: 200, coach: 200, otherCoach: 200, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/surveys/new': { anonymous: 401, admin: 400, coach: 400, otherCoach: 400, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/surveys/:surveyId': { anonymous: 401, admin: 303, coach: 303, otherCoach: 404, mentor: 403, teacher: 303, otherTeacher: 303, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/surveys/:surveyId/edit': { anonymous: 401, admin: 200, coach: 200, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/surveys/:surveyId/edit': { anonymous: 401, admin: 400, coach: 400, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/surveys/:surveyId/questions': { anonymous: 401, admin: 400, coach: 400, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/surveys/:surveyId/questions/:questionId': { anonymous: 401, admin: 400, coach: 400, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/surveys/:surveyId/questions/:questionId/delete': { anonymous: 401, admin: 409, coach: 409, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/surveys/:surveyId/questions/:questionId/move': { anonymous: 401, admin: 400, coach: 400, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/surveys/:surveyId/publish': { anonymous: 401, admin: 409, coach: 409, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/surveys/:surveyId/delete': { anonymous: 401, admin: 409, coach: 409, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/surveys/:surveyId/preview': { anonymous: 401, admin: 200, coach: 200, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/surveys/:surveyId/respond': { anonymous: 401, admin: 403, coach: 403, otherCoach: 404, mentor: 403, teacher: 200, otherTeacher: 200, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/surveys/:surveyId/respond': { anonymous: 401, admin: 403, coach: 403, otherCoach: 404, mentor: 403, teacher: 400, otherTeacher: 400, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/surveys/:surveyId/results': { anonymous: 401, admin: 200, coach: 200, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/surveys/:surveyId/results.csv': { anonymous: 401, admin: 200, coach: 200, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // Program dashboard and mentoring: admins (course or account level) read aggregates; mentors their coaches;
  // coaches their own figures. The fixture pairs the mentor with the coach, and (for the end row) with the other coach.
  'GET /app/dashboard': { anonymous: 401, admin: 200, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 200, otherTenantSession: 401 },
  'GET /app/dashboard.csv': { anonymous: 401, admin: 400, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 400, otherTenantSession: 401 },
  'GET /app/mentoring/assignments': { anonymous: 401, admin: 200, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 200, otherTenantSession: 401 },
  'POST /app/mentoring/assignments': { anonymous: 401, admin: 400, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 400, otherTenantSession: 401 },
  'POST /app/mentoring/assignments/:mentorAssignmentId/end': { anonymous: 401, admin: 303, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 303, otherTenantSession: 401 },
  'GET /app/mentoring': { anonymous: 401, admin: 403, coach: 403, otherCoach: 403, mentor: 200, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/mentoring/coaches/:coachId/notes': { anonymous: 401, admin: 403, coach: 403, otherCoach: 403, mentor: 400, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/my-figures': { anonymous: 401, admin: 403, coach: 200, otherCoach: 200, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // PD credit (fixture: :teacherId is `teacher`, whose assigned coach is `coach`). The summary is the teacher's,
  // their coach's and the course admins'; another teacher or coach finds nothing (404). The rules are the
  // program's (any admin). Gradebook sends are off by default (409) for those allowed; the empty retry finds nothing (409).
  'GET /app/pd-credit': { anonymous: 401, admin: 200, coach: 200, otherCoach: 200, mentor: 403, teacher: 200, otherTeacher: 200, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/pd-credit/teachers/:teacherId': { anonymous: 401, admin: 200, coach: 200, otherCoach: 404, mentor: 403, teacher: 200, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/pd-credit/teachers/:teacherId/csv': { anonymous: 401, admin: 200, coach: 200, otherCoach: 404, mentor: 403, teacher: 200, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/pd-credit/teachers/:teacherId/send': { anonymous: 401, admin: 409, coach: 403, otherCoach: 403, mentor: 403, teacher: 409, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/pd-credit/teachers/:teacherId/retry': { anonymous: 401, admin: 409, coach: 403, otherCoach: 403, mentor: 403, teacher: 409, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'GET /app/pd-credit/rules': { anonymous: 401, admin: 200, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 200, otherTenantSession: 401 },
  'POST /app/pd-credit/rules': { anonymous: 401, admin: 400, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 400, otherTenantSession: 401 },
  // Professional learning (issue 10). Standards and the catalog are tenant-wide: course and account-level admins edit them;
  // coaches and teachers browse the catalog. The fixture tag and offering are in use (a goal carries the tag, a cycle links
  // the offering), so remove retires/archives them (303, the same again) and never deletes them under the other rows.
  'GET /app/standards': { anonymous: 401, admin: 200, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 200, otherTenantSession: 401 },
  'POST /app/standards': { anonymous: 401, admin: 400, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 400, otherTenantSession: 401 },
  'POST /app/standards/:tagId': { anonymous: 401, admin: 400, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 400, otherTenantSession: 401 },
  'POST /app/standards/:tagId/remove': { anonymous: 401, admin: 303, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 303, otherTenantSession: 401 },
  'POST /app/standards/:tagId/restore': { anonymous: 401, admin: 303, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 303, otherTenantSession: 401 },
  'GET /app/pd-catalog': { anonymous: 401, admin: 200, coach: 200, otherCoach: 200, mentor: 403, teacher: 200, otherTeacher: 200, guest: 403, accountAdmin: 200, otherTenantSession: 401 },
  'POST /app/pd-catalog': { anonymous: 401, admin: 400, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 400, otherTenantSession: 401 },
  'GET /app/pd-catalog/:offeringId/edit': { anonymous: 401, admin: 200, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 200, otherTenantSession: 401 },
  'POST /app/pd-catalog/:offeringId': { anonymous: 401, admin: 400, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 400, otherTenantSession: 401 },
  'POST /app/pd-catalog/:offeringId/remove': { anonymous: 401, admin: 303, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 303, otherTenantSession: 401 },
  'POST /app/pd-catalog/:offeringId/restore': { anonymous: 401, admin: 303, coach: 403, otherCoach: 403, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 303, otherTenantSession: 401 },
  // Links are coaching content: the cycle's teacher and assigned coach only (another pair's cycle is not found).
  'POST /app/cycles/:cycleId/pd-links': { anonymous: 401, admin: 403, coach: 400, otherCoach: 404, mentor: 403, teacher: 400, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // Unlinking deletes the fixture link: the rows run in this order, so the coach's 303 removes it and the teacher then finds nothing (404).
  'POST /app/pd-links/:linkId/remove': { anonymous: 401, admin: 403, otherCoach: 404, mentor: 403, otherTeacher: 404, guest: 403, accountAdmin: 403, otherTenantSession: 401, coach: 303, teacher: 404 },
  // A group session is edited by the coach who logged it (the fixture's, by `coach`); the empty form is a 400.
  'GET /app/sessions/group/:sessionId': { anonymous: 401, admin: 403, coach: 200, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  'POST /app/sessions/group/:sessionId': { anonymous: 401, admin: 403, coach: 400, otherCoach: 404, mentor: 403, teacher: 403, otherTeacher: 403, guest: 403, accountAdmin: 403, otherTenantSession: 401 },
  // Operator pages (run against an instance with OPERATOR_TOKEN set): no LTI role opens them.
  // GETs without an operator session redirect to the sign-in page; POSTs answer 401. ltijs itself
  // refuses a launch token presented with another session's cookie (otherTenantSession) with 401.
  'GET /operator/login': { anonymous: 200, admin: 200, coach: 200, mentor: 200, teacher: 200, guest: 200, accountAdmin: 200, otherTenantSession: 401, operator: 200 },
  // 400: the matrix sends no token (a blank form is not counted as a guess).
  'POST /operator/login': { anonymous: 400, admin: 400, coach: 400, mentor: 400, teacher: 400, guest: 400, accountAdmin: 400, otherTenantSession: 401, operator: 400 },
  'GET /operator': { anonymous: 302, admin: 302, coach: 302, mentor: 302, teacher: 302, guest: 302, accountAdmin: 302, otherTenantSession: 401, operator: 200 },
  'GET /operator/platforms/new': { anonymous: 302, admin: 302, coach: 302, mentor: 302, teacher: 302, guest: 302, accountAdmin: 302, otherTenantSession: 401, operator: 200 },
  // Operator 201/400/404: allowed, then the empty form creates an unlabelled code, misses the platform fields or names no tenant.
  'POST /operator/install-codes': { anonymous: 401, admin: 401, coach: 401, mentor: 401, teacher: 401, guest: 401, accountAdmin: 401, otherTenantSession: 401, operator: 201 },
  'POST /operator/platforms/new': { anonymous: 401, admin: 401, coach: 401, mentor: 401, teacher: 401, guest: 401, accountAdmin: 401, otherTenantSession: 401, operator: 400 },
  'POST /operator/platforms/remove': { anonymous: 401, admin: 401, coach: 401, mentor: 401, teacher: 401, guest: 401, accountAdmin: 401, otherTenantSession: 401, operator: 400 },
  'POST /operator/tenants/:id/status': { anonymous: 401, admin: 401, coach: 401, mentor: 401, teacher: 401, guest: 401, accountAdmin: 401, otherTenantSession: 401, operator: 404 },
  'POST /operator/logout': { anonymous: 401, admin: 401, coach: 401, mentor: 401, teacher: 401, guest: 401, accountAdmin: 401, otherTenantSession: 401, operator: 303 },
};

/** ltijs-served routes and the policy they must declare. */
const EXTERNAL: Record<string, string> = {
  'ALL /lti/login': 'public',
  'POST /lti/launch': 'public',
  'GET /lti/keys': 'public',
};

describe('authorization matrix', function () {
  this.timeout(60_000);
  let h: Harness;
  let other: Harness;
  const sessions = new Map<Who | 'operator', { browser: BrowserClient; ltik?: string; cookie?: string; csrf?: string }>();
  let fixture: Record<string, number> = {};
  // The harness's CoachLoop has operator pages off (no OPERATOR_TOKEN): operator routes run on a
  // second instance of the same deployment (same database and key) with them on.
  const OPERATOR_TOKEN = 'matrix-operator-token-0123456789abcdef';
  let operatorApp: CoachLoopApp;
  let operatorServer: http.Server;
  let operatorUrl: string;

  before(async () => {
    h = await startHarness();
    other = await startHarness();
    const c = await coachingCourse(h, 'course-1');
    const o = seedCourse(other.sim, 'other-course');
    for (const who of ['admin', 'coach', 'otherCoach', 'mentor', 'teacher', 'otherTeacher', 'guest'] as const) sessions.set(who, { browser: c.browsers[who], ltik: c.ltiks[who] });
    const accountBrowser = new BrowserClient();
    const account = await h.launch({ userSub: 'u-admin' }, accountBrowser);
    expect(account.status, 'accountAdmin launch').to.equal(200);
    sessions.set('accountAdmin', { browser: accountBrowser, ltik: ltikOf(account) });
    fixture = await coachingFixture(h, c);
    // A browser holding a session in the other tenant presents a tenant-A ltik it got hold of.
    const otherBrowser = new BrowserClient();
    await other.launch({ userSub: o.coach, courseId: o.courseId }, otherBrowser);
    sessions.set('otherTenantSession', { browser: otherBrowser, ltik: sessions.get('coach')!.ltik });
    sessions.set('anonymous', { browser: new BrowserClient() });

    operatorServer = http.createServer();
    await new Promise<void>((resolve) => operatorServer.listen(0, '127.0.0.1', resolve));
    operatorUrl = `http://127.0.0.1:${(operatorServer.address() as AddressInfo).port}`;
    const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }), publicUrl: operatorUrl, operatorToken: OPERATOR_TOKEN };
    operatorApp = await createApp({ config, sequelize: await testDatabase() });
    operatorServer.on('request', operatorApp.app);
    const signIn = new BrowserClient();
    expect((await signIn.request('POST', `${operatorUrl}/operator/login`, { form: { token: OPERATOR_TOKEN } })).status).to.equal(303);
    const dashboard = await signIn.request('GET', `${operatorUrl}/operator`);
    // The session travels as an explicit Cookie header, so the logout row cannot end it for the other rows.
    sessions.set('operator', { browser: new BrowserClient(), cookie: signIn.cookieHeader(`${operatorUrl}/operator`), csrf: /name="_csrf" value="([^"]+)"/.exec(dashboard.html)?.[1] });
  });
  after(async () => {
    operatorServer?.closeAllConnections();
    await new Promise<void>((resolve) => (operatorServer ? operatorServer.close(() => resolve()) : resolve()));
    await operatorApp?.close();
    await other.stop();
    await h.stop();
  });

  it('has a row for every declared route and every ltijs route', () => {
    const declared = h.coachloop.routes.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(declared).to.deep.equal(Object.keys(MATRIX).sort());
    const external = Object.fromEntries(h.coachloop.routes.external.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r.policy.name]));
    expect(external).to.deep.equal(EXTERNAL);
  });

  for (const [route, row] of Object.entries(MATRIX)) {
    const expected = { ...row, otherCoach: row.otherCoach ?? row.coach, otherTeacher: row.otherTeacher ?? row.teacher, operator: row.operator ?? row.anonymous };
    for (const [who, status] of Object.entries(expected) as Array<[Who | 'operator', number]>) {
      it(`${route} as ${who} → ${status}`, async () => {
        const [method, template] = route.split(' ');
        const path = template.replace(/:(cycleId|goalId|assignmentId|modelId|reflectionId|taskId|surveyId|questionId|mentorAssignmentId|coachId|teacherId|tagId|offeringId|linkId|sessionId)\b/g, (_m, name: string) => {
          if (fixture[name] === undefined) throw new Error(`The matrix fixture has no ${name}`);
          return String(fixture[name]);
        });
        const session = sessions.get(who)!;
        const base = path.startsWith('/operator') ? operatorUrl : h.toolUrl;
        const url = `${base}${path}${session.ltik ? `?ltik=${encodeURIComponent(session.ltik)}` : ''}`;
        const res = await session.browser.request(method, url, {
          headers: session.cookie ? { cookie: session.cookie } : undefined,
          form: session.csrf && method !== 'GET' ? { _csrf: session.csrf } : undefined,
        });
        expect(res.status, res.html.slice(0, 300)).to.equal(status);
      });
    }
  }

  it('operator pages answer 404 "operator pages are off" while OPERATOR_TOKEN is unset', async () => {
    const operatorRoutes = h.coachloop.routes.routes.filter((r) => r.path.startsWith('/operator'));
    expect(operatorRoutes.length).to.be.greaterThan(5);
    for (const r of operatorRoutes) {
      const res = await sessions.get('operator')!.browser.request(r.method.toUpperCase(), `${h.toolUrl}${r.path}`, { headers: { cookie: sessions.get('operator')!.cookie! } });
      expect(res.status, `${r.method} ${r.path}`).to.equal(404);
      expect(res.html).to.contain('Operator pages are off').and.contain('OPERATOR_TOKEN');
    }
  });

  it('a route declared without going through the route table stops start-up', () => {
    const app = express();
    app.get('/sneaky', (_req, res) => void res.send('no policy'));
    expect(() => assertEveryRouteDeclared(app, undefined)).to.throw('Routes without a policy (declare them through RouteTable): GET /sneaky');
  });
});

/**
 * Records the coaching routes are called with: a cycle and a goal of `teacher` with their assigned
 * `coach`, a custom cycle model, and a separate assignment (a third teacher with `coach`) that the
 * admin's "end assignment" row may end without changing anyone's access in the other rows.
 */
async function coachingFixture(h: Harness, c: CoachingCourse): Promise<Record<string, number>> {
  const cycleId = await teacherWithCycle(c);
  const goalId = await createGoal(c.sequelize, { actor: c.actor('teacher'), cycleId, statement: 'Matrix goal', studentOutcome: 'o', successMeasure: 'm', baseline: 0, target: 10, unit: 'pts', dueOn: '2026-12-01', alignment: [] });
  const modelId = await createCycleModel(c.sequelize, { actor: c.actor('admin'), name: 'Matrix model', stages: ['One', 'Two'] });
  h.sim.addUser({ sub: 'u-teacher3', name: 'Tara Thirdteacher' });
  h.sim.enroll('course-1', 'u-teacher3', ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
  expect((await h.launch({ userSub: 'u-teacher3', courseId: 'course-1' })).status).to.equal(200);
  const [third] = await c.sequelize.query<{ id: number }>('SELECT id FROM people WHERE tenant_id = ? AND sub = ?', { replacements: [c.tenantId, 'u-teacher3'], type: QueryTypes.SELECT });
  const thirdActor = { ...c.actor('otherTeacher'), person: { id: Number(third.id), sub: 'u-teacher3', name: 'Tara Thirdteacher' } };
  await teacherOptIn(c.sequelize, { actor: thirdActor, subjects: ['Art'], gradeBand: 'k_2', needAreas: ['sel'] });
  const assignmentId = await confirmAssignment(c.sequelize, { actor: c.actor('admin'), teacherId: thirdActor.person.id, coachId: c.ids.coach });
  const { reflectionId } = await createReflectionTask(c.sequelize, { actor: c.actor('coach'), cycleId, title: 'Matrix reflection', prompts: ['What changed?'] });
  const survey = await publishedSurvey(c, { author: 'coach', settings: { title: 'Matrix survey' } });
  await respondAll(c.sequelize, survey.id, await extraTeachers(c, 5, false), () => ({ [survey.questionIds[0]]: 3 }));
  await assignMentor(c.sequelize, { actor: c.actor('admin'), mentorId: c.ids.mentor, coachId: c.ids.coach });
  const mentorAssignmentId = await assignMentor(c.sequelize, { actor: c.actor('admin'), mentorId: c.ids.mentor, coachId: c.ids.otherCoach });
  const tagId = await addDistrictTag(c.sequelize, { actor: c.actor('admin'), name: 'Matrix tag' });
  await createGoal(c.sequelize, { actor: c.actor('teacher'), cycleId, statement: 'Tagged matrix goal', studentOutcome: 'o', successMeasure: 'm', baseline: 0, target: 10, unit: 'pts', dueOn: '2026-12-01', tags: [tagId] });
  const offeringId = await createOffering(c.sequelize, { actor: c.actor('admin'), title: 'Matrix offering', kind: 'course', url: 'https://lms.example.org/c/1', focusAreas: ['math'], tags: [tagId] });
  const linkId = await linkLearning(c.sequelize, { actor: c.actor('coach'), cycleId, offeringId, why: 'Matrix why' });
  const sessionId = await logSession(c.sequelize, { actor: c.actor('coach'), attendees: [c.ids.teacher, thirdActor.person.id], kind: 'group_pd', heldOn: '2026-10-01', minutes: 60, format: 'in_person', offeringId, tags: [tagId] });
  return { cycleId, goalId, modelId, assignmentId, reflectionId, surveyId: survey.id, questionId: survey.questionIds[0], mentorAssignmentId, coachId: c.ids.coach, teacherId: c.ids.teacher, tagId, offeringId, linkId, sessionId };
}
