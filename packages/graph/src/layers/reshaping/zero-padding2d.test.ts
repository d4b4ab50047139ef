import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Input, ZeroPadding2D } from '../../index.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('ZeroPadding2D', () => {
  it('passes the layer test', () => {
    runLayerTest({ layer: () => new ZeroPadding2D(), inputShape: [null, 4, 5, 2], expectedOutputShape: [null, 6, 7, 2], expectedParams: 0 });
    runLayerTest({ layer: () => new ZeroPadding2D({ padding: [[1, 0], [2, 3]] }), inputShape: [null, 4, null, 2], expectedOutputShape: [null, 5, null, 2] });
  });

  it('writes padding as pairs, and a build config', () => {
    const layer = new ZeroPadding2D({ padding: [2, 1] });
    layer.apply(Input({ shape: [3, 3, 1] }));
    expect(layer.getConfig()).toMatchObject({ name: 'zero_padding2d', padding: [[2, 2], [1, 1]], data_format: 'channels_last' });
    expect(Object.keys(layer.getConfig()).slice(3)).toEqual(['padding', 'data_format']);
    expect(layer.getBuildConfig()).toEqual({ input_shape: [null, 3, 3, 1] });
    expect(() => new ZeroPadding2D({ padding: [1, 2, 3] })).toThrow(/`padding` should be/);
  });

  it('pads with zeros', async () => {
    await useBackend(ops);
    const y = new ZeroPadding2D({ padding: [[1, 0], [0, 1]] }).apply(ops.tensor([1, 2, 3, 4], [1, 2, 2, 1])) as Tensor;
    expect(y.shape).toEqual([1, 3, 3, 1]);
    expect(Array.from(ops.readSync(y))).toEqual([0, 0, 0, 1, 2, 0, 3, 4, 0]);
  });
});
