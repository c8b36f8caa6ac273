/**
 * A small option parser for the CLI: `--name value`, `--name=value`, repeatable options and
 * switches. Unknown options and missing values are usage errors (exit 2), never ignored.
 */
import { CliUsageError } from './command';

/** How each option is read: one value, several values (repeatable), or a switch. */
export type OptionSpec = Record<string, 'value' | 'values' | 'switch'>;

/** Parsed options (values by option name without dashes) and positional arguments. */
export interface ParsedArgs {
  values: Record<string, string | undefined>;
  lists: Record<string, string[]>;
  switches: Record<string, boolean>;
  positionals: string[];
}

/** Parses `args` against `spec`; throws CliUsageError naming the bad option. */
export function parseArgs(args: string[], spec: OptionSpec): ParsedArgs {
  const parsed: ParsedArgs = { values: {}, lists: {}, switches: {}, positionals: [] };
  for (const [name, kind] of Object.entries(spec)) {
    if (kind === 'values') parsed.lists[name] = [];
    if (kind === 'switch') parsed.switches[name] = false;
  }
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    const kind = spec[name];
    if (!kind) throw new CliUsageError(`Unknown option --${name}.`);
    if (kind === 'switch') {
      if (eq > 0) throw new CliUsageError(`--${name} is a switch and takes no value.`);
      parsed.switches[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) value = args[++i];
    if (value === undefined) throw new CliUsageError(`--${name} needs a value (write --${name} VALUE, or --${name}=VALUE when the value starts with "--").`);
    if (kind === 'values') parsed.lists[name].push(value);
    else if (parsed.values[name] !== undefined) throw new CliUsageError(`--${name} was given twice; give it once.`);
    else parsed.values[name] = value;
  }
  return parsed;
}
