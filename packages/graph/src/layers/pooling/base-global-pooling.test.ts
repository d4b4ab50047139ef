import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import {
  clearSession,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  Input,
} from '../../index.js';
import { goldenLayer } from '../../testing/golden-layer.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('global pooling', () => {
  it('passes the layer test, with and without keepdims', () => {
    runLayerTest({ layer: () => new GlobalMaxPooling2D(), inputShape: [null, 4, 4, 16], expectedOutputShape: [null, 16], expectedParams: 0 });
    runLayerTest({ layer: () => new GlobalAveragePooling2D({ keepdims: true }), inputShape: [null, null, null, 3], expectedOutputShape: [null, 1, 1, 3] });
    runLayerTest({ layer: () => new GlobalMaxPooling1D({ keepdims: true }), inputShape: [null, 7, 5], expectedOutputShape: [null, 1, 5] });
    runLayerTest({ layer: () => new GlobalAveragePooling1D(), inputShape: [null, null, 5], expectedOutputShape: [null, 5] });
  });

  it('writes the Keras 3 configs, without build configs (autoencoder, toy_resnet)', () => {
    for (const [Cls, fixture, name] of [
      [GlobalMaxPooling2D, 'autoencoder', 'global_max_pooling2d'],
      [GlobalAveragePooling2D, 'toy_resnet', 'global_average_pooling2d'],
    ] as const) {
      const golden = goldenLayer(fixture, name);
      const layer = new Cls();
      expect(layer.name).toBe(name);
      layer.apply(Input({ shape: [4, 4, 16] }));
      expect(layer.getConfig()).toEqual(golden.config);
      expect(Object.keys(layer.getConfig())).toEqual(Object.keys(golden.config));
      expect(layer.getBuildConfig()).toBeNull();
      expect(golden.build_config).toBeUndefined();
    }
  });

  it('refuses the wrong rank and channels_first', () => {
    expect(() => new GlobalMaxPooling2D({ name: 'g' }).apply(Input({ shape: [16] }))).toThrow(
      'Layer "g" expected its input to have ndim=4, but received a tensor of shape (None, 16) (ndim=2).',
    );
    expect(() => new GlobalAveragePooling1D({ dataFormat: 'channels_first' })).toThrow(/channels_last/);
  });

  it('reduces over the spatial axes', async () => {
    await useBackend(ops);
    const x = ops.tensor([1, -1, 4, -4, 2, -2, 3, -8], [1, 2, 2, 2]);
    expect(Array.from(ops.readSync(new GlobalMaxPooling2D().apply(x) as Tensor))).toEqual([4, -1]);
    const avg = new GlobalAveragePooling2D({ keepdims: true }).apply(x) as Tensor;
    expect(avg.shape).toEqual([1, 1, 1, 2]);
    expect(Array.from(ops.readSync(avg))).toEqual([2.5, -3.75]);
    const seq = ops.tensor([1, 2, 3, 4, 5, 6], [1, 3, 2]);
    expect(Array.from(ops.readSync(new GlobalAveragePooling1D().apply(seq) as Tensor))).toEqual([3, 4]);
    expect(Array.from(ops.readSync(new GlobalMaxPooling1D().apply(seq) as Tensor))).toEqual([5, 6]);
  });
});
