import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Input, ReLU, ValueError } from '../../index.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('ReLU (layer)', () => {
  it('passes the layer test', () => {
    runLayerTest({ layer: () => new ReLU({ maxValue: 10, negativeSlope: 0.5 }), inputShape: [null, 5], expectedOutputShape: [null, 5], expectedParams: 0 });
  });

  it('writes Keras 3 config keys and names itself re_lu', () => {
    const layer = new ReLU();
    expect(layer.name).toBe('re_lu');
    layer.apply(Input({ shape: [4] }));
    const config = layer.getConfig();
    expect(Object.keys(config)).toEqual(['name', 'trainable', 'dtype', 'max_value', 'negative_slope', 'threshold']);
    expect(config).toMatchObject({ max_value: null, negative_slope: 0, threshold: 0 });
    expect(layer.getBuildConfig()).toBeNull();
    expect(() => new ReLU({ maxValue: -1 })).toThrow(ValueError);
    expect(() => new ReLU({ negativeSlope: -1, name: 'r' })).toThrow('Layer "r": negative_slope of a ReLU layer cannot be a negative value. Received: negative_slope=-1');
  });

  it('matches the Keras docstring example and each special case', async () => {
    await useBackend(ops);
    const x = ops.tensor([-10, -5, 0, 5, 10], [1, 5]);
    const run = (layer: ReLU) => Array.from(ops.readSync(layer.apply(x) as Tensor));
    expect(run(new ReLU({ maxValue: 10, negativeSlope: 0.5, threshold: 0 }))).toEqual([-5, -2.5, 0, 5, 10]);
    expect(run(new ReLU())).toEqual([0, 0, 0, 5, 10]);
    expect(run(new ReLU({ maxValue: 6 }))).toEqual([0, 0, 0, 5, 6]);
    expect(run(new ReLU({ negativeSlope: 0.1 }))).toEqual([-1, -0.5, 0, 5, 10].map((v) => Math.fround(v)));
    expect(run(new ReLU({ threshold: 5 }))).toEqual([0, 0, 0, 5, 10]);
    expect(run(new ReLU({ threshold: 6, negativeSlope: 1, maxValue: 8 }))).toEqual([-16, -11, -6, -1, 8]);
  });
});
