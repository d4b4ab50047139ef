// The golden models of `../shared/fixtures/keras` (gen.py's builders), built with kfn's layers.
import {
  Add,
  Average,
  clearSession,
  concatenate,
  Conv2D,
  Conv2DTranspose,
  Dense,
  Dropout,
  Embedding,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  Input,
  LSTM,
  MaxPooling2D,
  Model,
  Reshape,
  UpSampling2D,
  type Layer,
  type SymbolicTensor,
} from '@kfn/graph';

type Args = Record<string, unknown>;
const CLASSES: Record<string, new (args: never) => Layer<unknown>> = {
  Add,
  Average,
  Conv2D,
  Conv2DTranspose,
  Dropout,
  Embedding,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  LSTM,
  MaxPooling2D,
  Reshape,
  UpSampling2D,
};

/** `new <className>(args)`, with Keras's argument names camelCased. */
function make(className: string, args: Args): Layer<unknown> {
  const cls = CLASSES[className];
  if (!cls) throw new Error(`golden-models: no layer class "${className}".`);
  return new cls(args as never);
}

/** `new <className>(args).apply(inputs)`. */
function L(className: string, args: Args, inputs: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
  return make(className, args).apply(inputs as never) as SymbolicTensor;
}

function mnistMlp(): Model {
  const inputs = Input({ shape: [784] });
  let x = new Dense({ units: 64, activation: 'relu' }).apply(inputs);
  x = new Dense({ units: 64, activation: 'relu' }).apply(x);
  const outputs = new Dense({ units: 10 }).apply(x);
  return new Model({ inputs, outputs, name: 'mnist_model' });
}

function encoderLayers(input: SymbolicTensor): SymbolicTensor {
  let x = L('Conv2D', { filters: 16, kernelSize: 3, activation: 'relu' }, input);
  x = L('Conv2D', { filters: 32, kernelSize: 3, activation: 'relu' }, x);
  x = L('MaxPooling2D', { poolSize: 3 }, x);
  x = L('Conv2D', { filters: 32, kernelSize: 3, activation: 'relu' }, x);
  x = L('Conv2D', { filters: 16, kernelSize: 3, activation: 'relu' }, x);
  return L('GlobalMaxPooling2D', {}, x);
}

function decoderLayers(input: SymbolicTensor): SymbolicTensor {
  let x = L('Reshape', { targetShape: [4, 4, 1] }, input);
  x = L('Conv2DTranspose', { filters: 16, kernelSize: 3, activation: 'relu' }, x);
  x = L('Conv2DTranspose', { filters: 32, kernelSize: 3, activation: 'relu' }, x);
  x = L('UpSampling2D', { size: 3 }, x);
  x = L('Conv2DTranspose', { filters: 16, kernelSize: 3, activation: 'relu' }, x);
  return L('Conv2DTranspose', { filters: 1, kernelSize: 3, activation: 'relu' }, x);
}

function encoder(): Model {
  const input = Input({ shape: [28, 28, 1], name: 'img' });
  return new Model({ inputs: input, outputs: encoderLayers(input), name: 'encoder' });
}

function autoencoder(): Model {
  const input = Input({ shape: [28, 28, 1], name: 'img' });
  return new Model({ inputs: input, outputs: decoderLayers(encoderLayers(input)), name: 'autoencoder' });
}

function nestedAutoencoder(): Model {
  const encoderInput = Input({ shape: [28, 28, 1], name: 'original_img' });
  const enc = new Model({ inputs: encoderInput, outputs: encoderLayers(encoderInput), name: 'encoder' });
  const decoderInput = Input({ shape: [16], name: 'encoded_img' });
  const dec = new Model({ inputs: decoderInput, outputs: decoderLayers(decoderInput), name: 'decoder' });
  const input = Input({ shape: [28, 28, 1], name: 'img' });
  return new Model({ inputs: input, outputs: dec.apply(enc.apply(input)), name: 'autoencoder' });
}

function ensemble(): Model {
  const getModel = (): Model => {
    const inputs = Input({ shape: [128] });
    return new Model({ inputs, outputs: new Dense({ units: 1 }).apply(inputs) });
  };
  const models = [getModel(), getModel(), getModel()];
  const inputs = Input({ shape: [128] });
  const ys = models.map((m) => m.apply(inputs) as SymbolicTensor);
  return new Model({ inputs, outputs: L('Average', {}, ys) });
}

function ticketModel(): Model {
  const title = Input({ shape: [null], name: 'title' });
  const body = Input({ shape: [null], name: 'body' });
  const tags = Input({ shape: [12], name: 'tags' });
  const titleFeatures = L('LSTM', { units: 32 }, L('Embedding', { inputDim: 100, outputDim: 16 }, title));
  const bodyFeatures = L('LSTM', { units: 8 }, L('Embedding', { inputDim: 100, outputDim: 16 }, body));
  const x = concatenate([titleFeatures, bodyFeatures, tags]);
  const priority = new Dense({ units: 1, name: 'priority' }).apply(x);
  const department = new Dense({ units: 4, name: 'department' }).apply(x);
  return new Model({ inputs: [title, body, tags], outputs: { priority, department } });
}

function toyResnet(): Model {
  const inputs = Input({ shape: [32, 32, 3], name: 'img' });
  const conv2d = (x: SymbolicTensor, filters: number, padding = 'valid'): SymbolicTensor =>
    L('Conv2D', { filters, kernelSize: 3, activation: 'relu', padding }, x);
  let x = conv2d(conv2d(inputs, 8), 16);
  const block1 = L('MaxPooling2D', { poolSize: 3 }, x);
  x = conv2d(conv2d(block1, 16, 'same'), 16, 'same');
  const block2 = L('Add', {}, [x, block1]);
  x = conv2d(conv2d(block2, 16, 'same'), 16, 'same');
  const block3 = L('Add', {}, [x, block2]);
  x = L('GlobalAveragePooling2D', {}, conv2d(block3, 16));
  x = new Dense({ units: 32, activation: 'relu' }).apply(x);
  x = L('Dropout', { rate: 0.5 }, x);
  return new Model({ inputs, outputs: new Dense({ units: 10 }).apply(x), name: 'toy_resnet' });
}

function sharedEmbedding(): Model {
  const shared = make('Embedding', { inputDim: 100, outputDim: 8 });
  const a = Input({ shape: [null], dtype: 'int32' });
  const b = Input({ shape: [null], dtype: 'int32' });
  const ea = shared.apply(a) as SymbolicTensor;
  const eb = shared.apply(b) as SymbolicTensor;
  return new Model({ inputs: [a, b], outputs: [ea, eb] });
}

const BUILDERS: Record<string, () => Model> = {
  mnist_mlp: mnistMlp,
  compiled_mlp: mnistMlp,
  encoder,
  autoencoder,
  nested_autoencoder: nestedAutoencoder,
  ensemble,
  ticket_model: ticketModel,
  toy_resnet: toyResnet,
  shared_embedding: sharedEmbedding,
};

export const GOLDEN_CASES = Object.keys(BUILDERS);

/** Builds a golden case from a fresh session, so auto names match Keras's (`dense`, `dense_1`, …). */
export function buildGoldenModel(name: string): Model {
  const build = BUILDERS[name];
  if (!build) throw new Error(`golden-models: unknown case "${name}".`);
  clearSession();
  return build();
}
