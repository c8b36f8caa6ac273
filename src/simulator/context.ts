import type { RegistrationShape } from './types';
/**
 * What every route module of the simulator shares: state, keys, faults, settings and the URL
 * layout (all absolute URLs derive from the issuer, which is known once the server listens).
 */
import type { FaultInjector } from './faults';
import type { PlatformKeys } from './keys';
import type { SimulatorStore } from './store';
import type { ToolKeyCache } from './toolKeys';

/** Resolved simulator settings. */
export interface SimSettings {
  nrpsPageSize: number;
  shortRoleNames: boolean;
  productFamilyCode: string;
  platformName: string;
  platformGuid: string;
  platformVersion: string;
  registrationShape: RegistrationShape;
  /** Frame name sent as `lti_storage_target`, or undefined when Platform Storage is off. */
  storageTarget: string | undefined;
  reusableMessageHint: boolean;
}

/** Dependencies handed to each route module. */
export interface SimContext {
  store: SimulatorStore;
  keys: () => PlatformKeys;
  toolKeys: ToolKeyCache;
  faults: FaultInjector;
  settings: SimSettings;
  urls: SimUrls;
  /** Secret for the demo pages' person cookie. */
  cookieSecret: Buffer;
}

const enc = encodeURIComponent;

/** Route paths (express patterns) of every endpoint. */
export const PATHS = {
  jwks: '/.well-known/jwks.json',
  openidConfiguration: '/.well-known/openid-configuration',
  authorize: '/lti/authorize',
  token: '/login/oauth2/token',
  registration: '/lti/registrations',
  registrationStart: '/lti/registrations/start',
  launchFrame: '/lti/launch/:hint',
  deepLinkReturn: '/lti/deep_linking/:requestId/return',
  memberships: '/api/lti/courses/:courseId/names_and_roles',
  lineItems: '/api/lti/courses/:courseId/line_items',
  lineItem: '/api/lti/courses/:courseId/line_items/:lineItemKey',
  scores: '/api/lti/courses/:courseId/line_items/:lineItemKey/scores',
  results: '/api/lti/courses/:courseId/line_items/:lineItemKey/results',
  home: '/',
  session: '/session',
  course: '/courses/:courseId',
  courseTool: '/courses/:courseId/tools/:clientId',
  accountTool: '/account/tools/:clientId',
  launchReturn: '/lti/return',
  adminTools: '/admin/tools',
  adminRegister: '/admin/tools/register',
  adminActivate: '/admin/tools/:clientId/activate',
  storageFrame: '/lti/storage_frame',
} as const;

/** Absolute URLs of the simulator's endpoints, built from the issuer. */
export class SimUrls {
  /** `agsQuery`: the query string every AGS URL carries (Moodle's `type_id=…`), or none. */
  constructor(private readonly issuerOf: () => string, readonly agsQuery = '') {}

  /** Platform issuer (base URL, no trailing slash). */
  get issuer(): string {
    return this.issuerOf();
  }
  get jwks(): string { return this.issuer + PATHS.jwks; }
  get openidConfiguration(): string { return this.issuer + PATHS.openidConfiguration; }
  get authorize(): string { return this.issuer + PATHS.authorize; }
  get token(): string { return this.issuer + PATHS.token; }
  get registration(): string { return this.issuer + PATHS.registration; }
  get registrationStart(): string { return this.issuer + PATHS.registrationStart; }
  /** Page that posts a prepared login to the tool (iframe src in the demo). */
  launchFrame(hint: string): string { return `${this.issuer}/lti/launch/${enc(hint)}`; }
  deepLinkReturn(requestId: string): string { return `${this.issuer}/lti/deep_linking/${enc(requestId)}/return`; }
  memberships(courseId: string): string { return `${this.issuer}/api/lti/courses/${enc(courseId)}/names_and_roles`; }
  lineItems(courseId: string): string { return this.withAgsQuery(`${this.issuer}/api/lti/courses/${enc(courseId)}/line_items`); }
  lineItem(courseId: string, key: string): string { return this.withAgsQuery(`${this.issuer}/api/lti/courses/${enc(courseId)}/line_items/${enc(key)}`); }
  /** A line item's `/scores` or `/results` URL (the query string stays after the path). */
  lineItemSub(lineItemUrl: string, sub: 'scores' | 'results', params: Record<string, string> = {}): string {
    const url = new URL(lineItemUrl);
    url.pathname += `/${sub}`;
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.toString();
  }
  course(courseId: string): string { return `${this.issuer}/courses/${enc(courseId)}`; }
  private withAgsQuery(url: string): string {
    return this.agsQuery ? `${url}?${this.agsQuery}` : url;
  }
  launchReturn(courseId?: string): string {
    return `${this.issuer}${PATHS.launchReturn}${courseId === undefined ? '' : `?course=${enc(courseId)}`}`;
  }
}
