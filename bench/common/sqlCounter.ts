/**
 * Counting what a benchmark child does: its CPU time and the SQL statements it runs, by kind
 * (the `stats` request of bench/launch and of the bare ltijs tool).
 */
import type { Sequelize } from 'sequelize';

/** Counters a child reports: CPU time used so far and SQL statements run, by kind. */
export interface ChildStats {
  cpuMicros: number;
  sql: Record<string, number>;
}

/** Counts SQL statements by their first keyword (SELECT, INSERT, …, BEGIN/COMMIT). */
export class SqlCounter {
  readonly counts: Record<string, number> = {};
  /** BENCH_SQL_TRACE=1 also prints every statement on stderr, prefixed with the process name. */
  private readonly trace = process.env.BENCH_SQL_TRACE === '1' ? `[sql ${process.argv[1] ? process.argv[1].replace(/^.*[\\/]/, '').replace(/\.ts$/, '') : process.pid}] ` : undefined;

  /** Makes every statement of this Sequelize instance go through the counter. */
  attach(sequelize: Sequelize): void {
    (sequelize as unknown as { options: { logging: unknown } }).options.logging = (sql: string) => this.count(sql);
  }

  private count(logLine: string): void {
    // Sequelize logs "Executing (<connection or transaction id>): <SQL>".
    const sql = logLine.replace(/^Executing \([^)]*\):\s*/, '');
    if (this.trace) process.stderr.write(`${this.trace}${sql}\n`);
    const word = (/^\s*(?:\/\*[\s\S]*?\*\/\s*)*([A-Za-z]+)/.exec(sql)?.[1] ?? 'OTHER').toUpperCase();
    const kind = word === 'START' ? 'BEGIN' : word;
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }
}

/** The `stats` request's answer: CPU time used so far and SQL statements run, by kind. */
export function childStats(sql?: SqlCounter): ChildStats {
  const cpu = process.cpuUsage();
  return { cpuMicros: cpu.user + cpu.system, sql: { ...(sql?.counts ?? {}) } };
}
