import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Flatten, Input } from '../../index.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Flatten', () => {
  it('passes the layer test', () => {
    runLayerTest({ layer: () => new Flatten(), inputShape: [null, 10, 64], expectedOutputShape: [null, 640], expectedParams: 0 });
    runLayerTest({ layer: () => new Flatten(), inputShape: [null, null, 3], expectedOutputShape: [null, null] });
    runLayerTest({ layer: () => new Flatten(), inputShape: [null], expectedOutputShape: [null, 1] });
  });

  it('writes data_format and (as Keras, which builds it on first call) a build config', () => {
    const layer = new Flatten();
    layer.apply(Input({ shape: [3, 4] }));
    expect(layer.getConfig()).toEqual({ name: 'flatten', trainable: true, dtype: layer.dtypePolicy.toConfig(), data_format: 'channels_last' });
    expect(layer.getBuildConfig()).toEqual({ input_shape: [null, 3, 4] });
    expect(() => new Flatten({ dataFormat: 'channels_first' })).toThrow(/channels_last/);
  });

  it('flattens each sample', async () => {
    await useBackend(ops);
    const y = new Flatten().apply(ops.tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2])) as Tensor;
    expect(y.shape).toEqual([2, 4]);
    expect(Array.from(ops.readSync(y))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
