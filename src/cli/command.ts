/**
 * What every CLI command is and gets. A command is one file exporting a `CliCommand`, listed in
 * commands.ts. Commands print through the context (so tests capture the output) and return an
 * exit code: 0 done, 1 failed, 2 bad usage or bad input (nothing changed).
 */
import type { Sequelize } from 'sequelize';
import type { CoachLoopApp } from '../app';
import type { Config } from '../config';

/** Exit codes the commands use. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** What a command runs with. */
export interface CliContext {
  config: Config;
  /** The migrated database. */
  sequelize: Sequelize;
  /** The application (LTI adapter, tenant resolver), built on first use and closed by the runner. */
  coachloop(): Promise<CoachLoopApp>;
  /** Prints a line to standard output. */
  out(line?: string): void;
  /** Prints a line to standard error. */
  err(line?: string): void;
}

/** One top-level command: `npm run <name> -- <args>`. */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage lines, printed after a usage error. */
  usage?: string[];
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

/** A subcommand handler: the arguments after the subcommand's name. */
export type Subcommand = (args: string[], ctx: CliContext) => Promise<number>;

/**
 * Builds a command made of subcommands (`npm run <name> -- <sub> …`): prints the usage for
 * `help` (exit 0) or no subcommand (exit 2) and refuses unknown subcommands with the list.
 */
export function withSubcommands(name: string, summary: string, usage: string[], subcommands: Record<string, Subcommand>): CliCommand {
  return {
    name,
    summary,
    usage,
    async run(args, ctx) {
      const [sub, ...rest] = args;
      if (!sub || sub === 'help' || sub === '--help') {
        for (const line of usage) (sub ? ctx.out : ctx.err)(line);
        return sub ? EXIT.ok : EXIT.usage;
      }
      const handler = Object.prototype.hasOwnProperty.call(subcommands, sub) ? subcommands[sub] : undefined;
      if (!handler) {
        const names = Object.keys(subcommands);
        throw new CliUsageError(`Unknown ${name} command "${sub}": use ${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${names[names.length - 1]}.`);
      }
      return handler(rest, ctx);
    },
  };
}

/** Bad usage (unknown option, missing value): the message is printed with the command's usage, exit 2. */
export class CliUsageError extends Error {}

/** The command could not run (database unreachable or not migrated): the message is printed as is, exit 1. */
export class CliFailure extends Error {}
