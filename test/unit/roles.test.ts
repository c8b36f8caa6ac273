import { expect } from 'chai';
import { mapRoles, normaliseRole, normaliseRoles, describeLtiRole, ROLE } from '../../src/auth/roles';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

describe('role mapping', () => {
  describe('normalisation', () => {
    it('expands short names (Moodle NRPS) to membership URIs', () => {
      expect(normaliseRole('Instructor')).to.equal(`${LIS}membership#Instructor`);
      expect(normaliseRole(' Learner ')).to.equal(`${LIS}membership#Learner`);
    });
    it('converts LTI 1.1 URNs', () => {
      expect(normaliseRole('urn:lti:role:ims/lis/Learner')).to.equal(`${LIS}membership#Learner`);
      expect(normaliseRole('urn:lti:role:ims/lis/Instructor/TeachingAssistant')).to.equal(`${LIS}membership/Instructor#TeachingAssistant`);
      expect(normaliseRole('urn:lti:instrole:ims/lis/Administrator')).to.equal(`${LIS}institution/person#Administrator`);
    });
    it('keeps full and unknown URIs, drops junk and duplicates', () => {
      expect(normaliseRoles([`${LIS}membership#Learner`, 'Learner', '', 42, 'http://example.org/role#Custom'])).to.deep.equal([`${LIS}membership#Learner`, 'http://example.org/role#Custom']);
      expect(normaliseRoles(undefined)).to.deep.equal([]);
    });
  });

  describe('Canvas role sets', () => {
    it('teacher → coach', () => expect(mapRoles([ROLE.membershipInstructor, ROLE.institutionInstructor])).to.equal('coach'));
    it('TA → coach', () => expect(mapRoles([ROLE.membershipInstructor, ROLE.teachingAssistant])).to.equal('coach'));
    it('student → teacher', () => expect(mapRoles([ROLE.membershipLearner, ROLE.institutionStudent])).to.equal('teacher'));
    it('observer → mentor', () => expect(mapRoles([ROLE.membershipMentor])).to.equal('mentor'));
    it('designer → none', () => expect(mapRoles([ROLE.membershipContentDeveloper])).to.equal('none'));
    it('account admin → admin', () => expect(mapRoles([ROLE.institutionAdministrator])).to.equal('admin'));
  });

  describe('Schoology role sets', () => {
    it('course admin (teacher) sends Administrator + Instructor → coach, not program admin', () => {
      expect(mapRoles([ROLE.membershipAdministrator, ROLE.membershipInstructor])).to.equal('coach');
    });
    it('student → teacher', () => expect(mapRoles([ROLE.membershipLearner])).to.equal('teacher'));
    it('context Administrator alone → admin', () => expect(mapRoles([ROLE.membershipAdministrator])).to.equal('admin'));
  });

  describe('Moodle role sets', () => {
    it('teacher and student from the id_token', () => {
      expect(mapRoles(normaliseRoles([`${LIS}membership#Instructor`]))).to.equal('coach');
      expect(mapRoles(normaliseRoles([`${LIS}membership#Learner`]))).to.equal('teacher');
    });
    it('short names from NRPS', () => {
      expect(mapRoles(normaliseRoles(['Instructor']))).to.equal('coach');
      expect(mapRoles(normaliseRoles(['Learner']))).to.equal('teacher');
    });
    it('site admin → admin', () => expect(mapRoles([ROLE.systemAdministrator, ROLE.institutionAdministrator, ROLE.membershipInstructor])).to.equal('admin'));
  });

  it('no role or unknown roles → none (least privilege)', () => {
    expect(mapRoles([])).to.equal('none');
    expect(mapRoles(['http://example.org/role#Custom'])).to.equal('none');
  });

  it('space overrides win: Instructors are the teachers being coached here', () => {
    const overrides = [{ ltiRole: ROLE.membershipInstructor, coachRole: 'teacher' as const }];
    expect(mapRoles([ROLE.membershipInstructor], overrides)).to.equal('teacher');
    expect(mapRoles([ROLE.membershipLearner], overrides)).to.equal('teacher');
    expect(mapRoles([ROLE.membershipMentor], overrides)).to.equal('mentor');
  });

  it('describes role URIs for people', () => {
    expect(describeLtiRole(ROLE.teachingAssistant)).to.equal('Teaching assistant');
    expect(describeLtiRole(ROLE.institutionAdministrator)).to.equal('Administrator (institution)');
    expect(describeLtiRole('urn:custom')).to.equal('urn:custom');
  });
});
