import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearSession,
  Conv2D,
  Conv2DTranspose,
  Dense,
  GlobalMaxPooling2D,
  Input,
  MaxPooling2D,
  Model,
  Reshape,
  UpSampling2D,
  type SymbolicTensor,
} from '../index.js';

// The tf.keras 2 tables printed in the seed guide (keras-functional-api.zh.md), copied verbatim
// (trailing spaces included: tf.keras pads every row to the full line).
const SEED_ENCODER = [
  'Model: "encoder"',
  '_________________________________________________________________',
  'Layer (type)                 Output Shape              Param #   ',
  '=================================================================',
  'img (InputLayer)             [(None, 28, 28, 1)]       0         ',
  '_________________________________________________________________',
  'conv2d (Conv2D)              (None, 26, 26, 16)        160       ',
  '_________________________________________________________________',
  'conv2d_1 (Conv2D)            (None, 24, 24, 32)        4640      ',
  '_________________________________________________________________',
  'max_pooling2d (MaxPooling2D) (None, 8, 8, 32)          0         ',
  '_________________________________________________________________',
  'conv2d_2 (Conv2D)            (None, 6, 6, 32)          9248      ',
  '_________________________________________________________________',
  'conv2d_3 (Conv2D)            (None, 4, 4, 16)          4624      ',
  '_________________________________________________________________',
  'global_max_pooling2d (Global (None, 16)                0         ',
  '=================================================================',
  'Total params: 18,672',
  'Trainable params: 18,672',
  'Non-trainable params: 0',
  '_________________________________________________________________',
];

const SEED_AUTOENCODER = [
  'Model: "autoencoder"',
  '_________________________________________________________________',
  'Layer (type)                 Output Shape              Param #   ',
  '=================================================================',
  'img (InputLayer)             [(None, 28, 28, 1)]       0         ',
  '_________________________________________________________________',
  'conv2d (Conv2D)              (None, 26, 26, 16)        160       ',
  '_________________________________________________________________',
  'conv2d_1 (Conv2D)            (None, 24, 24, 32)        4640      ',
  '_________________________________________________________________',
  'max_pooling2d (MaxPooling2D) (None, 8, 8, 32)          0         ',
  '_________________________________________________________________',
  'conv2d_2 (Conv2D)            (None, 6, 6, 32)          9248      ',
  '_________________________________________________________________',
  'conv2d_3 (Conv2D)            (None, 4, 4, 16)          4624      ',
  '_________________________________________________________________',
  'global_max_pooling2d (Global (None, 16)                0         ',
  '_________________________________________________________________',
  'reshape (Reshape)            (None, 4, 4, 1)           0         ',
  '_________________________________________________________________',
  'conv2d_transpose (Conv2DTran (None, 6, 6, 16)          160       ',
  '_________________________________________________________________',
  'conv2d_transpose_1 (Conv2DTr (None, 8, 8, 32)          4640      ',
  '_________________________________________________________________',
  'up_sampling2d (UpSampling2D) (None, 24, 24, 32)        0         ',
  '_________________________________________________________________',
  'conv2d_transpose_2 (Conv2DTr (None, 26, 26, 16)        4624      ',
  '_________________________________________________________________',
  'conv2d_transpose_3 (Conv2DTr (None, 28, 28, 1)         145       ',
  '=================================================================',
  'Total params: 28,241',
  'Trainable params: 28,241',
  'Non-trainable params: 0',
  '_________________________________________________________________',
];

const SEED_NESTED_ENCODER = [
  'Model: "encoder"',
  '_________________________________________________________________',
  'Layer (type)                 Output Shape              Param #   ',
  '=================================================================',
  'original_img (InputLayer)    [(None, 28, 28, 1)]       0         ',
  '_________________________________________________________________',
  'conv2d_4 (Conv2D)            (None, 26, 26, 16)        160       ',
  '_________________________________________________________________',
  'conv2d_5 (Conv2D)            (None, 24, 24, 32)        4640      ',
  '_________________________________________________________________',
  'max_pooling2d_1 (MaxPooling2 (None, 8, 8, 32)          0         ',
  '_________________________________________________________________',
  'conv2d_6 (Conv2D)            (None, 6, 6, 32)          9248      ',
  '_________________________________________________________________',
  'conv2d_7 (Conv2D)            (None, 4, 4, 16)          4624      ',
  '_________________________________________________________________',
  'global_max_pooling2d_1 (Glob (None, 16)                0         ',
  '=================================================================',
  'Total params: 18,672',
  'Trainable params: 18,672',
  'Non-trainable params: 0',
  '_________________________________________________________________',
];

const SEED_NESTED_DECODER = [
  'Model: "decoder"',
  '_________________________________________________________________',
  'Layer (type)                 Output Shape              Param #   ',
  '=================================================================',
  'encoded_img (InputLayer)     [(None, 16)]              0         ',
  '_________________________________________________________________',
  'reshape_1 (Reshape)          (None, 4, 4, 1)           0         ',
  '_________________________________________________________________',
  'conv2d_transpose_4 (Conv2DTr (None, 6, 6, 16)          160       ',
  '_________________________________________________________________',
  'conv2d_transpose_5 (Conv2DTr (None, 8, 8, 32)          4640      ',
  '_________________________________________________________________',
  'up_sampling2d_1 (UpSampling2 (None, 24, 24, 32)        0         ',
  '_________________________________________________________________',
  'conv2d_transpose_6 (Conv2DTr (None, 26, 26, 16)        4624      ',
  '_________________________________________________________________',
  'conv2d_transpose_7 (Conv2DTr (None, 28, 28, 1)         145       ',
  '=================================================================',
  'Total params: 9,569',
  'Trainable params: 9,569',
  'Non-trainable params: 0',
  '_________________________________________________________________',
];

