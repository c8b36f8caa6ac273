/**
 * MariaDB/MySQL deadlock victims. InnoDB breaks a lock cycle by rolling back one transaction
 * whole; for a statement that ran on its own (autocommit) that is the statement alone, so running
 * it again is safe. Busy courses meet such cycles: launches upsert the course and membership rows
 * while roster syncs, survey submissions and grade inserts hold locks on the same rows (foreign
 * key checks take shared locks), on one instance or several.
 */

/** True when the database rolled the statement's transaction back to break a deadlock. */
export function isDeadlock(err: unknown): boolean {
  const parent = (err as { parent?: { code?: unknown; errno?: unknown } } | null)?.parent;
  return parent?.code === 'ER_LOCK_DEADLOCK' || parent?.errno === 1213;
}

/**
 * Runs a single statement outside any transaction, again (after a short random pause) when it
 * was chosen as a deadlock victim, up to `attempts` times. Never use it for a statement inside a
 * transaction: the rollback undid the transaction's earlier statements too.
 */
export async function retryDeadlockedStatement<T>(statement: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (err) {
      if (attempt >= attempts || !isDeadlock(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.floor(Math.random() * 10)));
    }
  }
}
