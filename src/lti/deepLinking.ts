/**
 * Deep Linking 2.0 responses, signed with the tool's active key (toolKeys.ts). Written here rather
 * than through ltijs because ltijs's builder puts the error message under a misspelt claim
 * (a trailing space) and silently drops items the platform did not accept.
 */
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { LtiProvider } from 'ltijs';
import type { LtiLaunch } from './launch';
import type { ToolSigningKey } from './toolKeys';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

/** A resource link to place in the course. */
export interface PlacedLink {
  title: string;
  text?: string;
  url: string;
  custom?: Record<string, string>;
  lineItem?: { label: string; scoreMaximum: number; resourceId?: string; tag?: string };
  /** Open in a new window (set when the platform does not accept 'iframe'). */
  window?: { targetName?: string };
  /** Open in an iframe of this height (optional; platforms size their own frames). */
  iframe?: { height?: number; width?: number };
}

/** The deep linking settings of a launch, as CoachLoop needs them. */
export interface DeepLinkingSettings {
  returnUrl: string;
  acceptTypes: string[];
  /** Several items in one answer; absent counts as false (one item is always safe). */
  acceptMultiple: boolean;
  /** True: the platform makes a gradebook column from an item's lineItem; false: it ignores them; undefined: not said (Canvas). */
  acceptLineItem?: boolean;
  /** How the platform can open what is placed ('iframe', 'window', 'embed'); empty when not said. */
  documentTargets: string[];
  autoCreate?: boolean;
  data?: string;
}

const bool = (v: unknown): boolean | undefined => (v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined);

/** Reads the deep linking settings from the launch's raw claim. */
export function deepLinkingSettingsOf(raw: Record<string, unknown> | undefined): DeepLinkingSettings | undefined {
  if (!raw || typeof raw.deep_link_return_url !== 'string') return undefined;
  return {
    returnUrl: raw.deep_link_return_url,
    acceptTypes: Array.isArray(raw.accept_types) ? raw.accept_types.map(String) : [],
    acceptMultiple: bool(raw.accept_multiple) ?? false,
    acceptLineItem: bool(raw.accept_lineitem),
    documentTargets: Array.isArray(raw.accept_presentation_document_targets) ? raw.accept_presentation_document_targets.map(String) : [],
    autoCreate: bool(raw.auto_create),
    data: typeof raw.data === 'string' ? raw.data : undefined,
  };
}

/** Refused: the platform does not accept what the tool would send. */
export class DeepLinkingRefused extends Error {}

/**
 * Builds the signed LtiDeepLinkingResponse for `links` (empty = the person cancelled).
 * Throws DeepLinkingRefused when the platform accepts no resource links or only one was allowed.
 * Line items are left out where the platform said it ignores them (accept_lineitem: false).
 */
export async function signDeepLinkingResponse(
  provider: LtiProvider, signer: { signingKey(): Promise<ToolSigningKey> }, launch: LtiLaunch, settings: DeepLinkingSettings, links: PlacedLink[], message?: { msg?: string; errormsg?: string },
): Promise<string> {
  if (links.length && !settings.acceptTypes.includes('ltiResourceLink')) throw new DeepLinkingRefused('This LMS does not accept LTI resource links from this content picker.');
  if (links.length > 1 && !settings.acceptMultiple) throw new DeepLinkingRefused('This LMS accepts one item at a time here.');
  const platform = await provider.getPlatform(launch.issuer, launch.clientId);
  if (!platform) throw new DeepLinkingRefused('The LMS that opened this picker is no longer registered.');
  const now = Math.floor(Date.now() / 1000);
  const body: Record<string, unknown> = {
    iss: launch.clientId,
    aud: launch.issuer,
    iat: now,
    exp: now + 300,
    nonce: crypto.randomBytes(16).toString('hex'),
    [`${LTI}deployment_id`]: launch.deploymentId,
    [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
    [`${LTI}version`]: '1.3.0',
    [`${DL}content_items`]: links.map(({ lineItem, ...l }) => ({ type: 'ltiResourceLink', ...l, ...(lineItem && settings.acceptLineItem !== false ? { lineItem } : {}) })),
  };
  if (settings.data !== undefined) body[`${DL}data`] = settings.data;
  if (message?.msg) body[`${DL}msg`] = message.msg;
  if (message?.errormsg) body[`${DL}errormsg`] = message.errormsg;
  const { kid, privateKey } = await signer.signingKey();
  return jwt.sign(body, privateKey, { algorithm: 'RS256', keyid: kid });
}
