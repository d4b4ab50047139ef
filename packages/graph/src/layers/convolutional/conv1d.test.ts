import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Conv1D, Input } from '../../index.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Conv1D', () => {
  it('passes the layer test', () => {
    runLayerTest({
      layer: () => new Conv1D({ filters: 4, kernelSize: 3, activation: 'tanh' }),
      inputShape: [null, 10, 2],
      expectedOutputShape: [null, 8, 4],
      expectedParams: 3 * 2 * 4 + 4,
      expectedWeightShapes: [[3, 2, 4], [4]],
    });
    runLayerTest({
      layer: () => new Conv1D({ filters: 4, kernelSize: 3, padding: 'causal', dilationRate: 2 }),
      inputShape: [null, null, 2],
      expectedOutputShape: [null, null, 4],
    });
  });

  it('writes Keras tuples and a build config', () => {
    const layer = new Conv1D({ filters: 4, kernelSize: 5, strides: 2, padding: 'causal' });
    expect(layer.name).toBe('conv1d');
    layer.apply(Input({ shape: [9, 3] }));
    expect(layer.getConfig()).toMatchObject({ kernel_size: [5], strides: [2], dilation_rate: [1], padding: 'causal', groups: 1 });
    expect(layer.getBuildConfig()).toEqual({ input_shape: [null, 9, 3] });
    expect((layer.output as { shape: unknown }).shape).toEqual([null, 5, 4]);
    expect(() => layer.apply(Input({ shape: [9, 3, 1] }))).toThrow(/Layer "conv1d" expected its input to have ndim=3/);
  });

  it('pads causally: output step t sees only inputs up to t', async () => {
    await useBackend(ops);
    const layer = new Conv1D({ filters: 1, kernelSize: 2, padding: 'causal', useBias: false });
    layer.apply(Input({ shape: [4, 1] }));
    layer.kernel?.assign([10, 1]); // y[t] = 10 x[t-1] + x[t]
    const y = layer.apply(ops.tensor([1, 2, 3, 4], [1, 4, 1])) as Tensor;
    expect(y.shape).toEqual([1, 4, 1]);
    expect(Array.from(ops.readSync(y))).toEqual([1, 12, 23, 34]);
  });
});
