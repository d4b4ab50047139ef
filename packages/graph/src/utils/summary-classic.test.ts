import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession, Dense, Input, Model } from '../index.js';
import { encoderAndAutoencoder, nestedAutoencoder } from '../testing/guide-models.js';

// The tf.keras 2 tables printed in the seed guide (keras-functional-api.zh.md), rows copied
// verbatim (trailing spaces included: tf.keras pads every row to the full line).
const RULE = '_'.repeat(65);

/** A classic table: `rows` between the header and the totals, each followed by a rule. */
function seedTable(name: string, rows: readonly string[], params: string): string[] {
  return [
    `Model: "${name}"`,
    RULE,
    'Layer (type)                 Output Shape              Param #   ',
    '='.repeat(65),
    ...rows.flatMap((row, i) => (i < rows.length - 1 ? [row, RULE] : [row])),
    '='.repeat(65),
    `Total params: ${params}`,
    `Trainable params: ${params}`,
    'Non-trainable params: 0',
    RULE,
  ];
}

const SEED_ENCODER_ROWS = [
  'img (InputLayer)             [(None, 28, 28, 1)]       0         ',
  'conv2d (Conv2D)              (None, 26, 26, 16)        160       ',
  'conv2d_1 (Conv2D)            (None, 24, 24, 32)        4640      ',
  'max_pooling2d (MaxPooling2D) (None, 8, 8, 32)          0         ',
  'conv2d_2 (Conv2D)            (None, 6, 6, 32)          9248      ',
  'conv2d_3 (Conv2D)            (None, 4, 4, 16)          4624      ',
  'global_max_pooling2d (Global (None, 16)                0         ',
];

const SEED_ENCODER = seedTable('encoder', SEED_ENCODER_ROWS, '18,672');

const SEED_AUTOENCODER = seedTable(
  'autoencoder',
  [
    ...SEED_ENCODER_ROWS,
    'reshape (Reshape)            (None, 4, 4, 1)           0         ',
    'conv2d_transpose (Conv2DTran (None, 6, 6, 16)          160       ',
    'conv2d_transpose_1 (Conv2DTr (None, 8, 8, 32)          4640      ',
    'up_sampling2d (UpSampling2D) (None, 24, 24, 32)        0         ',
    'conv2d_transpose_2 (Conv2DTr (None, 26, 26, 16)        4624      ',
    'conv2d_transpose_3 (Conv2DTr (None, 28, 28, 1)         145       ',
  ],
  '28,241',
);

const SEED_NESTED_ENCODER = seedTable(
  'encoder',
  [
    'original_img (InputLayer)    [(None, 28, 28, 1)]       0         ',
    'conv2d_4 (Conv2D)            (None, 26, 26, 16)        160       ',
    'conv2d_5 (Conv2D)            (None, 24, 24, 32)        4640      ',
    'max_pooling2d_1 (MaxPooling2 (None, 8, 8, 32)          0         ',
    'conv2d_6 (Conv2D)            (None, 6, 6, 32)          9248      ',
    'conv2d_7 (Conv2D)            (None, 4, 4, 16)          4624      ',
    'global_max_pooling2d_1 (Glob (None, 16)                0         ',
  ],
  '18,672',
);

const SEED_NESTED_DECODER = seedTable(
  'decoder',
  [
    'encoded_img (InputLayer)     [(None, 16)]              0         ',
    'reshape_1 (Reshape)          (None, 4, 4, 1)           0         ',
    'conv2d_transpose_4 (Conv2DTr (None, 6, 6, 16)          160       ',
    'conv2d_transpose_5 (Conv2DTr (None, 8, 8, 32)          4640      ',
    'up_sampling2d_1 (UpSampling2 (None, 24, 24, 32)        0         ',
    'conv2d_transpose_6 (Conv2DTr (None, 26, 26, 16)        4624      ',
    'conv2d_transpose_7 (Conv2DTr (None, 28, 28, 1)         145       ',
  ],
  '9,569',
);

const SEED_NESTED_AUTOENCODER = seedTable(
  'autoencoder',
  [
    'img (InputLayer)             [(None, 28, 28, 1)]       0         ',
    'encoder (Functional)         (None, 16)                18672     ',
    'decoder (Functional)         (None, 28, 28, 1)         9569      ',
  ],
  '28,241',
);

function classic(model: Model, options: Parameters<Model['summary']>[0] = {}): string[] {
  let printed = '';
  model.summary({ ...options, style: 'classic', printFn: (t) => (printed = t) });
  expect(printed.endsWith('\n')).toBe(true);
  return printed.slice(0, -1).split('\n');
}

beforeEach(() => clearSession());

describe("model.summary({ style: 'classic' }) against the seed guide's tf.keras 2 tables", () => {
  // Built in the guide's order, so the automatic names (conv2d_4, max_pooling2d_1…) match.
  function guideModels() {
    const { encoder, autoencoder } = encoderAndAutoencoder();
    const nested = nestedAutoencoder();
    return { encoder, autoencoder, nestedEncoder: nested.getLayer('encoder') as Model, decoder: nested.getLayer('decoder') as Model, nested };
  }

  it('encoder: width 65, names cut to the column, [(None, ...)] for the InputLayer', () => {
    expect(classic(guideModels().encoder)).toEqual(SEED_ENCODER);
  });

  it('autoencoder', () => {
    expect(classic(guideModels().autoencoder)).toEqual(SEED_AUTOENCODER);
  });

  it('the separate encoder and decoder models', () => {
    const models = guideModels();
    expect(classic(models.nestedEncoder)).toEqual(SEED_NESTED_ENCODER);
    expect(classic(models.decoder)).toEqual(SEED_NESTED_DECODER);
  });

  it('the autoencoder made of nested models', () => {
    expect(classic(guideModels().nested)).toEqual(SEED_NESTED_AUTOENCODER);
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
