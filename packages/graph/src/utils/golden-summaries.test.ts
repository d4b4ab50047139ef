import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
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
  RMSprop,
  SparseCategoricalCrossentropy,
  UpSampling2D,
  type SummaryOptions,
  type SymbolicTensor,
} from '../index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const kerasDir = path.resolve(repoRoot, '../shared/fixtures/keras');

function golden(name: string, file = 'summary.txt'): string {
  return readFileSync(path.join(kerasDir, name, file), 'utf8');
}

/** The text Keras hands to `print_fn`, captured the same way. */
function captured(model: Model, options: SummaryOptions = {}): string {
  const printed: string[] = [];
  const text = model.summary({ ...options, printFn: (t) => printed.push(t) });
  expect(printed).toEqual([text]);
  return text;
}

function expectSameText(actual: string, expected: string): void {
  // Compare line by line first: a failure then shows the line that differs.
  expect(actual.split('\n')).toEqual(expected.split('\n'));
  expect(actual).toBe(expected);
}

// The guide's models, built in the order gen.py builds them so automatic names match.
function mnistModel(): Model {
  const inputs = Input({ shape: [784] });
  let x = new Dense({ units: 64, activation: 'relu' }).apply(inputs);
  x = new Dense({ units: 64, activation: 'relu' }).apply(x);
  const outputs = new Dense({ units: 10 }).apply(x);
  return new Model({ inputs, outputs, name: 'mnist_model' });
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

function encoderModel(): Model {
  const input = Input({ shape: [28, 28, 1], name: 'img' });
  return new Model(input, encoderLayers(input), { name: 'encoder' });
}

function autoencoderModel(): Model {
  const input = Input({ shape: [28, 28, 1], name: 'img' });
  return new Model(input, decoderLayers(encoderLayers(input)), { name: 'autoencoder' });
}

function nestedAutoencoder(): Model {
  const encoderInput = Input({ shape: [28, 28, 1], name: 'original_img' });
  const encoder = new Model(encoderInput, encoderLayers(encoderInput), { name: 'encoder' });
  const decoderInput = Input({ shape: [16], name: 'encoded_img' });
  const decoder = new Model(decoderInput, decoderLayers(decoderInput), { name: 'decoder' });
  const input = Input({ shape: [28, 28, 1], name: 'img' });
  return new Model(input, decoder.apply(encoder.apply(input)), { name: 'autoencoder' });
}

function ensembleModel(): Model {
  const getModel = (): Model => {
    const inputs = Input({ shape: [128] });
    return new Model(inputs, new Dense({ units: 1 }).apply(inputs));
  };
  const models = [getModel(), getModel(), getModel()];
  const inputs = Input({ shape: [128] });
  const outputs = average(models.map((m) => m.apply(inputs) as SymbolicTensor));
  return new Model({ inputs, outputs });
}

function ticketModel(): Model {
  const title = Input({ shape: [null], name: 'title' });
  const body = Input({ shape: [null], name: 'body' });
  const tags = Input({ shape: [12], name: 'tags' });
  const titleEmb = new Embedding({ inputDim: 100, outputDim: 16 }).apply(title);
  const bodyEmb = new Embedding({ inputDim: 100, outputDim: 16 }).apply(body);
  const titleFeatures = new LSTM({ units: 32 }).apply(titleEmb) as SymbolicTensor;
  const bodyFeatures = new LSTM({ units: 8 }).apply(bodyEmb) as SymbolicTensor;
  const x = concatenate([titleFeatures, bodyFeatures, tags]);
  const priority = new Dense({ units: 1, name: 'priority' }).apply(x);
  const department = new Dense({ units: 4, name: 'department' }).apply(x);
  return new Model({ inputs: [title, body, tags], outputs: { priority, department } });
}

function toyResnet(): Model {
  const conv = (filters: number, padding: 'valid' | 'same' = 'valid'): Conv2D =>
    new Conv2D({ filters, kernelSize: 3, activation: 'relu', padding });
  const inputs = Input({ shape: [32, 32, 3], name: 'img' });
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
  const outputs = new Dense({ units: 10 }).apply(x);
  return new Model(inputs, outputs, { name: 'toy_resnet' });
}

function sharedEmbedding(): Model {
  const shared = new Embedding({ inputDim: 100, outputDim: 8 });
  const a = Input({ shape: [null], dtype: 'int32' });
  const b = Input({ shape: [null], dtype: 'int32' });
  return new Model([a, b], [shared.apply(a), shared.apply(b)]);
}

beforeEach(() => clearSession());

describe('model.summary() against Keras 3.16 (fixtures/keras/*/summary.txt)', () => {
  it('mnist_mlp: sequential-like, width 88', () => {
    expectSameText(captured(mnistModel()), golden('mnist_mlp'));
  });

  it('encoder: wraps "global_max_pooling2d (GlobalMaxPooling2D)" at the space', () => {
    expectSameText(captured(encoderModel()), golden('encoder'));
  });

  it('autoencoder', () => {
    expectSameText(captured(autoencoderModel()), golden('autoencoder'));
  });

  it('nested_autoencoder: models called as layers', () => {
    expectSameText(captured(nestedAutoencoder()), golden('nested_autoencoder'));
  });

  it('nested_autoencoder with expandNested and showTrainable (header cut to "Traina…")', () => {
    const text = captured(nestedAutoencoder(), { expandNested: true, showTrainable: true });
    expectSameText(text, golden('nested_autoencoder', 'summary_expand_nested.txt'));
  });

  it('ensemble: "Connected to", width 108, three-line cell', () => {
    expectSameText(captured(ensembleModel()), golden('ensemble'));
  });

  it('ensemble with expandNested and showTrainable', () => {
    const text = captured(ensembleModel(), { expandNested: true, showTrainable: true });
    expectSameText(text, golden('ensemble', 'summary_expand_nested.txt'));
  });

  it('ticket_model: several inputs, dict outputs', () => {
    expectSameText(captured(ticketModel()), golden('ticket_model'));
  });

  it('toy_resnet: residual adds, a Connected-to cell cut with "…"', () => {
    expectSameText(captured(toyResnet()), golden('toy_resnet'));
  });

  it('shared_embedding: one row for a shared layer, listing both calls', () => {
    expectSameText(captured(sharedEmbedding()), golden('shared_embedding'));
  });

  it('compiled_mlp: compiled with RMSprop and its optimizer built, the Optimizer params line', () => {
    const model = mnistModel();
    model.compile({ optimizer: new RMSprop(), loss: new SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ['accuracy'] });
    // Compiled but not built yet (Keras builds it on the first step): no optimizer line.
    expect(captured(model)).toBe(golden('mnist_mlp'));
    // What the first fit step does first; no backend needed for the counts.
    model.optimizer?.build(model.trainableWeights);
    expectSameText(captured(model), golden('compiled_mlp'));
  });
});
