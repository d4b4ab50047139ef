import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { Average, average, clearSession, Input, ShapeError } from '../../index.js';
import { referenceBackend as ops } from '../../testing/reference-backend.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Average', () => {
  it('passes the layer test', () => {
    runLayerTest({
      layer: () => new Average(),
      inputShape: [[null, 4, 5], [null, 4, 5]],
      expectedOutputShape: [null, 4, 5],
      expectedParams: 0,
    });
  });

  it('broadcasts, fills unknown dims and names itself like Keras', () => {
    const a = Input({ batchShape: [null, null, 5] });
    const b = Input({ batchShape: [null, 3, 1] });
    const y = average([a, b]);
    expect(y.shape).toEqual([null, 3, 5]);
    expect(y.history?.layer.name).toBe('average');
    expect(y.history?.layer.getBuildConfig()).toEqual({ input_shape: [[null, null, 5], [null, 3, 1]] });
    expect(() => average([Input({ shape: [4] }), Input({ shape: [3] })])).toThrow(ShapeError);
    expect(() => new Average({ name: 'm' }).apply([Input({ shape: [4] }), Input({ shape: [3] })])).toThrow(/Layer "m" \(Average\)/);
  });

  it('computes element-wise', async () => {
    await useBackend(ops);
    const a = ops.tensor([1, 5, -2], [1, 3]);
    const b = ops.tensor([4, 2, -3], [1, 3]);
    const y = new Average().apply([a, b]) as Tensor;
    expect(Array.from(ops.readSync(y))).toEqual([2.5, 3.5, -2.5]);
  });

  it('divides the sum of three inputs once, with Keras\'s build config', async () => {
    const xs = [Input({ shape: [1] }), Input({ shape: [1] }), Input({ shape: [1] })];
    const y = average(xs);
    expect(y.history?.layer.getBuildConfig()).toEqual({ input_shape: [[null, 1], [null, 1], [null, 1]] });
    expect(y.history?.layer.getConfig()).toEqual({
      name: 'average',
      trainable: true,
      dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
    });
    await useBackend(ops);
    const out = new Average().apply([1, 2, 6].map((v) => ops.tensor([v, -v], [2, 1]))) as Tensor;
    expect(Array.from(ops.readSync(out))).toEqual([3, -3]);
  });
});
