/**
 * The parent side of every benchmark (bench/launch, bench/roster, bench/grades): child processes
 * forked through tsx that announce themselves with a ready line and answer requests over IPC
 * (see child.ts), stopped in order at the end, on errors and on Ctrl-C, and killed if the parent
 * exits first; free ports on 127.0.0.1; the databases a run starts from.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import mysql from 'mysql2/promise';
import type { BenchDatabase } from './coachloopServer';
import type { ChildMessage } from './child';

const READY_TIMEOUT_MS = 120_000;
/** The repository root (children run there; results go to bench/results). */
export const REPO = path.resolve(__dirname, '..', '..');

/** How to start a child. */
export interface ChildOptions {
  /** Show the child's other stdout lines on stderr. */
  verbose: boolean;
  /** process.env.NODE_ENV of the child (default production). */
  nodeEnv?: string;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
  /** Called with each progress line the child sends. */
  onProgress?: (text: string) => void;
}

const children: BenchChild[] = [];

process.on('exit', () => {
  for (const c of children) c.killNow();
});

/** A child process of a benchmark run. */
export class BenchChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;
  private stopping = false;
  private readonly exitPromise: Promise<void>;
  /** Rejects when the child exits before it was told to stop. */
  readonly died: Promise<never>;

  private constructor(readonly name: string, readonly proc: ChildProcess, onProgress?: (text: string) => void) {
    this.exitPromise = new Promise<void>((resolve) => proc.once('exit', () => {
      this.exited = true;
      resolve();
    }));
    this.died = new Promise<never>((_resolve, reject) => {
      proc.once('exit', (code, signal) => {
        const err = new Error(`${name} exited unexpectedly (${signal ?? `status ${code}`})`);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        if (!this.stopping) reject(err);
      });
    });
    this.died.catch(() => undefined);
    // Sending to a child that just died emits 'error'; the exit above reports it.
    proc.on('error', () => undefined);
    proc.on('message', (raw: unknown) => {
      const msg = raw as ChildMessage;
      if (msg.type === 'progress') return onProgress?.(msg.text);
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.type === 'error') waiter.reject(new Error(`${name}: ${msg.message}`));
      else waiter.resolve(msg.value);
    });
  }

  /** Forks a TypeScript child (through tsx) from `file` and waits for its ready line. */
  static async start<R>(name: string, file: string, settings: object, opts: ChildOptions): Promise<{ child: BenchChild; ready: R }> {
    const proc = fork(file, [JSON.stringify(settings)], {
      cwd: REPO,
      env: { ...process.env, NODE_ENV: opts.nodeEnv ?? 'production' },
      execArgv: [...(opts.nodeFlags ?? []), '--require', require.resolve('tsx/cjs')],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const child = new BenchChild(name, proc, opts.onProgress);
    children.push(child);
    const lines = readline.createInterface({ input: proc.stdout! });
    const ready = new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not get ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      lines.on('line', (line) => {
        if (line.startsWith('{"ready":true')) {
          clearTimeout(timer);
          resolve(JSON.parse(line) as R);
        } else if (opts.verbose) {
          process.stderr.write(`[${name}] ${line}\n`);
        }
      });
      child.died.catch((err: unknown) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return { child, ready: await ready };
  }

  /** Sends a request (`type` names the child's handler) and waits for its reply. */
  request<T>(type: string, payload: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.exited || !this.proc.connected) {
        reject(new Error(`${this.name} has exited`));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name} did not answer ${type} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.proc.send({ ...payload, type, id }, (err) => {
        if (!err) return;
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new Error(`${this.name} has exited (${err.message})`));
      });
    });
  }

  /** Asks the child to stop, then kills it if it has not exited within 8 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.exited) return;
    if (this.proc.connected) this.proc.send({ type: 'stop' }, () => undefined);
    else this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 8000);
    await this.exitPromise;
    clearTimeout(timer);
  }

  /** Last resort at process exit: no child may outlive the run. */
  killNow(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}

/** Stops every child started so far. */
export async function stopChildren(): Promise<void> {
  await Promise.all(children.map((c) => c.stop()));
}

/** On the first SIGINT or SIGTERM: says so, runs `cleanup` (stop the children, drop the databases) and exits 130. */
export function cleanUpOnSignal(cleanup: () => Promise<void>): void {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping the benchmark's processes.`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Kills every child at once (after a failure). */
export function killChildren(): void {
  for (const c of children) c.killNow();
}

/** A free TCP port on 127.0.0.1 (listen on port 0, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The databases a run starts from, by name. */
export interface PreparedDatabases<N extends string> {
  /** "SQLite" or "MariaDB 10.11.x". */
  label: string;
  description: string;
  databases: Record<N, BenchDatabase>;
  cleanup(): Promise<void>;
}

/**
 * Fresh SQLite files (`<name>.sqlite`) in a temporary folder, or, with `--db`, MariaDB/MySQL
 * databases dropped and recreated empty: the first name gets the database of the URL, each other
 * name `<database>_<name>`. The URL's database must contain "bench", since it is dropped.
 */
export async function prepareDatabases<N extends string>(db: string | undefined, names: readonly [N, ...N[]], tmpPrefix: string): Promise<PreparedDatabases<N>> {
  if (!db) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
    const databases = Object.fromEntries(names.map((n) => [n, { kind: 'sqlite', file: path.join(dir, `${n}.sqlite`) }])) as Record<N, BenchDatabase>;
    return {
      label: 'SQLite',
      description: `SQLite (fresh files in ${dir}: ${names.map((n) => `${n}.sqlite`).join(', ')})`,
      databases,
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = new URL(db.replace(/^mariadb:/, 'mysql:'));
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`--db: database name ${JSON.stringify(name)} must be letters, digits and _`);
  // The run drops and recreates its databases: refuse a name that does not say it is for benchmarks.
  if (!name.includes('bench')) throw new Error(`--db: the run drops and recreates the database, so its name must contain "bench" (got ${name})`);
  const dbNames = names.map((n, i) => (i === 0 ? name : `${name}_${n}`));
  const connection = await mysql.createConnection({
    host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password),
  });
  try {
    for (const n of dbNames) {
      await connection.query(`DROP DATABASE IF EXISTS \`${n}\``);
      await connection.query(`CREATE DATABASE \`${n}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    }
    const [rows] = await connection.query('SELECT VERSION() AS v');
    const version = (rows as Array<{ v: string }>)[0]?.v ?? '?';
    const product = /mariadb/i.test(version) ? 'MariaDB' : 'MySQL';
    const databases = Object.fromEntries(names.map((n, i) => {
      const u = new URL(url.toString());
      u.pathname = `/${dbNames[i]}`;
      return [n, { kind: 'mysql', url: u.toString() }];
    })) as Record<N, BenchDatabase>;
    return {
      label: `${product} ${version.replace(/-.*$/, '')}`,
      description: `${product} ${version} at ${url.hostname}:${url.port || 3306}, ${names.map((n, i) => `${n}: ${dbNames[i]}`).join(', ')} (recreated empty)`,
      databases,
      cleanup: async () => undefined,
    };
  } finally {
    await connection.end();
  }
}

/** The p-th percentile (nearest rank) of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Left- or right-aligns a table cell. */
export function pad(text: string, width: number, left = false): string {
  return left ? text.padEnd(width) : text.padStart(width);
}
