/**
 * Plain-language explanations of why a launch or request was refused, for the error page.
 * Reason codes come from ltijs and from our own checks (ltijsPatches.ts).
 */
export interface ProblemText {
  status: number;
  title: string;
  message: string;
}

const AGAIN = 'Go back to your course in the LMS and open CoachLoop again.';
const ADMIN = 'If it keeps happening, send this page to your LMS administrator.';

const TEXTS: Record<string, ProblemText> = {
  SESSION_NOT_FOUND: { status: 401, title: 'Your CoachLoop session has ended', message: `For your privacy CoachLoop sessions end after a while or when the browser blocks the session cookie. ${AGAIN}` },
  NO_LTIK_OR_IDTOKEN_FOUND: { status: 401, title: 'Open CoachLoop from your course', message: `CoachLoop opens from inside your LMS, so it knows who you are and which course you are in. ${AGAIN}` },
  MISSING_VALIDATION_COOKIE: { status: 401, title: 'Your browser blocked the sign-in cookie', message: 'CoachLoop runs inside your LMS page, and this browser blocks the cookie it needs to finish signing you in. Open CoachLoop in a new window from your course, or allow cookies for this site.' },
  UNREGISTERED_PLATFORM: { status: 400, title: 'This LMS is not connected to CoachLoop', message: `CoachLoop does not know the LMS (or the client id) this launch came from. An LMS administrator must register CoachLoop first. ${ADMIN}` },
  PLATFORM_NOT_ACTIVATED: { status: 401, title: 'CoachLoop is not switched on for this LMS yet', message: 'The LMS is registered but a CoachLoop operator has not activated it. Ask your program admin to activate it.' },
  UNKNOWN_DEPLOYMENT: { status: 403, title: 'This installation of CoachLoop is not registered', message: `Your LMS is connected to CoachLoop, but this particular installation (deployment) of it is not. Ask your LMS administrator to register the deployment id shown below with CoachLoop. ${ADMIN}` },
  DEPLOYMENT_PENDING: { status: 403, title: 'CoachLoop is waiting for approval here', message: 'Your LMS has a new installation (deployment) of CoachLoop. A CoachLoop operator must approve it before people can use it; the deployment id below tells them which one. Try again once it is approved.' },
  TENANT_SUSPENDED: { status: 403, title: 'CoachLoop is paused for your district', message: 'A CoachLoop operator has paused this installation. Your data is kept. Ask your program admin when it will be available again.' },
  TOKEN_TOO_OLD: { status: 401, title: 'The launch took too long', message: `The sign-in message from your LMS was too old when it arrived (more than a minute). Check that your computer's clock is right. ${AGAIN}` },
  NONCE_ALREADY_RECEIVED: { status: 401, title: 'This launch was already used', message: `Each launch from the LMS can be used once, and this one was used before (for example after the back button). ${AGAIN}` },
  KID_NOT_FOUND: { status: 401, title: 'The launch could not be verified', message: `The sign-in message from your LMS did not say which key signed it. ${ADMIN}` },
  KEY_NOT_FOUND: { status: 401, title: 'The launch could not be verified', message: `The sign-in message from your LMS was signed with a key the LMS does not publish. ${ADMIN}` },
  KEYSET_NOT_FOUND: { status: 502, title: 'The LMS keys could not be read', message: `CoachLoop could not read your LMS's public keys to verify the launch. Try again in a minute. ${ADMIN}` },
  'invalid signature': { status: 401, title: 'The launch could not be verified', message: `The sign-in message from your LMS has a signature that does not match. ${ADMIN}` },
  'jwt expired': { status: 401, title: 'The launch has expired', message: `The sign-in message from your LMS expired before it arrived. ${AGAIN}` },
  ISS_CLAIM_DOES_NOT_MATCH: { status: 401, title: 'The launch could not be verified', message: `The sign-in message came from a different LMS than the one that started the sign-in. ${AGAIN}` },
};

/** Claim problems found by the id_token checks: the launch was malformed. */
const CLAIM_CODES = [
  'NO_MESSAGE_TYPE_CLAIM', 'NO_LTI_VERSION_CLAIM', 'WRONG_LTI_VERSION_CLAIM', 'NO_DEPLOYMENT_ID_CLAIM', 'NO_SUB_CLAIM', 'NO_IAT_CLAIM',
  'NO_EXP_CLAIM', 'IAT_IN_THE_FUTURE', 'NO_NONCE_CLAIM', 'NO_AZP_FOR_SEVERAL_AUDIENCES', 'ROLES_CLAIM_NOT_AN_ARRAY', 'NO_TARGET_LINK_URI_CLAIM',
  'NO_RESOURCE_LINK_ID_CLAIM', 'NO_DEEP_LINKING_SETTINGS_CLAIM', 'NUL_BYTE_IN_CLAIM', 'SUB_CLAIM_TOO_LONG', 'CONTEXT_ID_TOO_LONG', 'RESOURCE_LINK_ID_TOO_LONG', 'INVALID_JWT_RECEIVED', 'ALG_NOT_RS256', 'AZP_DOES_NOT_MATCH_CLIENTID',
];

/** The text for a reason code (falls back to a generic refusal that still says what to do). */
export function problemText(code: string): ProblemText {
  if (TEXTS[code]) return TEXTS[code];
  if (CLAIM_CODES.includes(code) || code.startsWith('jwt ')) {
    return { status: 401, title: 'The launch message from your LMS was not valid', message: `CoachLoop checks every launch against the LTI 1.3 rules, and this one did not pass (reason below). ${ADMIN}` };
  }
  return { status: 401, title: 'CoachLoop could not sign you in', message: `${AGAIN} ${ADMIN}` };
}
