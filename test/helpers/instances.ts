/**
 * Real CoachLoop processes for end-to-end tests: `src/server.ts` and the operator CLI run as child
 * processes (through tsx, no build needed) on 127.0.0.1, and a round-robin HTTP proxy in the test
 * process stands in front of several servers as a load balancer does. Servers stop on stop(), and
 * by themselves when the test process goes away (see exitWithParent.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_ARGS = ['-r', 'tsx/cjs'];

/** A port free on 127.0.0.1 right now (the OS picks it; the caller binds it soon after). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A CoachLoop server running in a child process. */
export interface ServerProcess {
  name: string;
  pid: number;
  port: number;
  url: string;
  /** Everything it printed so far (stdout and stderr, in order). */
  output(): string;
  /** SIGTERM (the server's own shutdown), SIGKILL after 15 s; resolves with how it ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True once the process has ended. */
  exited(): boolean;
}

function collect(child: ChildProcess): () => string {
  const chunks: string[] = [];
  child.stdout?.on('data', (d: Buffer) => chunks.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => chunks.push(d.toString()));
  return () => chunks.join('');
}

function ended(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * Starts `src/server.ts` with this environment (merged over a minimal one: PATH and HOME) on a
 * port of its own, and resolves once GET /health answers 200 (or rejects with what it printed).
 */
export async function startServerProcess(name: string, env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_ARGS, '-r', path.join(__dirname, 'exitWithParent.ts'), path.join('src', 'server.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = collect(child);
  const exit = ended(child);
  const url = `http://127.0.0.1:${port}`;
  const instance: ServerProcess = {
    name,
    pid: child.pid!,
    port,
    url,
    output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: async () => {
      if (!instance.exited()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        try {
          return await exit;
        } finally {
          clearTimeout(timer);
        }
      }
      return exit;
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (instance.exited()) throw new Error(`${name} stopped while starting (${JSON.stringify(await exit)}):\n${output()}`);
    const healthy = await fetch(`${url}/health`).then((r) => r.status === 200, () => false);
    if (healthy) return instance;
    if (Date.now() > deadline) {
      await instance.stop();
      throw new Error(`${name} did not answer /health within ${timeoutMs} ms:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs the operator CLI (`src/cli/index.ts <args>`) in a child process; resolves with its exit code and output. */
export async function runCliProcess(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [...NODE_ARGS, path.join('src', 'cli', 'index.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  const { code } = await ended(child);
  return { code, output: output() };
}

/** Which server a proxied request went to. */
export interface ProxiedRequest {
  backend: number;
  method: string;
  path: string;
  status?: number;
}

/** A round-robin reverse proxy on 127.0.0.1. */
export interface RoundRobinProxy {
  url: string;
  /** Every request, in arrival order. */
  log: ProxiedRequest[];
  /** Sets the servers (their ports) requests go to, in turn. */
  setBackends(ports: number[]): void;
  /** Routes requests the function names a server for (by index) to that server, the others in turn; undefined: all in turn. */
  setRoute(route: ((method: string, path: string) => number | undefined) | undefined): void;
  stop(): Promise<void>;
}

/**
 * Starts a proxy that sends each request to the next server in turn (the first to backend 0),
 * like a load balancer without sticky sessions, and logs where each went. A test can pin some
 * requests to a server (setRoute) to make sure two steps land on different ones.
 */
export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let backends: number[] = [];
  let turn = 0;
  let route: ((method: string, path: string) => number | undefined) | undefined;
  const log: ProxiedRequest[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    if (backends.length === 0) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('No CoachLoop server behind the proxy yet.');
      return;
    }
    const method = req.method ?? 'GET';
    const pathname = (req.url ?? '/').split('?')[0];
    const backend = route?.(method, pathname) ?? turn++ % backends.length;
    const entry: ProxiedRequest = { backend, method, path: pathname };
    log.push(entry);
    const upstream = http.request({ host: '127.0.0.1', port: backends[backend], method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      entry.status = answer.statusCode;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      entry.status = 502;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`The proxy could not reach CoachLoop server ${backend}: ${err.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    setBackends: (ports) => {
      backends = [...ports];
    },
    setRoute: (r) => {
      route = r;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
