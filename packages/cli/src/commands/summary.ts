import { activateBackend } from '../backend.js';
import { flag, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { loadModelFile } from '../load-model.js';

/** `kfn summary model.keras`: Keras's `model.summary()`, byte for byte. */
export const summary: Command = {
  name: 'summary',
  description: 'print the summary table of a model (Keras 3\'s model.summary())',
  help: `Usage: kfn summary <model.keras | model.json> [options]

Prints the model's summary as Keras 3's model.summary() prints it. A compiled model
with optimizer state also shows its "Optimizer params" line, as Keras's load_model does.

Options:
  --expand-nested    also list the layers of models used as layers
  --show-trainable   add a "Trainable" column
  --classic          the tf.keras 2 layout instead of Keras 3's table
  -h, --help         show this help`,
  options: {
    'expand-nested': { type: 'boolean' },
    'show-trainable': { type: 'boolean' },
    classic: { type: 'boolean' },
  },
  async run(args, out) {
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('missing the model file.');
    if (extra.length > 0) throw new UsageError(`expected one model file; received also ${extra.join(' ')}.`);
    // Loading creates the weights, so it needs kernels; the cpu backend starts fastest.
    await activateBackend('cpu');
    const model = await loadModelFile(file);
    model.summary({
      expandNested: flag(args, 'expand-nested'),
      showTrainable: flag(args, 'show-trainable'),
      style: flag(args, 'classic') ? 'classic' : 'keras3',
      printFn: (text) => out.stdout(text),
    });
  },
};
