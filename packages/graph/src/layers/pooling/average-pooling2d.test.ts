import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { AveragePooling2D, clearSession } from '../../index.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('AveragePooling2D', () => {
  it('passes the layer test', () => {
    const layer = runLayerTest({
      layer: () => new AveragePooling2D({ poolSize: [2, 2], strides: [1, 2] }),
      inputShape: [null, 5, 6, 3],
      expectedOutputShape: [null, 4, 3, 3],
      expectedParams: 0,
    });
    expect(layer.name).toBe('average_pooling2d');
    expect(layer.getConfig()).toMatchObject({ pool_size: [2, 2], padding: 'valid', strides: [1, 2], data_format: 'channels_last' });
  });

  it('averages each window', async () => {
    await useBackend(ops);
    const x = ops.tensor([1, 3, 5, 7, 2, 4, 6, 8], [1, 2, 4, 1]);
    const y = new AveragePooling2D().apply(x) as Tensor;
    expect(Array.from(ops.readSync(y))).toEqual([2.5, 6.5]);
  });
});
