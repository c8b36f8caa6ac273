/**
 * The runtime every benchmark child process shares (bench/launch, bench/roster, bench/grades):
 * - the parent passes a child its settings as one JSON argument;
 * - a child prints one `{"ready":true,…}` JSON line on stdout once it listens and is registered;
 * - afterwards the parent sends requests over the IPC channel (`{type, id, …}`), each answered by
 *   a reply or an error with the same id; a child may also send progress lines as it works;
 * - a child exits when told to stop, when the IPC channel closes (the parent died) and on SIGTERM,
 *   so no child outlives the run.
 */

/** A request from the parent: its type names the handler, its other fields are the handler's input. */
export type ChildRequest = { type: string; id: number } & Record<string, unknown>;

/** What a child sends the parent. */
export type ChildMessage =
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string }
  | { type: 'progress'; text: string };

/** Answers one kind of request (its resolved value is the reply). */
export type RequestHandler = (request: ChildRequest) => unknown;

/** Reads a child's settings from its first argument. */
export function childSettings<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('bench child: expected its settings as a JSON argument');
  return JSON.parse(raw) as T;
}

/** Prints the ready line the parent waits for. */
export function announceReady(payload: object): void {
  process.stdout.write(`${JSON.stringify({ ready: true, ...payload })}\n`);
}

/**
 * Serves the parent's requests with `handlers` and exits cleanly when asked ({type:'stop'}), when
 * the parent goes away or on SIGTERM. SIGINT is ignored: on Ctrl-C the parent stops every child
 * itself (a child that exits through process.exit also writes its --cpu-prof profile).
 */
export function serveParent(opts: { stop: () => Promise<void>; handlers?: Record<string, RequestHandler> }): void {
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(code), 5000);
    timer.unref();
    opts.stop().then(() => process.exit(code), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  const send = (msg: ChildMessage) => {
    if (process.connected) process.send?.(msg);
  };
  process.on('message', (raw: unknown) => {
    const msg = raw as ChildRequest;
    if (msg.type === 'stop') return stop(0);
    const handler = opts.handlers?.[msg.type];
    if (!handler) return send({ type: 'error', id: msg.id, message: `this child does not answer ${msg.type}` });
    Promise.resolve()
      .then(() => handler(msg))
      .then((value) => send({ type: 'reply', id: msg.id, value }), (err: unknown) => {
        send({ type: 'error', id: msg.id, message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
      });
  });
  process.on('disconnect', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => undefined);
}

/** Sends a progress line to the parent (printed as the run goes). */
export function progress(text: string): void {
  if (process.connected) process.send?.({ type: 'progress', text } satisfies ChildMessage);
}

/**
 * Runs a child's main function; any start-up error ends the child with status 1.
 * tsx turns on source-mapped stack traces; production (`node dist/…`) runs without them, and
 * they are costly here: Sequelize's SQLite dialect reads `new Error().stack` on every query.
 */
export function runChild(main: () => Promise<void>): void {
  process.setSourceMapsEnabled(false);
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
