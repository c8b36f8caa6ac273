/**
 * Type declarations for the parts of ltijs 5.9.9 CoachLoop uses (`@types/ltijs` describes the
 * older v4 API). Only src/lti/ imports ltijs; these types never leave that folder.
 */
declare module 'ltijs' {
  import type { Express, Request, Response, NextFunction } from 'express';

  export interface LtijsDatabasePlugin {
    setup(): Promise<boolean>;
    Close(): Promise<boolean>;
    Get(key: string | false, collection: string, query?: Record<string, unknown>): Promise<Array<Record<string, unknown>> | false>;
    Insert(key: string | false, collection: string, item: Record<string, unknown>, index?: Record<string, unknown>): Promise<boolean>;
    Replace(key: string | false, collection: string, query: Record<string, unknown>, item: Record<string, unknown>, index?: Record<string, unknown>): Promise<boolean>;
    Modify(key: string | false, collection: string, query: Record<string, unknown>, modification: Record<string, unknown>): Promise<boolean>;
    Delete(collection: string, query: Record<string, unknown>): Promise<boolean>;
  }

  export interface ProviderOptions {
    appRoute?: string;
    loginRoute?: string;
    keysetRoute?: string;
    dynRegRoute?: string;
    cors?: boolean;
    devMode?: boolean;
    tokenMaxAge?: number | false;
    cookies?: { secure?: boolean; sameSite?: 'None' | 'Lax' | 'Strict'; domain?: string };
    staticPath?: string;
    serverAddon?: (app: Express) => void;
  }

  export interface PlatformConfig {
    url: string;
    name: string;
    clientId: string;
    authenticationEndpoint: string;
    accesstokenEndpoint: string;
    authorizationServer?: string;
    authConfig: { method: 'JWK_SET' | 'JWK_KEY' | 'RSA_KEY'; key: string };
  }

  export interface Platform {
    platformUrl(): Promise<string>;
    platformClientId(): Promise<string>;
    platformName(name?: string): Promise<string>;
    platformKid(): Promise<string>;
    platformActive(active?: boolean): Promise<boolean>;
    platformAuthConfig(): Promise<{ method: string; key: string }>;
    platformAuthEndpoint(): Promise<string>;
    platformAccessTokenEndpoint(): Promise<string>;
    platformPublicKey(): Promise<string>;
    platformPrivateKey(): Promise<string>;
    platformAccessToken(scopes: string): Promise<{ access_token: string; token_type: string; expires_in: number; scope?: string }>;
    delete(): Promise<boolean>;
  }

  /** The id_token record ltijs keeps per user and deployment (res.locals.token). */
  export interface IdToken {
    iss: string;
    user: string;
    userInfo?: { given_name?: string; family_name?: string; name?: string; email?: string };
    platformInfo?: Record<string, unknown>;
    clientId: string;
    platformId: string;
    deploymentId: string;
    platformContext: ContextToken;
  }

  /** The per-launch record ltijs keeps (res.locals.context). */
  export interface ContextToken {
    contextId: string;
    user: string;
    roles?: string[];
    path?: string;
    targetLinkUri?: string;
    context?: { id?: string; label?: string; title?: string; type?: string[] };
    resource?: { id?: string; title?: string; description?: string };
    custom?: Record<string, unknown>;
    launchPresentation?: Record<string, unknown>;
    messageType?: string;
    version?: string;
    deepLinkingSettings?: Record<string, unknown>;
    lis?: Record<string, unknown>;
    endpoint?: { scope?: string[]; lineitems?: string; lineitem?: string };
    namesRoles?: { context_memberships_url?: string; service_versions?: string[] };
  }

  export type ConnectCallback = (token: IdToken, req: Request, res: Response, next: NextFunction) => unknown;
  export type ErrorCallback = (req: Request, res: Response) => unknown;

  /** A ltijs provider instance (the package exports one; its constructor makes more). */
  export interface LtiProvider {
    app: Express;
    Database: LtijsDatabasePlugin;
    setup(encryptionKey: string, database: { plugin: LtijsDatabasePlugin } | { url: string }, options?: ProviderOptions): this;
    deploy(options?: { serverless?: boolean; port?: number; silent?: boolean }): Promise<boolean>;
    close(options?: { silent?: boolean }): Promise<boolean>;
    onConnect(cb: ConnectCallback): true;
    onDeepLinking(cb: ConnectCallback): true;
    onInvalidToken(cb: ErrorCallback): true;
    onSessionTimeout(cb: ErrorCallback): true;
    onUnregisteredPlatform(cb: ErrorCallback): true;
    onInactivePlatform(cb: ErrorCallback): true;
    whitelist(...routes: Array<string | RegExp | { route: string | RegExp; method: string }>): unknown;
    registerPlatform(platform: PlatformConfig): Promise<Platform>;
    getPlatform(url: string, clientId: string): Promise<Platform | false>;
    getPlatform(url: string): Promise<Platform[] | false>;
    getPlatformById(id: string): Promise<Platform | false>;
    getAllPlatforms(): Promise<Platform[]>;
    deletePlatform(url: string, clientId: string): Promise<boolean>;
    redirect(res: Response, path: string, options?: { newResource?: boolean; query?: Record<string, string> }): Promise<void>;
  }

  /** The singleton ltijs exports; `new (Provider.constructor)()` gives independent instances. */
  export const Provider: LtiProvider & { constructor: new () => LtiProvider };
}

declare module 'ltijs/dist/Utils/Auth' {
  const Auth: Record<string, unknown>;
  export = Auth;
}

/** ltijs's HTTP client (got with its User-Agent): service-token requests go through it. */
declare module 'ltijs/dist/Utils/Http' {
  const http: {
    post(url: string, options: { form: Record<string, string> }): { json<T = unknown>(): Promise<T> };
  };
  export = http;
}
