/**
 * From LTI role URIs to CoachLoop roles.
 *
 * Platforms send roles as full LIS URIs (Canvas, Schoology, id_tokens everywhere), as short
 * names (Moodle's NRPS, some certification launches) or as LTI 1.1 URNs. They are normalised
 * to full URIs first, then mapped — with the space's overrides first — to one CoachLoop role.
 * Unknown or missing roles map to 'none': least privilege, never a refusal.
 */

/** CoachLoop's roles, from most to least privileged in what they can manage. */
export const COACH_ROLES = ['admin', 'coach', 'mentor', 'teacher', 'none'] as const;
export type CoachRole = (typeof COACH_ROLES)[number];

/** What each role is called on screen. */
export const ROLE_LABELS: Record<CoachRole, string> = {
  admin: 'Program admin',
  coach: 'Coach',
  mentor: 'Mentor',
  teacher: 'Teacher',
  none: 'Guest',
};

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
export const ROLE = {
  membershipAdministrator: `${LIS}membership#Administrator`,
  membershipInstructor: `${LIS}membership#Instructor`,
  membershipLearner: `${LIS}membership#Learner`,
  membershipMentor: `${LIS}membership#Mentor`,
  membershipContentDeveloper: `${LIS}membership#ContentDeveloper`,
  teachingAssistant: `${LIS}membership/Instructor#TeachingAssistant`,
  institutionAdministrator: `${LIS}institution/person#Administrator`,
  institutionInstructor: `${LIS}institution/person#Instructor`,
  institutionStudent: `${LIS}institution/person#Student`,
  systemAdministrator: `${LIS}system/person#Administrator`,
  systemSysAdmin: `${LIS}system/person#SysAdmin`,
} as const;

/** Context (membership) role names the LTI vocabulary defines; short names resolve to these. */
const MEMBERSHIP_NAMES = ['Administrator', 'ContentDeveloper', 'Instructor', 'Learner', 'Mentor', 'Manager', 'Member', 'Officer'];

/** LTI 1.1 URNs some platforms still send, and their LTI 1.3 equivalents. */
const LEGACY_PREFIXES: Array<[RegExp, string]> = [
  [/^urn:lti:role:ims\/lis\/([A-Za-z]+)(?:\/([A-Za-z]+))?$/, 'membership'],
  [/^urn:lti:instrole:ims\/lis\/([A-Za-z]+)$/, 'institution/person'],
  [/^urn:lti:sysrole:ims\/lis\/([A-Za-z]+)$/, 'system/person'],
];

/**
 * Normalises one role as sent by a platform to a full LIS v2 URI.
 * 'Instructor' → …/membership#Instructor; 'urn:lti:role:ims/lis/Learner' → …/membership#Learner;
 * full URIs and unknown strings are returned trimmed, unchanged.
 */
export function normaliseRole(raw: string): string {
  const role = raw.trim();
  if (MEMBERSHIP_NAMES.includes(role)) return `${LIS}membership#${role}`;
  for (const [pattern, kind] of LEGACY_PREFIXES) {
    const m = pattern.exec(role);
    if (m) {
      if (kind === 'membership' && m[2]) return `${LIS}membership/${m[1]}#${m[2]}`;
      return `${LIS}${kind}#${m[1]}`;
    }
  }
  // The v1 vocabulary used "lis/v2/membership#…" with a trailing "/" variant in the wild.
  return role.replace(/^https:\/\/purl\.imsglobal\.org\/vocab\/lis\/v2\//, LIS);
}

/** Normalises a roles claim (which may be missing, a string or contain junk) to unique full URIs. */
export function normaliseRoles(claim: unknown): string[] {
  const list = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(',') : [];
  const out = new Set<string>();
  for (const r of list) if (typeof r === 'string' && r.trim()) out.add(normaliseRole(r));
  return [...out];
}

/**
 * A per-space override: this (normalised) LTI role means that CoachLoop role here — or, with
 * `personId`, this one person has that CoachLoop role here whatever the LMS sends.
 */
export interface RoleOverride {
  ltiRole: string;
  coachRole: CoachRole;
  personId?: number;
}

/** Marks a person override's ltiRole (it applies to every LTI role of that person). */
export const ANY_LTI_ROLE = '*';

/**
 * Maps normalised LTI roles to one CoachLoop role.
 *
 * Rules (DESIGN.md "Who uses it"):
 * - a person override for this person wins; then a space override matching any of the roles
 *   (the most privileged match, if several);
 * - institution or system Administrator → admin (program admin / principal);
 * - context Administrator → admin, except together with Instructor: Schoology sends both for
 *   every course teacher, who is an instructor of that course, not a program admin;
 * - Instructor or its sub-roles (TeachingAssistant, …) → coach;
 * - Mentor → mentor (Canvas observers arrive as Mentor too; the role only shows aggregates);
 * - Learner → teacher (the teacher being coached in a PD course);
 * - anything else, or nothing → none.
 */
export function mapRoles(roles: string[], overrides: RoleOverride[] = [], personId?: number): CoachRole {
  const personal = personId !== undefined ? overrides.find((o) => o.personId === personId) : undefined;
  if (personal) return personal.coachRole;
  const matched = overrides.filter((o) => !o.personId && roles.includes(o.ltiRole)).map((o) => o.coachRole);
  if (matched.length) return mostPrivileged(matched);

  const has = (uri: string) => roles.includes(uri);
  const hasPrefix = (prefix: string) => roles.some((r) => r.startsWith(prefix));
  const isInstructor = has(ROLE.membershipInstructor) || hasPrefix(`${LIS}membership/Instructor#`);

  if (has(ROLE.institutionAdministrator) || has(ROLE.systemAdministrator) || has(ROLE.systemSysAdmin)) return 'admin';
  if (has(ROLE.membershipAdministrator) && !isInstructor) return 'admin';
  if (isInstructor) return 'coach';
  if (has(ROLE.membershipMentor) || hasPrefix(`${LIS}membership/Mentor#`)) return 'mentor';
  if (has(ROLE.membershipLearner) || hasPrefix(`${LIS}membership/Learner#`)) return 'teacher';
  return 'none';
}

/** The most privileged of several roles, in COACH_ROLES order. */
export function mostPrivileged(roles: CoachRole[]): CoachRole {
  for (const r of COACH_ROLES) if (roles.includes(r)) return r;
  return 'none';
}

/** Whether a string is a CoachLoop role (for validating stored values and admin input). */
export function isCoachRole(value: unknown): value is CoachRole {
  return typeof value === 'string' && (COACH_ROLES as readonly string[]).includes(value);
}

/** A short, human name for an LTI role URI ("Instructor", "Teaching assistant", "Administrator (institution)"). */
export function describeLtiRole(uri: string): string {
  const m = /\/lis\/v2\/(membership|institution\/person|system\/person)(?:\/([A-Za-z]+))?#([A-Za-z]+)$/.exec(uri);
  if (!m) return uri;
  const name = m[3].replace(/([a-z])([A-Z])/g, '$1 $2');
  const scope = m[1] === 'membership' ? '' : m[1].startsWith('institution') ? ' (institution)' : ' (system)';
  return `${name.charAt(0)}${name.slice(1).toLowerCase()}${scope}`;
}
