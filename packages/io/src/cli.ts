#!/usr/bin/env node
// `kfn convert model.keras out/model.json` (and back): a load and a save, on the cpu backend.
import { useBackend, type BackendProvider } from '@kfn/graph';
import { ModelFileError } from './errors.js';
import { convertModel } from './model-io.js';

const USAGE = `Usage: kfn convert <input> <output>
  Converts between Keras 3 .keras files and TensorFlow.js layers-models (model.json + weights.bin).
  The format follows each file's extension: .keras or .json.`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, input, output, ...rest] = argv;
  if (command !== 'convert' || input === undefined || output === undefined || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  let cpu: BackendProvider;
  try {
    ({ cpu } = await import('@kfn/backend-cpu'));
  } catch {
    console.error('kfn convert needs a backend to hold the weights: npm install @kfn/backend-cpu');
    return 1;
  }
  await useBackend(cpu);
  try {
    const model = await convertModel(input, output);
    console.log(`Wrote ${output} (model "${model.name}", ${model.countParams()} parameters).`);
    return 0;
  } catch (e) {
    console.error(e instanceof ModelFileError ? `Cannot convert: ${e.message}` : String((e as Error).stack ?? e));
    return 1;
  }
}

// Run when executed, not when imported (tests call `main`).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
