import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { convertModel } from '@kfn/io';
import { activateBackend } from '../backend.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';

const FORMATS: Record<string, string> = { '.keras': 'Keras 3 .keras file', '.json': 'TensorFlow.js layers-model' };

/** `kfn convert model.keras web/model.json` (and back): a load and a save. */
export const convert: Command = {
  name: 'convert',
  description: 'convert between a Keras 3 .keras file and a TensorFlow.js layers-model',
  help: `Usage: kfn convert <input> <output>

Converts between Keras 3 .keras files and TensorFlow.js layers-models. Each file's
format follows its extension:
  .keras   a Keras 3 file (Python's keras.models.load_model reads it)
  .json    a layers-model: model.json plus its weights (weights.bin) beside it,
           as tf.loadLayersModel reads it
.keras to .keras re-saves the model as kfn writes it. A compiled model keeps its
training configuration and optimizer state. The output's folder is created if needed.

Options:
  -h, --help   show this help`,
  options: {},
  async run(args, out) {
    const [input, output, ...extra] = args.positionals;
    if (input === undefined || output === undefined) throw new UsageError('expected an input and an output file.');
    if (extra.length > 0) throw new UsageError(`expected two files; received also ${extra.join(' ')}.`);
    const format = FORMATS[path.extname(output).toLowerCase()];
    if (format === undefined) throw new UsageError(`the output must end in .keras or .json. Received: ${output}`);
    // Converting only moves weights, so the backend that starts fastest does.
    await activateBackend('cpu');
    await mkdir(path.dirname(path.resolve(output)), { recursive: true });
    const model = await convertModel(input, output);
    out.stdout(`Wrote ${output}, a ${format} (model "${model.name}", ${model.countParams().toLocaleString('en-US')} parameters).\n`);
  },
};
