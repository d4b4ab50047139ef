import type { ParseArgsConfig } from 'node:util';

/** Where a command writes: injectable, so tests run the CLI in-process. */
export interface CliOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** What `util.parseArgs` gave a command: option values by name and the positionals. */
export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** One `kfn <name>` command: its help text, its options and what it does. */
export interface Command {
  name: string;
  /** One line for `kfn --help`. */
  description: string;
  /** The whole `kfn <name> --help` text. */
  help: string;
  options: OptionSpecs;
  run(args: ParsedArgs, out: CliOutput): Promise<void>;
}

/** A string option's value, or `undefined` (parseArgs has already checked the type). */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}
