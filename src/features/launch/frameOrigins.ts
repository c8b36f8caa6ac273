/**
 * Which sites may frame CoachLoop (the CSP frame-ancestors directive): the registered platforms,
 * never the whole web. For each platform: the origins of its issuer and authorization endpoint,
 * the hosted family's domain for the big cloud LMSs (a district's Canvas lives on
 * <district>.instructure.com while its issuer is canvas.instructure.com), the origins its signed
 * launches give as `launch_presentation.return_url` (recorded on launch, so vanity domains work
 * from the first launch on), and origins an operator adds.
 *
 * Everything is read in one query and cached for a short time, so a second CoachLoop instance
 * sees a new platform within `ttlMs` and a request costs no database round trip.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { upsertRow } from '../../db/upsert';

/** Cloud LMS issuers whose courses are served from per-district subdomains. */
const HOSTED_FAMILIES: Array<{ issuerHost: RegExp; frameOrigin: string }> = [
  { issuerHost: /^canvas(\.beta|\.test)?\.instructure\.com$/, frameOrigin: 'https://*.instructure.com' },
  { issuerHost: /^(app|schoology)\.schoology\.com$/, frameOrigin: 'https://*.schoology.com' },
];

/** At most this many recorded launch origins per platform (a platform cannot grow the header without bound). */
export const MAX_RECORDED_ORIGINS = 50;

/** scheme://host[:port] of an http(s) URL, or undefined for anything else. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return u.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The hosted family's wildcard origin for an issuer, if it has one. */
export function familyOrigin(issuer: string): string | undefined {
  try {
    const host = new URL(issuer).hostname.toLowerCase();
    return HOSTED_FAMILIES.find((f) => f.issuerHost.test(host))?.frameOrigin;
  } catch {
    return undefined;
  }
}

interface PlatformOrigins {
  kid: string;
  issuer: string;
  clientId: string;
  origins: Set<string>;
}

/** The frame origins of every registered platform, cached. */
export class FrameOrigins {
  private cache?: { at: number; platforms: PlatformOrigins[] };
  private loading?: Promise<PlatformOrigins[]>;

  constructor(private readonly sequelize: Sequelize, private readonly ttlMs = 30_000) {}

  /** Origins of the platforms with this issuer (and client id, when given); [] when none is registered. */
  async forIssuer(issuer: string, clientId?: string): Promise<string[]> {
    const find = (platforms: PlatformOrigins[]) => platforms.filter((p) => p.issuer === issuer && (!clientId || p.clientId === clientId));
    let matching = find(await this.platforms());
    // A platform registered since the cache was filled (here or on another instance): read again, at most once a second.
    if (!matching.length && this.cache && Date.now() - this.cache.at > 1000) {
      this.forget();
      matching = find(await this.platforms());
    }
    return [...new Set(matching.flatMap((p) => [...p.origins]))].sort();
  }

  /** Origins of every registered platform (for requests that name no platform). */
  async all(): Promise<string[]> {
    const platforms = await this.platforms();
    return [...new Set(platforms.flatMap((p) => [...p.origins]))].sort();
  }

  /**
   * Remembers the origin a signed launch says the platform's page is on. Returns true when it is
   * new. Only call with values from a validated launch.
   */
  async recordLaunchOrigin(platformKid: string, returnUrl: string | undefined): Promise<boolean> {
    const origin = originOf(returnUrl);
    if (!origin) return false;
    const platform = (await this.platforms()).find((p) => p.kid === platformKid);
    if (!platform || platform.origins.has(origin)) return false;
    const [{ n }] = await this.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM lti_frame_origins WHERE platform_kid = ?', { replacements: [platformKid], type: QueryTypes.SELECT });
    if (Number(n) >= MAX_RECORDED_ORIGINS) return false;
    await upsertRow(this.sequelize, {
      table: 'lti_frame_origins',
      values: { platform_kid: platformKid, origin, source: 'launch', created_at: Date.now() },
      conflictKeys: ['platform_kid', 'origin'],
      updateColumns: ['platform_kid'],
    });
    platform.origins.add(origin);
    return true;
  }

  /** Forgets the cache (after a registration or an operator change in this process). */
  forget(): void {
    this.cache = undefined;
  }

  private async platforms(): Promise<PlatformOrigins[]> {
    if (this.cache && Date.now() - this.cache.at < this.ttlMs) return this.cache.platforms;
    this.loading ??= this.load().finally(() => { this.loading = undefined; });
    return this.loading;
  }

  private async load(): Promise<PlatformOrigins[]> {
    const rows = await this.sequelize.query<{ kid: string; platform_url: string; client_id: string; auth_endpoint: string }>(
      'SELECT kid, platform_url, client_id, auth_endpoint FROM lti_platforms', { type: QueryTypes.SELECT });
    const extra = await this.sequelize.query<{ platform_kid: string; origin: string }>(
      'SELECT platform_kid, origin FROM lti_frame_origins', { type: QueryTypes.SELECT });
    const platforms = rows.map((r) => {
      const origins = new Set<string>();
      for (const o of [originOf(r.platform_url), originOf(r.auth_endpoint), familyOrigin(r.platform_url)]) if (o) origins.add(o);
      return { kid: r.kid, issuer: r.platform_url, clientId: r.client_id, origins };
    });
    const byKid = new Map(platforms.map((p) => [p.kid, p]));
    for (const e of extra) byKid.get(e.platform_kid)?.origins.add(e.origin);
    this.cache = { at: Date.now(), platforms };
    return platforms;
  }
}
