/** Bad usage: unknown option, missing argument, bad value. The CLI exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A file the CLI cannot use (not the model file itself: @kfn/io reports those). Exit code 1. */
export class InputFileError extends Error {
  override name = 'InputFileError';
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}
