import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { AveragePooling1D, clearSession, Input, MaxPooling1D } from '../../index.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('MaxPooling1D / AveragePooling1D', () => {
  it('pass the layer test', () => {
    runLayerTest({ layer: () => new MaxPooling1D(), inputShape: [null, 9, 4], expectedOutputShape: [null, 4, 4], expectedParams: 0 });
    runLayerTest({ layer: () => new AveragePooling1D({ poolSize: 3, strides: 1, padding: 'same' }), inputShape: [null, null, 4], expectedOutputShape: [null, null, 4] });
  });

  it('write 1-tuples in the config', () => {
    const layer = new MaxPooling1D({ poolSize: 3 });
    layer.apply(Input({ shape: [9, 2] }));
    expect(layer.getConfig()).toMatchObject({ name: 'max_pooling1d', pool_size: [3], padding: 'valid', strides: [3], data_format: 'channels_last' });
    expect(() => new MaxPooling1D().apply(Input({ shape: [4, 4, 4] }))).toThrow(/ndim=3/);
  });

  it('pool along the steps (as a height-1 image)', async () => {
    await useBackend(ops);
    const x = ops.tensor([1, 10, 4, 40, 2, 20, 3, 30], [1, 4, 2]);
    const max = new MaxPooling1D().apply(x) as Tensor;
    expect(max.shape).toEqual([1, 2, 2]);
    expect(Array.from(ops.readSync(max))).toEqual([4, 40, 3, 30]);
    const avg = new AveragePooling1D().apply(x) as Tensor;
    expect(Array.from(ops.readSync(avg))).toEqual([2.5, 25, 2.5, 25]);
  });
});
