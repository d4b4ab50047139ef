import { formatShape } from '@kfn/graph';
import { buildMnistModel } from './mnist-model.js';

// The guide's main example, step by step. Training, saving and plotting join as the
// packages that do them land.
const model = buildMnistModel();
console.log(`inputs.shape: ${formatShape(model.inputs[0]!.shape)}, dtype: ${model.inputs[0]!.dtype}`);
const summary = (model as unknown as { summary?: () => string }).summary;
if (typeof summary === 'function') summary.call(model);
else console.log(`Model "${model.name}": ${model.layers.length} layers, ${model.countParams().toLocaleString('en-US')} params`);
