// @kfn/cli: the `kfn` command line, callable in-process (`main(argv, output)`).
export { COMMANDS, EXIT, main } from './main.js';
export type { CliOutput, Command, ParsedArgs } from './command.js';
export { InputFileError, UsageError } from './errors.js';
export { BACKEND_NAMES, activateBackend, parseBackendName } from './backend.js';
export type { BackendName } from './backend.js';
export { float32Text, formatOutputJson, readInputFile, toInputTensors } from './predict-io.js';
export type { InputArray } from './predict-io.js';
