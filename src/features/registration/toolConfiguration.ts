/**
 * What CoachLoop asks an LMS for when it is installed: the same messages, placements, scopes and
 * claims for Dynamic Registration and for the Canvas developer-key JSON, built from the tool URLs.
 */

export const SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

/** Services CoachLoop uses: grade passback (line items, results, scores) and roster sync. */
export const REQUESTED_SCOPES: string[] = [SCOPES.lineItem, SCOPES.resultReadonly, SCOPES.score, SCOPES.nrps];

export const TOOL_CONFIGURATION_CLAIM = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
export const PLATFORM_CONFIGURATION_CLAIM = 'https://purl.imsglobal.org/spec/lti-platform-configuration';

const TITLE = 'CoachLoop';
const DESCRIPTION = 'Instructional coaching inside your courses: coaching cycles, goals, surveys and reflections, with a program dashboard that never exposes private coaching conversations.';

/** The tool URLs everything is built from. */
export interface ToolUrls {
  publicUrl: string;
  login: string;
  launch: string;
  keys: string;
}

/** One placement: where the LMS shows CoachLoop and which message it sends from there. */
export interface Placement {
  placement: 'course_navigation' | 'assignment_selection' | 'link_selection' | 'account_navigation';
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  label: string;
  purpose: string;
}

export const PLACEMENTS: Placement[] = [
  { placement: 'course_navigation', messageType: 'LtiResourceLinkRequest', label: 'CoachLoop', purpose: 'Teachers and coaches open CoachLoop from the course menu.' },
  { placement: 'assignment_selection', messageType: 'LtiDeepLinkingRequest', label: 'CoachLoop task', purpose: 'Coaches add a survey, reflection or goal-setting task as a graded assignment.' },
  { placement: 'link_selection', messageType: 'LtiDeepLinkingRequest', label: 'CoachLoop link', purpose: 'Coaches add CoachLoop items to modules and pages.' },
  { placement: 'account_navigation', messageType: 'LtiResourceLinkRequest', label: 'CoachLoop program', purpose: 'Program admins open the district view from the account menu.' },
];

const iconUrl = (u: ToolUrls) => `${u.publicUrl}/public/coachloop-icon.svg`;

/**
 * The client registration request of LTI Dynamic Registration 1.0 (§3.3), for a platform of
 * the given product family. `supportedScopes` (the platform's `scopes_supported`) trims the
 * request to what the platform can grant, when the platform lists them.
 */
export function clientRegistrationRequest(u: ToolUrls, opts: { productFamily?: string; supportedScopes?: string[] } = {}): Record<string, unknown> {
  const canvas = opts.productFamily === 'canvas';
  const scopes = opts.supportedScopes?.length ? REQUESTED_SCOPES.filter((s) => opts.supportedScopes!.includes(s)) : REQUESTED_SCOPES;
  const toolConfiguration: Record<string, unknown> = {
    domain: new URL(u.publicUrl).host,
    description: DESCRIPTION,
    target_link_uri: u.launch,
    custom_parameters: {},
    claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
    messages: PLACEMENTS.map((p) => ({
      type: p.messageType,
      target_link_uri: u.launch,
      label: p.label,
      icon_uri: iconUrl(u),
      placements: [p.placement],
      ...(p.messageType === 'LtiDeepLinkingRequest' ? { supported_types: ['ltiResourceLink'] } : {}),
      ...(canvas && p.placement === 'account_navigation' ? { roles: ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'] } : {}),
    })),
  };
  // Without this Canvas installs an anonymous tool (no names, no emails).
  if (canvas) toolConfiguration['https://canvas.instructure.com/lti/privacy_level'] = 'public';
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: u.login,
    redirect_uris: [u.launch],
    client_name: TITLE,
    jwks_uri: u.keys,
    logo_uri: iconUrl(u),
    token_endpoint_auth_method: 'private_key_jwt',
    scope: scopes.join(' '),
    [TOOL_CONFIGURATION_CLAIM]: toolConfiguration,
  };
}

/** The Canvas developer-key JSON configuration (Canvas "Enter URL" / "Paste JSON" install). */
export function canvasDeveloperKeyJson(u: ToolUrls): Record<string, unknown> {
  return {
    title: TITLE,
    description: DESCRIPTION,
    oidc_initiation_url: u.login,
    target_link_uri: u.launch,
    public_jwk_url: u.keys,
    scopes: REQUESTED_SCOPES,
    extensions: [
      {
        domain: new URL(u.publicUrl).host,
        tool_id: 'coachloop',
        platform: 'canvas.instructure.com',
        privacy_level: 'public',
        settings: {
          text: TITLE,
          icon_url: iconUrl(u),
          placements: PLACEMENTS.map((p) => ({
            placement: p.placement,
            message_type: p.messageType,
            target_link_uri: u.launch,
            text: p.label,
            icon_url: iconUrl(u),
            ...(p.placement === 'course_navigation' ? { default: 'enabled', visibility: 'members' } : {}),
            ...(p.placement === 'account_navigation' ? { visibility: 'admins' } : {}),
          })),
        },
      },
    ],
    custom_fields: {},
  };
}
