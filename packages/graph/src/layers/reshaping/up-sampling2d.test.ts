import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Input, UpSampling2D } from '../../index.js';
import { goldenLayer } from '../../testing/golden-layer.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('UpSampling2D', () => {
  it('passes the layer test (the guide decoder: 8x8 to 24x24)', () => {
    runLayerTest({ layer: () => new UpSampling2D({ size: 3 }), inputShape: [null, 8, 8, 32], expectedOutputShape: [null, 24, 24, 32], expectedParams: 0 });
    runLayerTest({ layer: () => new UpSampling2D({ size: [2, 3] }), inputShape: [null, null, 4, 1], expectedOutputShape: [null, null, 12, 1] });
  });

  it('writes the Keras 3 config and build config (autoencoder up_sampling2d)', () => {
    const golden = goldenLayer('autoencoder', 'up_sampling2d');
    const layer = new UpSampling2D({ size: 3 });
    layer.apply(Input({ shape: [8, 8, 32] }));
    expect(layer.getConfig()).toEqual(golden.config);
    expect(Object.keys(layer.getConfig())).toEqual(Object.keys(golden.config));
    expect(layer.getBuildConfig()).toEqual(golden.build_config);
  });

  it('refuses bilinear, channels_first and the wrong rank', () => {
    expect(() => new UpSampling2D({ interpolation: 'bilinear' })).toThrow(/interpolation="nearest".*bilinear/);
    expect(() => new UpSampling2D({ dataFormat: 'channels_first' })).toThrow(/channels_last/);
    expect(() => new UpSampling2D({ name: 'u' }).apply(Input({ shape: [8, 8] }))).toThrow('Layer "u" expected its input to have ndim=4');
  });

  it('repeats rows and columns', async () => {
    await useBackend(ops);
    const y = new UpSampling2D({ size: [1, 2] }).apply(ops.tensor([1, 2, 3, 4], [1, 2, 2, 1])) as Tensor;
    expect(y.shape).toEqual([1, 2, 4, 1]);
    expect(Array.from(ops.readSync(y))).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });
});
