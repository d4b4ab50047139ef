import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Input, Reshape, ShapeError, ValueError } from '../../index.js';
import { goldenLayer } from '../../testing/golden-layer.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Reshape', () => {
  it('passes the layer test, inferring a -1', () => {
    runLayerTest({ layer: () => new Reshape({ targetShape: [4, 4, 1] }), inputShape: [null, 16], expectedOutputShape: [null, 4, 4, 1], expectedParams: 0 });
    runLayerTest({ layer: () => new Reshape({ targetShape: [-1, 2, 2] }), inputShape: [null, 12], expectedOutputShape: [null, 3, 2, 2] });
    runLayerTest({ layer: () => new Reshape({ targetShape: [-1, 2] }), inputShape: [null, null, 4], expectedOutputShape: [null, null, 2] });
  });

  it('writes the Keras 3 config, without a build config (autoencoder reshape)', () => {
    const golden = goldenLayer('autoencoder', 'reshape');
    const layer = new Reshape({ targetShape: [4, 4, 1] });
    layer.apply(Input({ shape: [16] }));
    expect(layer.getConfig()).toEqual(golden.config);
    expect(Object.keys(layer.getConfig())).toEqual(Object.keys(golden.config));
    expect(layer.getBuildConfig()).toBeNull();
    expect(golden.build_config).toBeUndefined();
    expect(new Reshape({ targetShape: [-1, 3] }).getConfig()).toMatchObject({ target_shape: [-1, 3] });
  });

  it('refuses sizes that do not match and two -1s', () => {
    expect(() => new Reshape({ targetShape: [-1, -1] })).toThrow(ValueError);
    expect(() => new Reshape({ targetShape: [-1, -1] })).toThrow(/must not contain more than one `-1`/);
    expect(() => new Reshape({ targetShape: [0, 2] })).toThrow(/target_shape/);
    expect(() => new Reshape({ targetShape: [5, 3], name: 'r' }).apply(Input({ shape: [16] }))).toThrow(ShapeError);
    expect(() => new Reshape({ targetShape: [5, 3], name: 'r' }).apply(Input({ shape: [16] }))).toThrow(
      'Layer "r" (Reshape) cannot reshape an input of shape (None, 16) (16 values per sample) to target_shape=(5, 3): the total size must be unchanged (target has 15 values).',
    );
    expect(() => new Reshape({ targetShape: [-1, 5], name: 'r2' }).apply(Input({ shape: [4, 4] }))).toThrow(/16 is not divisible by 5/);
  });

  it('reshapes each sample, keeping the batch', async () => {
    await useBackend(ops);
    const y = new Reshape({ targetShape: [-1, 2] }).apply(ops.tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 4])) as Tensor;
    expect(y.shape).toEqual([2, 2, 2]);
    expect(Array.from(ops.readSync(y))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
