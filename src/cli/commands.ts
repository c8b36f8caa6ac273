/** Every CLI command. A new command is one file exporting a CliCommand, added here. */
import type { CliCommand } from './command';
import { deploymentsCommand } from './deploymentsCommand';
import { installCodeCommand } from './installCodeCommand';
import { keysCommand } from './keysCommand';
import { platformCommand } from './platformCommand';

export const COMMANDS: CliCommand[] = [platformCommand, deploymentsCommand, installCodeCommand, keysCommand];
