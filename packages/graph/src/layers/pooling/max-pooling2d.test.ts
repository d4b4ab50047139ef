import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Input, MaxPooling2D, ShapeError } from '../../index.js';
import { goldenLayer } from '../../testing/golden-layer.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('MaxPooling2D', () => {
  it('passes the layer test (the guide encoder: 24x24 to 8x8)', () => {
    runLayerTest({
      layer: () => new MaxPooling2D({ poolSize: 3 }),
      inputShape: [null, 24, 24, 32],
      expectedOutputShape: [null, 8, 8, 32],
      expectedParams: 0,
    });
    runLayerTest({
      layer: () => new MaxPooling2D({ poolSize: [2, 3], strides: 1, padding: 'same' }),
      inputShape: [null, 5, null, 2],
      expectedOutputShape: [null, 5, null, 2],
    });
  });

  it('defaults strides to pool_size and writes the Keras 3 config (autoencoder max_pooling2d)', () => {
    const golden = goldenLayer('autoencoder', 'max_pooling2d');
    const layer = new MaxPooling2D({ poolSize: 3 });
    layer.apply(Input({ shape: [24, 24, 32] }));
    expect(layer.getConfig()).toEqual(golden.config);
    expect(Object.keys(layer.getConfig())).toEqual(Object.keys(golden.config));
    expect(golden.build_config).toBeUndefined();
    expect(layer.getBuildConfig()).toBeNull();
    expect(new MaxPooling2D().getConfig()).toMatchObject({ pool_size: [2, 2], strides: [2, 2], padding: 'valid' });
  });

  it('refuses windows larger than the input and wrong ranks', () => {
    expect(() => new MaxPooling2D({ poolSize: 3, name: 'p' }).apply(Input({ shape: [2, 2, 1] }))).toThrow(ShapeError);
    expect(() => new MaxPooling2D({ poolSize: 3, name: 'p' }).apply(Input({ shape: [2, 2, 1] }))).toThrow(/Layer "p" \(MaxPooling2D\).*pool_size=\(3, 3\)/);
    expect(() => new MaxPooling2D({ name: 'p3' }).apply(Input({ shape: [8, 8] }))).toThrow('Layer "p3" expected its input to have ndim=4');
    expect(() => new MaxPooling2D({ poolSize: 0 })).toThrow(/pool_size/);
  });

  it('takes the maximum of each window', async () => {
    await useBackend(ops);
    const x = ops.tensor([1, 5, 2, 0, 3, 4, 9, 8, 7, 6, -1, -2, 0, 0, 1, 1], [1, 4, 4, 1]);
    const y = new MaxPooling2D().apply(x) as Tensor;
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(ops.readSync(y))).toEqual([5, 9, 7, 1]);
  });
});
