import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession, RMSprop, SparseCategoricalCrossentropy, type Model, type SummaryOptions } from '../index.js';
import {
  autoencoder,
  ensemble,
  encoder,
  mnistMlp,
  nestedAutoencoder,
  sharedEmbedding,
  ticketModel,
  toyResnet,
} from '../testing/guide-models.js';
import { kerasFixtures } from '../testing/keras-fixtures.js';

/** A golden file by its path under `fixtures/keras`, e.g. `mnist_mlp/summary.txt`. */
function golden(file: string): string {
  return readFileSync(path.join(kerasFixtures, file), 'utf8');
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

const EXPAND: SummaryOptions = { expandNested: true, showTrainable: true };

beforeEach(() => clearSession());

describe('model.summary() against Keras 3.16 (fixtures/keras/*/summary.txt)', () => {
  // [test name, builder, summary options, golden file]
  it.each<[string, () => Model, SummaryOptions, string]>([
    ['mnist_mlp: sequential-like, width 88', mnistMlp, {}, 'mnist_mlp/summary.txt'],
    ['encoder: wraps "global_max_pooling2d (GlobalMaxPooling2D)" at the space', encoder, {}, 'encoder/summary.txt'],
    ['autoencoder', autoencoder, {}, 'autoencoder/summary.txt'],
    ['nested_autoencoder: models called as layers', nestedAutoencoder, {}, 'nested_autoencoder/summary.txt'],
    [
      'nested_autoencoder with expandNested and showTrainable (header cut to "Traina…")',
      nestedAutoencoder,
      EXPAND,
      'nested_autoencoder/summary_expand_nested.txt',
    ],
    ['ensemble: "Connected to", width 108, three-line cell', ensemble, {}, 'ensemble/summary.txt'],
    ['ensemble with expandNested and showTrainable', ensemble, EXPAND, 'ensemble/summary_expand_nested.txt'],
    ['ticket_model: several inputs, dict outputs', () => ticketModel(), {}, 'ticket_model/summary.txt'],
    ['toy_resnet: residual adds, a Connected-to cell cut with "…"', toyResnet, {}, 'toy_resnet/summary.txt'],
    ['shared_embedding: one row for a shared layer, listing both calls', sharedEmbedding, {}, 'shared_embedding/summary.txt'],
  ])('%s', (_title, build, options, file) => {
    expectSameText(captured(build(), options), golden(file));
  });

  it('compiled_mlp: compiled with RMSprop and its optimizer built, the Optimizer params line', () => {
    const model = mnistMlp();
    model.compile({ optimizer: new RMSprop(), loss: new SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ['accuracy'] });
    // Compiled but not built yet (Keras builds it on the first step): no optimizer line.
    expect(captured(model)).toBe(golden('mnist_mlp/summary.txt'));
    // What the first fit step does first; no backend needed for the counts.
    model.optimizer?.build(model.trainableWeights);
    expectSameText(captured(model), golden('compiled_mlp/summary.txt'));
  });
});
