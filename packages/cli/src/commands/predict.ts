import { getBackend, type Nested, type Tensor } from '@kfn/graph';
import { activateBackend, parseBackendName } from '../backend.js';
import { stringOption, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { loadModelFile } from '../load-model.js';
import { formatOutputJson, readInputFile, toInputTensors, type InputArray } from '../predict-io.js';

/** `kfn predict model.keras input.json`: prints `output.json`, comparable with Keras's. */
export const predict: Command = {
  name: 'predict',
  description: 'run a model on inputs from .json or .npy files; print the outputs as JSON',
  help: `Usage: kfn predict <model.keras | model.json> <input.json | input.npy ...> [options]

Runs model.predict on the inputs and prints the outputs as JSON, in the format of
Keras's golden output.json:
  {"structure": "single|list|dict", "output_names": [...],
   "outputs": [{"name", "shape", "dtype", "data"}, ...]}
Outputs come in model.outputs order (dict outputs by sorted key); float32 values are
printed with the fewest digits that read back as the same float32.

Inputs:
  input.json   {"inputs": [{"name", "shape", "dtype", "data"}, ...]} (a fixture's
               input.json; matched to the model's inputs by name, else by position),
               or {"<input name>": nested lists, ...} (tfjs-layers fixtures)
  input.npy    a numpy array; give one .npy per model input, in the model's input order

Options:
  --backend <cpu|wasm|node>   the kernels to run on (default: node if its native
                              binding loads, else wasm, else cpu)
  --batch-size <n>            rows per forward pass (default 32)
  -h, --help                  show this help`,
  options: {
    backend: { type: 'string' },
    'batch-size': { type: 'string' },
  },
  async run(args, out) {
    const [file, ...inputFiles] = args.positionals;
    if (file === undefined) throw new UsageError('missing the model file and the input file.');
    if (inputFiles.length === 0) throw new UsageError('missing the input file (.json or .npy).');
    const backendChoice = parseBackendName(stringOption(args, 'backend'));
    const batchText = stringOption(args, 'batch-size');
    const batchSize = batchText === undefined ? 32 : Number(batchText);
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new UsageError(`--batch-size must be a positive integer. Received: --batch-size ${batchText}`);
    }
    if (inputFiles.length > 1 && !inputFiles.every((f) => f.toLowerCase().endsWith('.npy'))) {
      throw new UsageError('several input files must all be .npy files (one per model input); a .json file holds all inputs.');
    }
    // Read the inputs before the (slower) backend and model, so a bad input fails fast.
    const arrays: InputArray[] = [];
    for (const f of inputFiles) arrays.push(...(await readInputFile(f)));

    const backend = await activateBackend(backendChoice);
    const model = await loadModelFile(file);
    const ops = getBackend();
    const inputs = toInputTensors(model, arrays, inputFiles.join(', '));
    let outputs: Nested<Tensor> | null = null;
    try {
      outputs = model.predict(inputs.length === 1 ? inputs[0]! : inputs, { batchSize });
      out.stdout(formatOutputJson(model, outputs, backend));
    } finally {
      ops.dispose(inputs);
      if (outputs !== null) ops.dispose(flatTensors(outputs));
    }
  },
};

function flatTensors(x: Nested<Tensor>): Tensor[] {
  if (Array.isArray(x)) return x as Tensor[];
  if (typeof x === 'object' && x !== null && !('shape' in x)) return Object.values(x as Record<string, Tensor>);
  return [x as Tensor];
}
