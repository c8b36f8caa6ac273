/**
 * A lean HTTP client that behaves like a browser for LTI round trips: a cookie jar, manual
 * redirects, and the auto-submitting forms platforms and tools use. One BrowserClient is one
 * browser profile (a fresh cookie jar); it uses fetch's keep-alive connection pool.
 */

/** A response as the client saw it, body read as text. */
export interface BrowserResponse {
  status: number;
  url: string;
  headers: Headers;
  html: string;
}

/** Request options: `form` is sent urlencoded (an array value repeats the field), `body` as-is. */
export interface BrowserRequestOptions {
  form?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
}

/** An auto-submitting form found in a page. */
export interface AutoPostForm {
  action: string;
  method: 'GET' | 'POST';
  fields: Record<string, string>;
}

interface StoredCookie {
  name: string;
  value: string;
  /** Host the cookie came from (host-only) or the Domain attribute (leading dot removed). */
  domain: string;
  hostOnly: boolean;
  path: string;
  expiresAt?: number;
}

const MAX_REDIRECTS = 10;

/** Decodes the HTML character references that appear in attribute values. */
export function decodeHtmlEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([^\s=/>]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  const inner = tag.replace(/^<\s*[a-z]+/i, '').replace(/\/?>$/, '');
  for (const m of inner.matchAll(re)) {
    const name = m[1]?.toLowerCase();
    if (name) out[name] = decodeHtmlEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/**
 * Finds the first form of a page that carries hidden inputs and returns its action (resolved
 * against `baseUrl` when relative), method and named input values (entities decoded).
 */
export function parseAutoPostForm(html: string, baseUrl?: string): AutoPostForm | null {
  const formMatch = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!formMatch) return null;
  const formTag = /<form\b[^>]*>/i.exec(formMatch[0])?.[0] ?? '';
  const attrs = attributes(formTag);
  const fields: Record<string, string> = {};
  for (const input of (formMatch[1] ?? '').matchAll(/<input\b[^>]*>/gi)) {
    const a = attributes(input[0]);
    if (a.name !== undefined && (a.type ?? 'text').toLowerCase() !== 'submit') fields[a.name] = a.value ?? '';
  }
  const rawAction = attrs.action ?? baseUrl ?? '';
  const action = baseUrl ? new URL(rawAction, baseUrl).toString() : rawAction;
  return { action, method: (attrs.method ?? 'get').toLowerCase() === 'post' ? 'POST' : 'GET', fields };
}

function isAutoSubmitting(html: string): boolean {
  return /<form\b/i.test(html) && /\.submit\(\)/.test(html);
}

/** A browser-like HTTP client with its own cookie jar. */
export class BrowserClient {
  private readonly jar = new Map<string, StoredCookie>();

  /** Cookies that would be sent to `url` now, as a Cookie header value ('' if none). */
  cookieHeader(url: string): string {
    const { hostname, pathname } = new URL(url);
    const now = Date.now();
    const parts: string[] = [];
    for (const [key, c] of this.jar) {
      if (c.expiresAt !== undefined && c.expiresAt <= now) { this.jar.delete(key); continue; }
      const domainOk = c.hostOnly ? hostname === c.domain : hostname === c.domain || hostname.endsWith(`.${c.domain}`);
      const pathOk = pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`);
      if (domainOk && pathOk) parts.push(`${c.name}=${c.value}`);
    }
    return parts.join('; ');
  }

  /** Stores the cookies of a Set-Cookie header received from `url` (Path, Domain, Max-Age, Expires honoured). */
  storeCookie(setCookie: string, url: string): void {
    const { hostname, pathname } = new URL(url);
    const [pair = '', ...attrs] = setCookie.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const cookie: StoredCookie = {
      name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), domain: hostname, hostOnly: true,
      path: pathname.lastIndexOf('/') > 0 ? pathname.slice(0, pathname.lastIndexOf('/')) : '/',
    };
    let maxAgeSeen = false;
    for (const attr of attrs) {
      const [rawName = '', ...rest] = attr.split('=');
      const name = rawName.trim().toLowerCase();
      const value = rest.join('=').trim();
      if (name === 'path' && value.startsWith('/')) cookie.path = value;
      else if (name === 'domain' && value) { cookie.domain = value.replace(/^\./, '').toLowerCase(); cookie.hostOnly = false; }
      else if (name === 'max-age' && /^-?\d+$/.test(value)) { cookie.expiresAt = Date.now() + Number(value) * 1000; maxAgeSeen = true; }
      else if (name === 'expires' && !maxAgeSeen) {
        const t = Date.parse(value);
        if (!Number.isNaN(t)) cookie.expiresAt = t;
      }
    }
    const key = `${cookie.domain}|${cookie.path}|${cookie.name}`;
    if (cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now()) this.jar.delete(key);
    else this.jar.set(key, cookie);
  }

  /** Sends one request (no redirect following), with the jar's cookies; stores cookies it receives. */
  async request(method: string, url: string, opts: BrowserRequestOptions = {}): Promise<BrowserResponse> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined = opts.body;
    if (opts.form) {
      body = new URLSearchParams(Object.entries(opts.form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]]))).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const sc of res.headers.getSetCookie()) this.storeCookie(sc, url);
    return { status: res.status, url, headers: res.headers, html: await res.text() };
  }

  /** Sends a request and follows redirects (up to 10; 301/302/303 become GET, 307/308 keep method and body). */
  async follow(method: string, url: string, opts: BrowserRequestOptions = {}): Promise<BrowserResponse> {
    let res = await this.request(method, url, opts);
    let current = { method, url, opts };
    for (let hop = 0; hop < MAX_REDIRECTS; hop += 1) {
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || res.status === 304 || !location) return res;
      const next = new URL(location, current.url).toString();
      current = res.status === 307 || res.status === 308 ? { ...current, url: next } : { method: 'GET', url: next, opts: { headers: opts.headers } };
      res = await this.request(current.method, current.url, current.opts);
    }
    throw new Error(`too many redirects (more than ${MAX_REDIRECTS}) from ${url}`);
  }

  /**
   * Runs a whole LTI launch: login initiation to the tool, redirects to the platform's
   * authorization endpoint, the auto-posted id_token back to the tool, and the tool's redirects.
   * Returns the final page (or the first page that is not an auto-submitting form, e.g. an error).
   */
  async launch(prepared: { method: 'GET' | 'POST'; url: string; params: Record<string, string> }): Promise<BrowserResponse> {
    let res: BrowserResponse;
    if (prepared.method === 'POST') {
      res = await this.follow('POST', prepared.url, { form: prepared.params });
    } else {
      const url = new URL(prepared.url);
      for (const [k, v] of Object.entries(prepared.params)) url.searchParams.set(k, v);
      res = await this.follow('GET', url.toString());
    }
    for (let step = 0; step < 4; step += 1) {
      if (!isAutoSubmitting(res.html)) return res;
      const form = parseAutoPostForm(res.html, res.url);
      if (!form) return res;
      const postsIdToken = 'id_token' in form.fields || 'JWT' in form.fields;
      if (form.method === 'POST') res = await this.follow('POST', form.action, { form: form.fields });
      else {
        const url = new URL(form.action);
        for (const [k, v] of Object.entries(form.fields)) url.searchParams.set(k, v);
        res = await this.follow('GET', url.toString());
      }
      if (postsIdToken) return res;
    }
    return res;
  }
}
