/** LTI 1.3 / LTI Advantage names the simulator speaks: claim URIs, scopes, roles, media types. */

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

/** Claim names of LTI 1.3 messages (id_token and deep-linking response). */
export const LTI_CLAIMS = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  toolPlatform: `${LTI}tool_platform`,
  launchPresentation: `${LTI}launch_presentation`,
  custom: `${LTI}custom`,
  lis: `${LTI}lis`,
  ext: `${LTI}ext`,
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  dlContentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  dlData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  dlMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
  dlLog: 'https://purl.imsglobal.org/spec/lti-dl/claim/log',
  dlErrorMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/errormsg',
  dlErrorLog: 'https://purl.imsglobal.org/spec/lti-dl/claim/errorlog',
} as const;

/** OAuth2 scopes of the LTI Advantage services. */
export const LTI_SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

/** The AGS scopes, in the order platforms list them. */
export const AGS_SCOPES: readonly string[] = [
  LTI_SCOPES.lineItem, LTI_SCOPES.lineItemReadonly, LTI_SCOPES.resultReadonly, LTI_SCOPES.score,
];

/** Every service scope this platform supports. */
export const SUPPORTED_SCOPES: readonly string[] = [...AGS_SCOPES, LTI_SCOPES.nrps];

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership';
const INSTITUTION = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person';

/** Full LIS role URIs used by the simulator and the demo district. */
export const LIS_ROLES = {
  instructor: `${MEMBERSHIP}#Instructor`,
  learner: `${MEMBERSHIP}#Learner`,
  mentor: `${MEMBERSHIP}#Mentor`,
  contextAdministrator: `${MEMBERSHIP}#Administrator`,
  contentDeveloper: `${MEMBERSHIP}#ContentDeveloper`,
  teachingAssistant: `${MEMBERSHIP}/Instructor#TeachingAssistant`,
  institutionAdministrator: `${INSTITUTION}#Administrator`,
  institutionInstructor: `${INSTITUTION}#Instructor`,
  institutionStudent: `${INSTITUTION}#Student`,
} as const;

/** True for a context role that makes someone a learner (membership#Learner or one of its sub-roles). */
export function isLearnerRole(role: string): boolean {
  return role === LIS_ROLES.learner || role.startsWith(`${MEMBERSHIP}/Learner#`);
}

/** True for a context role that lets someone add content (instructor, its sub-roles, course admin, designer). */
export function isTeachingRole(role: string): boolean {
  return role === LIS_ROLES.instructor || role.startsWith(`${MEMBERSHIP}/Instructor#`)
    || role === LIS_ROLES.contextAdministrator || role === LIS_ROLES.contentDeveloper;
}

/** Short name of a role URI (the part after '#'), as Moodle's NRPS returns it. */
export function shortRoleName(role: string): string {
  const hash = role.lastIndexOf('#');
  return hash >= 0 ? role.slice(hash + 1) : role;
}

/** Media types of the LTI Advantage services. */
export const MEDIA_TYPES = {
  membershipContainer: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
} as const;

/** Context type of every simulated course. */
export const COURSE_OFFERING = 'http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering';

/** Clock skew tolerated on `iat` of JWTs tools send (seconds). */
export const CLOCK_SKEW_SEC = 5;

/** Pending launches (`lti_message_hint`) live this long. */
export const LAUNCH_HINT_TTL_MS = 10 * 60 * 1000;
/** A reusable lti_message_hint (Canvas's is a short-lived signed token) expires this long after the launch was prepared. */
export const REUSABLE_HINT_TTL_MS = 5 * 60 * 1000;

/** Access tokens live this long (seconds). */
export const ACCESS_TOKEN_TTL_SEC = 3600;
