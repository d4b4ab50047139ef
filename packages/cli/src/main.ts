import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { DatasetError } from '@kfn/datasets';
import { KfnError } from '@kfn/graph';
import { ModelFileError } from '@kfn/io';
import type { CliOutput, Command } from './command.js';
import { convert } from './commands/convert.js';
import { plot } from './commands/plot.js';
import { predict } from './commands/predict.js';
import { summary } from './commands/summary.js';
import { InputFileError, UsageError } from './errors.js';

export const COMMANDS: readonly Command[] = [summary, plot, convert, predict];

/** Exit codes: 0 done, 1 a file or model kfn cannot use, 2 bad usage. */
export const EXIT = { ok: 0, badFile: 1, usage: 2 } as const;

const processOutput: CliOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

function version(): string {
  // Works from src/ (tests) and dist/ (the binary): package.json is one level up from both.
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

function toolHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: kfn <command> [options]

The kfn command line: Keras 3 .keras files and TensorFlow.js layers-models from the shell.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.description}`).join('\n')}

Run "kfn <command> --help" for a command's options.

Options:
  -h, --help      show this help
  -v, --version   print kfn's version`;
}

/**
 * Runs `kfn` with `argv` (without node and the script) and returns the exit code. Output
 * goes through `output` (default: the process's streams), so tests run it in-process.
 */
export async function main(argv: readonly string[], output: CliOutput = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    output.stderr(`${toolHelp()}\n`);
    return EXIT.usage;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    output.stdout(`${topic ? topic.help : toolHelp()}\n`);
    return EXIT.ok;
  }
  if (name === '-v' || name === '--version') {
    output.stdout(`${version()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    output.stderr(`kfn: unknown command "${name}". The commands are: ${COMMANDS.map((c) => c.name).join(', ')}.\nRun "kfn --help" for usage.\n`);
    return EXIT.usage;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...rest],
        options: { ...command.options, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      // parseArgs's own messages ("Unknown option '--x'...") are clear; keep them.
      throw new UsageError((e as Error).message);
    }
    if (parsed.values.help === true) {
      output.stdout(`${command.help}\n`);
      return EXIT.ok;
    }
    await command.run({ values: parsed.values, positionals: parsed.positionals }, output);
    return EXIT.ok;
  } catch (e) {
    return report(e, command.name, output);
  }
}

/** One clear line for a user's error; a stack trace only for what must be a bug in kfn. */
function report(e: unknown, command: string, output: CliOutput): number {
  const prefix = `kfn ${command}`;
  if (e instanceof UsageError) {
    output.stderr(`${prefix}: ${e.message}\nRun "kfn ${command} --help" for usage.\n`);
    return EXIT.usage;
  }
  if (e instanceof ModelFileError || e instanceof InputFileError || e instanceof DatasetError) {
    output.stderr(`${prefix}: ${e.message}\n`);
    return EXIT.badFile;
  }
  if (e instanceof KfnError) {
    // A model or input kfn cannot use as given (shapes, unknown layer classes, a backend that cannot load).
    output.stderr(`${prefix}: ${e.message}\n`);
    return EXIT.badFile;
  }
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === 'string' && typeof err.path === 'string') {
    output.stderr(`${prefix}: ${err.path}: ${err.code === 'ENOENT' ? 'no such file or folder' : err.message}.\n`);
    return EXIT.badFile;
  }
  output.stderr(`${prefix}: unexpected error (please report it):\n${err?.stack ?? String(e)}\n`);
  return EXIT.badFile;
}
