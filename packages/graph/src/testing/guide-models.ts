// The functional API guide's models, as the golden fixtures build them (`fixtures/keras/gen.py`'s
// `build_*`), written once for every package's tests. Layers are created in gen.py's order, so a
// model built right after `clearSession()` gets Keras's automatic names (`conv2d_1`, `dense_2`, …).
import {
  add,
  average,
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
  type SymbolicTensor,
} from '../index.js';

/** The guide's MNIST MLP: 784 → 64 → 64 → 10, named "mnist_model". */
export function mnistMlp(): Model {
  const inputs = Input({ shape: [784] });
  let x = new Dense({ units: 64, activation: 'relu' }).apply(inputs);
  x = new Dense({ units: 64, activation: 'relu' }).apply(x);
  const outputs = new Dense({ units: 10 }).apply(x);
  return new Model({ inputs, outputs, name: 'mnist_model' });
}

/** The encoder's layers (gen.py's `_encoder_layers`): a 28×28×1 image to 16 features. */
export function encoderLayers(input: SymbolicTensor): SymbolicTensor {
  let x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(input);
  x = new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new MaxPooling2D({ poolSize: 3 }).apply(x);
  x = new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  return new GlobalMaxPooling2D().apply(x);
}

/** The decoder's layers (gen.py's `_decoder_layers`): 16 features back to a 28×28×1 image. */
export function decoderLayers(input: SymbolicTensor): SymbolicTensor {
  let x = new Reshape({ targetShape: [4, 4, 1] }).apply(input);
  x = new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new Conv2DTranspose({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new UpSampling2D({ size: 3 }).apply(x);
  x = new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  return new Conv2DTranspose({ filters: 1, kernelSize: 3, activation: 'relu' }).apply(x);
}

/** The encoder alone, from an input named "img". */
export function encoder(): Model {
  const input = Input({ shape: [28, 28, 1], name: 'img' });
  return new Model({ inputs: input, outputs: encoderLayers(input), name: 'encoder' });
}

/** The decoder alone, from an input named "encoded_img". */
export function decoder(): Model {
  const input = Input({ shape: [16], name: 'encoded_img' });
  return new Model({ inputs: input, outputs: decoderLayers(input), name: 'decoder' });
}

/** The flat autoencoder: encoder and decoder layers in one model. */
export function autoencoder(): Model {
  const input = Input({ shape: [28, 28, 1], name: 'img' });
  return new Model({ inputs: input, outputs: decoderLayers(encoderLayers(input)), name: 'autoencoder' });
}

/** The guide's "same graph of layers, two models": the autoencoder reuses the encoder's layers. */
export function encoderAndAutoencoder(): { encoder: Model; autoencoder: Model } {
  const input = Input({ shape: [28, 28, 1], name: 'img' });
  const encoded = encoderLayers(input);
  return {
    encoder: new Model({ inputs: input, outputs: encoded, name: 'encoder' }),
    autoencoder: new Model({ inputs: input, outputs: decoderLayers(encoded), name: 'autoencoder' }),
  };
}

/** The autoencoder made of the encoder and decoder models called as layers (`getLayer('encoder')`). */
export function nestedAutoencoder(): Model {
  const encoderInput = Input({ shape: [28, 28, 1], name: 'original_img' });
  const enc = new Model({ inputs: encoderInput, outputs: encoderLayers(encoderInput), name: 'encoder' });
  const dec = decoder();
  const input = Input({ shape: [28, 28, 1], name: 'img' });
  return new Model({ inputs: input, outputs: dec.apply(enc.apply(input)), name: 'autoencoder' });
}

/** Three one-unit models averaged (the guide's ensemble). */
export function ensemble(): Model {
  const getModel = (): Model => {
    const inputs = Input({ shape: [128] });
    return new Model({ inputs, outputs: new Dense({ units: 1 }).apply(inputs) });
  };
  const models = [getModel(), getModel(), getModel()];
  const inputs = Input({ shape: [128] });
  return new Model({ inputs, outputs: average(models.map((m) => m.apply(inputs) as SymbolicTensor)) });
}

export interface TicketSizes {
  words: number;
  embed: number;
  titleUnits: number;
  bodyUnits: number;
  tags: number;
  departments: number;
}

/** The ticket model's sizes: the guide's section 6, and gen.py's smaller `TICKET`. */
export const TICKET_SIZES = {
  guide: { words: 10000, embed: 64, titleUnits: 128, bodyUnits: 32, tags: 12, departments: 4 },
  fixture: { words: 100, embed: 16, titleUnits: 32, bodyUnits: 8, tags: 12, departments: 4 },
} as const satisfies Record<string, TicketSizes>;

/** The guide's ticket model: three inputs, `{ priority, department }` outputs. */
export function ticketModel(s: TicketSizes = TICKET_SIZES.fixture): Model {
  const title = Input({ shape: [null], name: 'title' });
  const body = Input({ shape: [null], name: 'body' });
  const tags = Input({ shape: [s.tags], name: 'tags' });
  const titleEmbedded = new Embedding({ inputDim: s.words, outputDim: s.embed }).apply(title);
  const bodyEmbedded = new Embedding({ inputDim: s.words, outputDim: s.embed }).apply(body);
  const titleFeatures = new LSTM({ units: s.titleUnits }).apply(titleEmbedded) as SymbolicTensor;
  const bodyFeatures = new LSTM({ units: s.bodyUnits }).apply(bodyEmbedded) as SymbolicTensor;
  const x = concatenate([titleFeatures, bodyFeatures, tags]);
  const priority = new Dense({ units: 1, name: 'priority' }).apply(x);
  const department = new Dense({ units: s.departments, name: 'department' }).apply(x);
  return new Model({ inputs: [title, body, tags], outputs: { priority, department } });
}

/** The guide's toy ResNet with gen.py's `RESNET` sizes (8, 16, 32). */
export function toyResnet(): Model {
  const conv = (filters: number, padding: 'valid' | 'same' = 'valid'): Conv2D =>
    new Conv2D({ filters, kernelSize: 3, activation: 'relu', padding });
  const inputs = Input({ shape: [32, 32, 3], name: 'img' });
  // One layer a statement: `a().apply(b().apply(x))` would create `a` first and swap the names.
  let x = conv(8).apply(inputs);
  x = conv(16).apply(x);
  const block1 = new MaxPooling2D({ poolSize: 3 }).apply(x);
  x = conv(16, 'same').apply(block1);
  x = conv(16, 'same').apply(x);
  const block2 = add([x, block1]);
  x = conv(16, 'same').apply(block2);
  x = conv(16, 'same').apply(x);
  const block3 = add([x, block2]);
  x = conv(16).apply(block3);
  x = new GlobalAveragePooling2D().apply(x);
  x = new Dense({ units: 32, activation: 'relu' }).apply(x);
  x = new Dropout({ rate: 0.5 }).apply(x);
  return new Model({ inputs, outputs: new Dense({ units: 10 }).apply(x), name: 'toy_resnet' });
}

/** One Embedding called on two inputs (`getLayer('embedding')` has two inbound nodes). */
export function sharedEmbedding(): Model {
  const shared = new Embedding({ inputDim: 100, outputDim: 8 });
  const a = Input({ shape: [null], dtype: 'int32' });
  const b = Input({ shape: [null], dtype: 'int32' });
  return new Model({ inputs: [a, b], outputs: [shared.apply(a), shared.apply(b)] });
}

const GUIDE_BUILDERS: Record<string, () => Model> = {
  mnist_mlp: mnistMlp,
  compiled_mlp: mnistMlp,
  encoder,
  autoencoder,
  nested_autoencoder: nestedAutoencoder,
  ensemble,
  ticket_model: () => ticketModel(),
  toy_resnet: toyResnet,
  shared_embedding: sharedEmbedding,
};

/** The case names of `fixtures/keras`, each with a builder. */
export const GUIDE_CASES = Object.keys(GUIDE_BUILDERS);

/** Builds a fixture case from a fresh session, so auto names match Keras's (`dense`, `dense_1`, …). */
export function buildGuideModel(caseName: string): Model {
  const build = GUIDE_BUILDERS[caseName];
  if (!build) throw new Error(`guide-models: unknown case "${caseName}"; expected one of ${GUIDE_CASES.join(', ')}.`);
  clearSession();
  return build();
}
