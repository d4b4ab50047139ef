import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { plotModel } from '@kfn/viz';
import { activateBackend } from '../backend.js';
import { flag, stringOption, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { loadModelFile } from '../load-model.js';

/** `kfn plot model.keras -o model.png`: Keras's `plot_model`, with no Graphviz. */
export const plot: Command = {
  name: 'plot',
  description: 'draw a model as PNG or SVG (Keras\'s plot_model, no Graphviz needed)',
  help: `Usage: kfn plot <model.keras | model.json> -o <file.png | file.svg> [options]

Draws the model as Keras's plot_model does: one box per layer, arrows along the data flow.
The output format follows the extension of --output.

Options:
  -o, --output <file>        the picture to write: .png or .svg (required)
  --show-shapes              show input and output shapes
  --show-dtype               show each layer's output dtype
  --show-layer-names         show layer names (Keras's default is class names only)
  --rankdir <TB|LR>          top to bottom (default) or left to right
  --expand-nested            draw the layers of nested models inside dashed boxes
  --show-layer-activations   show the activation of layers that have one
  --show-trainable           show whether layers with weights are trainable
  --dpi <n>                  resolution of a PNG (default 200)
  -h, --help                 show this help`,
  options: {
    output: { type: 'string', short: 'o' },
    'show-shapes': { type: 'boolean' },
    'show-dtype': { type: 'boolean' },
    'show-layer-names': { type: 'boolean' },
    rankdir: { type: 'string' },
    'expand-nested': { type: 'boolean' },
    'show-layer-activations': { type: 'boolean' },
    'show-trainable': { type: 'boolean' },
    dpi: { type: 'string' },
  },
  async run(args, out) {
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('missing the model file.');
    if (extra.length > 0) throw new UsageError(`expected one model file; received also ${extra.join(' ')}.`);
    const output = stringOption(args, 'output');
    if (output === undefined) throw new UsageError('missing --output <file.png | file.svg>.');
    const ext = path.extname(output).toLowerCase();
    if (ext !== '.png' && ext !== '.svg') throw new UsageError(`--output must end in .png or .svg. Received: --output ${output}`);
    const rankdir = stringOption(args, 'rankdir') ?? 'TB';
    if (rankdir !== 'TB' && rankdir !== 'LR') throw new UsageError(`--rankdir must be TB or LR. Received: --rankdir ${rankdir}`);
    const dpiText = stringOption(args, 'dpi');
    const dpi = dpiText === undefined ? 200 : Number(dpiText);
    if (!Number.isFinite(dpi) || dpi <= 0) throw new UsageError(`--dpi must be a positive number. Received: --dpi ${dpiText}`);

    await activateBackend('cpu');
    const model = await loadModelFile(file);
    await mkdir(path.dirname(path.resolve(output)), { recursive: true });
    await plotModel(model, {
      toFile: path.resolve(output),
      showShapes: flag(args, 'show-shapes'),
      showDtype: flag(args, 'show-dtype'),
      showLayerNames: flag(args, 'show-layer-names'),
      rankdir,
      expandNested: flag(args, 'expand-nested'),
      showLayerActivations: flag(args, 'show-layer-activations'),
      showTrainable: flag(args, 'show-trainable'),
      dpi,
    });
    out.stdout(`Wrote ${output} (model "${model.name}", ${model.layers.length} layers).\n`);
  },
};