const SEED_NESTED_AUTOENCODER = [
  'Model: "autoencoder"',
  '_________________________________________________________________',
  'Layer (type)                 Output Shape              Param #   ',
  '=================================================================',
  'img (InputLayer)             [(None, 28, 28, 1)]       0         ',
  '_________________________________________________________________',
  'encoder (Functional)         (None, 16)                18672     ',
  '_________________________________________________________________',
  'decoder (Functional)         (None, 28, 28, 1)         9569      ',
  '=================================================================',
  'Total params: 28,241',
  'Trainable params: 28,241',
  'Non-trainable params: 0',
  '_________________________________________________________________',
];

function classic(model: Model, options: Parameters<Model['summary']>[0] = {}): string[] {
  let printed = '';
  model.summary({ ...options, style: 'classic', printFn: (t) => (printed = t) });
  expect(printed.endsWith('\n')).toBe(true);
  return printed.slice(0, -1).split('\n');
}

function encoderLayers(input: SymbolicTensor): SymbolicTensor {
  let x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(input);
  x = new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new MaxPooling2D({ poolSize: 3 }).apply(x);
  x = new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  return new GlobalMaxPooling2D().apply(x);
}

function decoderLayers(input: SymbolicTensor): SymbolicTensor {
  let x = new Reshape({ targetShape: [4, 4, 1] }).apply(input);
  x = new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new Conv2DTranspose({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new UpSampling2D({ size: 3 }).apply(x);
  x = new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  return new Conv2DTranspose({ filters: 1, kernelSize: 3, activation: 'relu' }).apply(x);
}

beforeEach(() => clearSession());

describe("model.summary({ style: 'classic' }) against the seed guide's tf.keras 2 tables", () => {
  // Built in the guide's order, so the automatic names (conv2d_4, max_pooling2d_1…) match.
  function guideModels(): Record<string, Model> {
    const encoderInput = Input({ shape: [28, 28, 1], name: 'img' });
    const encoderOutput = encoderLayers(encoderInput);
    const encoder = new Model(encoderInput, encoderOutput, { name: 'encoder' });
    const autoencoder = new Model(encoderInput, decoderLayers(encoderOutput), { name: 'autoencoder' });

    const nestedEncoderInput = Input({ shape: [28, 28, 1], name: 'original_img' });
    const nestedEncoder = new Model(nestedEncoderInput, encoderLayers(nestedEncoderInput), { name: 'encoder' });
    const decoderInput = Input({ shape: [16], name: 'encoded_img' });
    const decoder = new Model(decoderInput, decoderLayers(decoderInput), { name: 'decoder' });
    const input = Input({ shape: [28, 28, 1], name: 'img' });
    const nested = new Model(input, decoder.apply(nestedEncoder.apply(input)), { name: 'autoencoder' });
    return { encoder, autoencoder, nestedEncoder, decoder, nested };
  }

  it('encoder: width 65, names cut to the column, [(None, ...)] for the InputLayer', () => {
    expect(classic(guideModels().encoder as Model)).toEqual(SEED_ENCODER);
  });

  it('autoencoder', () => {
    expect(classic(guideModels().autoencoder as Model)).toEqual(SEED_AUTOENCODER);
  });

  it('the separate encoder and decoder models', () => {
    const models = guideModels();
    expect(classic(models.nestedEncoder as Model)).toEqual(SEED_NESTED_ENCODER);
    expect(classic(models.decoder as Model)).toEqual(SEED_NESTED_DECODER);
  });

  it('the autoencoder made of nested models', () => {
    expect(classic(guideModels().nested as Model)).toEqual(SEED_NESTED_AUTOENCODER);
  });

  it('uses width 98 and one line per extra connection for non-sequential models', () => {
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [4], name: 'b' });
    const shared = new Dense({ units: 4, name: 'shared' });
    const model = new Model([a, b], [shared.apply(a), shared.apply(b)], { name: 'two' });
    const lines = classic(model);
    expect(lines.every((l) => l.length === 98 || !/^[_=]/.test(l))).toBe(true);
    // Columns start at int(98 * [0.33, 0.55, 0.67]) = 32, 53, 65.
    expect(lines[2]).toBe('Layer (type)'.padEnd(32) + 'Output Shape'.padEnd(21) + 'Param #'.padEnd(12) + 'Connected to'.padEnd(33));
    const row = lines.findIndex((l) => l.startsWith('shared (Dense)'));
    expect(lines[row]).toBe('shared (Dense)'.padEnd(32) + '(None, 4)'.padEnd(21) + '20'.padEnd(12) + 'a[0][0]'.padEnd(33));
    expect(lines[row + 1]).toBe(' '.repeat(65) + 'b[0][0]'.padEnd(33));
    expect(lines[lines.length - 4]).toBe('Total params: 20');
  });

  it("prints 'multiple' for a shared layer whose calls have different shapes", () => {
    const a = Input({ shape: [4] });
    const b = Input({ shape: [3, 4] });
    const shared = new Dense({ units: 2, name: 'shared' });
    const model = new Model([a, b], [shared.apply(a), shared.apply(b)]);
    const row = classic(model).find((l) => l.startsWith('shared (Dense)'));
    expect(row?.slice(32, 53).trim()).toBe('multiple');
  });
});
