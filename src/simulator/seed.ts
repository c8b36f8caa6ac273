/** Seed data for demos and tests: the Riverbend Unified School District coaching course. */
import { LIS_ROLES } from './constants';
import type { CourseRecord, DemoDistrict, UserRecord } from './types';

/** The directory calls `createDemoDistrict` needs (implemented by LmsSimulator). */
export interface DirectoryWriter {
  addCourse(c: CourseRecord): void;
  addUser(u: UserRecord): void;
  enroll(courseId: string, sub: string, roles: string[], status?: 'Active' | 'Inactive'): void;
}

const TEACHERS: [string, string][] = [
  ['Daniel', 'Reyes'], ['Aisha', 'Thompson'], ['Grace', 'Nakamura'],
  ['Samuel', 'Osei'], ['Priya', 'Raman'], ['Lucas', 'Bennett'],
];

function person(sub: string, given: string, family: string, institutionRoles?: string[]): UserRecord {
  const username = `${given}.${family}`.toLowerCase();
  return {
    sub, given_name: given, family_name: family, name: `${given} ${family}`,
    email: `${username}@riverbend.example.org`, username,
    ...(institutionRoles ? { institutionRoles } : {}),
  };
}

/**
 * Seeds "Riverbend Unified School District": course 'coach-pd-2026' with one coach (Instructor),
 * six teachers (Learner), a principal (institution Administrator + course Administrator) and a
 * mentor (Mentor). Returns the ids so a caller can print or launch them.
 */
export function createDemoDistrict(sim: DirectoryWriter): DemoDistrict {
  const courseId = 'coach-pd-2026';
  sim.addCourse({ id: courseId, title: 'Instructional Coaching 2026', label: 'COACH26' });
  const coach = person('rb-1001', 'Maya', 'Okafor', [LIS_ROLES.institutionInstructor]);
  sim.addUser(coach);
  sim.enroll(courseId, coach.sub, [LIS_ROLES.instructor]);
  const teachers = TEACHERS.map(([given, family], i) => {
    const teacher = person(`rb-20${String(i + 1).padStart(2, '0')}`, given, family, [LIS_ROLES.institutionInstructor]);
    sim.addUser(teacher);
    sim.enroll(courseId, teacher.sub, [LIS_ROLES.learner]);
    return teacher.sub;
  });
  const principal = person('rb-3001', 'Helen', 'Castillo', [LIS_ROLES.institutionAdministrator]);
  sim.addUser(principal);
  sim.enroll(courseId, principal.sub, [LIS_ROLES.contextAdministrator]);
  const mentor = person('rb-4001', 'Robert', 'Lindqvist', [LIS_ROLES.institutionInstructor]);
  sim.addUser(mentor);
  sim.enroll(courseId, mentor.sub, [LIS_ROLES.mentor]);
  return { districtName: 'Riverbend Unified School District', courseId, coach: coach.sub, teachers, principal: principal.sub, mentor: mentor.sub };
}
