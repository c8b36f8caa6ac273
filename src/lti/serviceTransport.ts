/**
 * HTTP for LTI Advantage service calls, on node:http/https with keep-alive agents. A grade worker
 * makes hundreds of small requests a second; fetch (undici) spends about three times the CPU per
 * request that node:http does (measured: ~0.35 ms more per score). The answer's body is read
 * whole under the same time-out as the request.
 */
import http from 'node:http';
import https from 'node:https';

/** Why a call did not get an answer from the service itself. */
export type UnreachableCause = 'timeout' | 'network' | 'aborted';

/** The request got no HTTP answer: time-out, connection refused or dropped, or the caller aborted. It may still have reached the platform. */
export class ServiceUnreachable extends Error {
  constructor(readonly reason: UnreachableCause, message: string) {
    super(message);
    this.name = 'ServiceUnreachable';
  }
}

/** A service's answer. Its body arrives in the background; text() and json() wait for it. */
export interface ServiceResponse {
  status: number;
  /** 2xx. */
  ok: boolean;
  /** A header's value (several joined with ", "), or null. */
  header(name: string): string | null;
  /** The body as text; rejects if the connection dropped or timed out while it was read. */
  text(): Promise<string>;
  /** The body parsed as JSON; rejects on invalid JSON too. */
  json(): Promise<unknown>;
}

/** One request as the transport sends it. */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

// Idle sockets are closed after 4 s, before servers' usual 5 s keep-alive, so a request never
// lands on a socket the server is closing.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 }),
};

/** Sends a request; resolves when the status and headers are in, rejects with ServiceUnreachable when no answer came. */
function send(req: TransportRequest): Promise<ServiceResponse> {
  return new Promise<ServiceResponse>((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      reject(new ServiceUnreachable('network', `CoachLoop could not reach the LMS (the address ${req.url} is not a URL).`));
      return;
    }
    const protocol = url.protocol === 'https:' || url.protocol === 'http:' ? url.protocol : undefined;
    if (!protocol) {
      reject(new ServiceUnreachable('network', `CoachLoop could not reach the LMS (${url.protocol} addresses are not supported).`));
      return;
    }
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    let failure: UnreachableCause | undefined;
    const request = (protocol === 'https:' ? https : http).request(url, {
      method: req.method,
      agent: agents[protocol],
      headers: body ? { ...req.headers, 'content-length': String(body.length) } : req.headers,
    });
    const stop = (cause: UnreachableCause) => {
      failure ??= cause;
      request.destroy(new Error(cause));
    };
    const timer = setTimeout(() => stop('timeout'), req.timeoutMs);
    const onAbort = () => stop('aborted');
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    };
    if (req.signal?.aborted) stop('aborted');
    request.on('error', (err) => {
      done();
      reject(unreachable(failure, err));
    });
    request.on('response', (res) => {
      // The caller has its answer: stopping the runner no longer interrupts it; the time-out still covers the body.
      req.signal?.removeEventListener('abort', onAbort);
      const chunks: Buffer[] = [];
      const bodyText = new Promise<string>((resolveBody, rejectBody) => {
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          done();
          resolveBody(Buffer.concat(chunks).toString('utf8'));
        });
        res.on('error', (err) => {
          done();
          rejectBody(unreachable(failure, err));
        });
        res.on('close', () => {
          if (res.complete) return;
          done();
          rejectBody(unreachable(failure ?? 'network', new Error('the connection closed while the answer was read')));
        });
      });
      bodyText.catch(() => undefined);
      const status = res.statusCode ?? 0;
      resolve({
        status,
        ok: status >= 200 && status < 300,
        header: (name) => {
          const value = res.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
        text: () => bodyText,
        json: async () => JSON.parse(await bodyText) as unknown,
      });
    });
    request.end(body);
  });
}

function unreachable(cause: UnreachableCause | undefined, err: Error): ServiceUnreachable {
  if (cause === 'aborted') return new ServiceUnreachable('aborted', 'CoachLoop stopped the request to the LMS (it is shutting down).');
  if (cause === 'timeout') return new ServiceUnreachable('timeout', 'The LMS did not answer in time (time-out).');
  const code = (err as { code?: unknown }).code;
  return new ServiceUnreachable('network', `CoachLoop could not reach the LMS (${typeof code === 'string' ? code : err.message}).`);
}

/** The transport service calls use; replaceable so benchmarks can time the HTTP part. */
export const serviceTransport = { send };
