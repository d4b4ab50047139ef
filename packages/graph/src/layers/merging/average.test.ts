import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { Average, average, clearSession, Input } from '../../index.js';
import { elementwiseMergeTests } from '../../testing/merge-layer-tests.js';
import { referenceBackend as ops } from '../../testing/reference-backend.js';

beforeEach(() => clearSession());

describe('Average', () => {
  elementwiseMergeTests({ layer: Average, className: 'Average', merge: average, name: 'average', expected: [2.5, 3.5, -2.5] });

  it('divides the sum of three inputs once, with Keras\'s build config', async () => {
    const xs = [Input({ shape: [1] }), Input({ shape: [1] }), Input({ shape: [1] })];
    const y = average(xs);
    expect(y.history?.layer.getBuildConfig()).toEqual({ input_shape: [[null, 1], [null, 1], [null, 1]] });
    expect(y.history?.layer.getConfig()).toEqual({
      name: 'average',
      trainable: true,
      dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
    });
    await useBackend(ops);
    const out = new Average().apply([1, 2, 6].map((v) => ops.tensor([v, -v], [2, 1]))) as Tensor;
    expect(Array.from(ops.readSync(out))).toEqual([3, -3]);
  });
});
