// The golden models of `../shared/fixtures/keras` (gen.py's builders), built with kfn.
// Layer classes come from @kfn/graph when it exports them; until then (they are being
// written in parallel) a minimal stand-in with the same class name, shape inference,
// activation and weights is used: enough for plots, which read only those.
import * as kfn from '@kfn/graph';
import { clearSession, concatenate, Dense, Input, Layer, Model, type Shape, type ShapeStructure, type SymbolicTensor } from '@kfn/graph';

type Args = Record<string, unknown>;
type LayerCtor = new (args: Args) => Layer;

interface StandInSpec {
  outputShape: (args: Args, input: ShapeStructure) => ShapeStructure;
  weights?: (args: Args, input: ShapeStructure) => number[][];
  activation?: string;
}

function standIn(className: string, spec: StandInSpec): LayerCtor {
  const cls = class extends Layer {
    static override className = className;
    readonly args: Args;
    constructor(args: Args = {}) {
      super(args as kfn.LayerArgs);
      this.args = args;
      if (spec.activation !== undefined) {
        Object.defineProperty(this, 'activation', { value: { name: (args.activation as string | undefined) ?? spec.activation } });
      }
    }
    override build(input: ShapeStructure): void {
      (spec.weights?.(this.args, input) ?? []).forEach((shape, i) => this.addWeight({ name: `w${i}`, shape }));
    }
    override computeOutputShape(input: ShapeStructure): ShapeStructure {
      return spec.outputShape(this.args, input);
    }
  };
  return cls as unknown as LayerCtor;
}

const n = (x: unknown): number => x as number;
const one = (s: ShapeStructure): Shape => s as Shape;
const last = (s: ShapeStructure): number => one(s).at(-1) as number;
const conv = (len: number | null, k: number, same: boolean, stride = 1): number | null =>
  len === null ? null : same ? Math.ceil(len / stride) : Math.floor((len - k) / stride) + 1;

const STAND_INS: Record<string, StandInSpec> = {
  Conv2D: {
    activation: 'linear',
    outputShape: (a, s) => {
      const [b, h, w] = one(s);
      const same = a.padding === 'same';
      return [b ?? null, conv(h ?? null, n(a.kernelSize), same), conv(w ?? null, n(a.kernelSize), same), n(a.filters)];
    },
    weights: (a, s) => [[n(a.kernelSize), n(a.kernelSize), last(s), n(a.filters)], [n(a.filters)]],
  },
  Conv2DTranspose: {
    activation: 'linear',
    outputShape: (a, s) => {
      const [b, h, w] = one(s);
      const k = n(a.kernelSize);
      return [b ?? null, h == null ? null : h + k - 1, w == null ? null : w + k - 1, n(a.filters)];
    },
    weights: (a, s) => [[n(a.kernelSize), n(a.kernelSize), n(a.filters), last(s)], [n(a.filters)]],
  },
  MaxPooling2D: {
    outputShape: (a, s) => {
      const [b, h, w, c] = one(s);
      const p = n(a.poolSize);
      return [b ?? null, conv(h ?? null, p, false, p), conv(w ?? null, p, false, p), c ?? null];
    },
  },
  GlobalMaxPooling2D: { outputShape: (_a, s) => [one(s)[0] ?? null, last(s)] },
  GlobalAveragePooling2D: { outputShape: (_a, s) => [one(s)[0] ?? null, last(s)] },
  Reshape: { outputShape: (a, s) => [one(s)[0] ?? null, ...(a.targetShape as number[])] },
  UpSampling2D: {
    outputShape: (a, s) => {
      const [b, h, w, c] = one(s);
      const k = n(a.size);
      return [b ?? null, h == null ? null : h * k, w == null ? null : w * k, c ?? null];
    },
  },
  Embedding: {
    outputShape: (a, s) => [...one(s), n(a.outputDim)],
    weights: (a) => [[n(a.inputDim), n(a.outputDim)]],
  },
  LSTM: {
    activation: 'tanh',
    outputShape: (a, s) => [one(s)[0] ?? null, n(a.units)],
    weights: (a, s) => [[last(s), 4 * n(a.units)], [n(a.units), 4 * n(a.units)], [4 * n(a.units)]],
  },
  Dropout: { outputShape: (_a, s) => s },
  Add: { outputShape: (_a, s) => (s as readonly Shape[])[0] as Shape },
  Average: { outputShape: (_a, s) => (s as readonly Shape[])[0] as Shape },
};

const standIns = new Map<string, LayerCtor>();

/** The kfn layer class of that name, or its stand-in. */
export function layerClass(className: string): LayerCtor {
  const real = (kfn as unknown as Record<string, unknown>)[className];
  if (typeof real === 'function') return real as LayerCtor;
  let cls = standIns.get(className);
  if (!cls) {
    const spec = STAND_INS[className];
    if (!spec) throw new Error(`golden-models: no layer class "${className}" in @kfn/graph and no stand-in.`);
    cls = standIn(className, spec);
    standIns.set(className, cls);
  }
  return cls;
}

/** `new <className>(args)(inputs)`. */
function L(className: string, args: Args, inputs: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
  const layer = new (layerClass(className))(args);
  return layer.apply(inputs as never) as SymbolicTensor;
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
  const shared = new (layerClass('Embedding'))({ inputDim: 100, outputDim: 8 });
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
