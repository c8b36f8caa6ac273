/**
 * Preloaded (`node -r`) into the CoachLoop server processes a test starts with an IPC channel:
 * when the test process goes away, even killed without a chance to clean up, the channel closes
 * and the server stops as it does on SIGTERM; if that hangs, the process exits anyway. No orphans.
 */
process.once('disconnect', () => {
  setTimeout(() => process.exit(1), 10_000).unref();
  process.kill(process.pid, 'SIGTERM');
});
