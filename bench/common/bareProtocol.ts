/**
 * What a benchmark parent and the bare ltijs tool child (bareLtijsTool.ts) share: its settings,
 * the path of its one write and its `verify` answer. Kept apart so importing them never starts the tool.
 */
import type { BenchCoachLoopSettings, BenchDatabase } from './coachloopServer';

/** What the parent tells the bare tool (the same shape as a CoachLoop child's settings). */
export interface BareToolSettings {
  port: number;
  database: BenchDatabase;
  tool: BenchCoachLoopSettings['tool'];
  platform: BenchCoachLoopSettings['platform'];
  /** Count SQL statements by kind. */
  countSql?: boolean;
}

/** The bare tool's one write: POST it with the ltik and a `marker` field; it stores one row. */
export const BARE_WRITE_PATH = '/bare/write';

/** What the bare tool's `verify` request answers: every row its POST route wrote. */
export interface BareRows {
  rows: number;
  markers: string[];
}
