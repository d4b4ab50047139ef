import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '../backend/backend.js';
import { useBackend } from '../backend/registry.js';
import { referenceNnBackend as ops } from '../testing/reference-nn-ops.js';
import { BinaryCrossentropy } from './binary-crossentropy.js';
import { CategoricalCrossentropy } from './categorical-crossentropy.js';

// Label smoothing and configs of the two crossentropies that share `BaseCrossentropy`,
// against Keras 3's formulas computed by hand.
beforeAll(async () => {
  await useBackend(ops);
});

const values = (t: Tensor): number[] => Array.from(ops.readSync(t));
const bce = (t: number, p: number): number => -(t * Math.log(p) + (1 - t) * Math.log(1 - p));

describe('BinaryCrossentropy', () => {
  it('smooths labels towards 0.5: t · (1 - s) + s / 2', () => {
    const loss = new BinaryCrossentropy({ labelSmoothing: 0.2 });
    const y = loss.call(ops.tensor([1, 0, 0, 1], [2, 2]), ops.tensor([0.9, 0.2, 0.4, 0.7], [2, 2]), ops);
    const want = [(bce(0.9, 0.9) + bce(0.1, 0.2)) / 2, (bce(0.1, 0.4) + bce(0.9, 0.7)) / 2];
    values(y).forEach((v, i) => expect(v).toBeCloseTo(want[i] as number, 5));
  });

  it('writes Keras\'s config', () => {
    expect(new BinaryCrossentropy({ labelSmoothing: 0.1, axis: 1 }).getConfig()).toEqual({
      name: 'binary_crossentropy', reduction: 'sum_over_batch_size', from_logits: false, label_smoothing: 0.1, axis: 1,
    });
  });
});

describe('CategoricalCrossentropy', () => {
  it('smooths labels over the classes of `axis`: t · (1 - s) + s / classes', () => {
    const loss = new CategoricalCrossentropy({ labelSmoothing: 0.3 });
    const y = loss.call(ops.tensor([0, 1, 0], [1, 3]), ops.tensor([0.2, 0.5, 0.3], [1, 3]), ops);
    const want = -(0.1 * Math.log(0.2) + 0.8 * Math.log(0.5) + 0.1 * Math.log(0.3));
    expect(values(y)[0]).toBeCloseTo(want, 5);
  });

  it('writes Keras\'s config', () => {
    expect(new CategoricalCrossentropy({ fromLogits: true, name: 'cce' }).getConfig()).toEqual({
      name: 'cce', reduction: 'sum_over_batch_size', from_logits: true, label_smoothing: 0, axis: -1,
    });
  });
});
