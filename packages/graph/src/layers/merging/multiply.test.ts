import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { Multiply, multiply, clearSession, Input, ShapeError } from '../../index.js';
import { referenceBackend as ops } from '../../testing/reference-backend.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Multiply', () => {
  it('passes the layer test', () => {
    runLayerTest({
      layer: () => new Multiply(),
      inputShape: [[null, 4, 5], [null, 4, 5]],
      expectedOutputShape: [null, 4, 5],
      expectedParams: 0,
    });
  });

  it('broadcasts, fills unknown dims and names itself like Keras', () => {
    const a = Input({ batchShape: [null, null, 5] });
    const b = Input({ batchShape: [null, 3, 1] });
    const y = multiply([a, b]);
    expect(y.shape).toEqual([null, 3, 5]);
    expect(y.history?.layer.name).toBe('multiply');
    expect(y.history?.layer.getBuildConfig()).toEqual({ input_shape: [[null, null, 5], [null, 3, 1]] });
    expect(() => multiply([Input({ shape: [4] }), Input({ shape: [3] })])).toThrow(ShapeError);
    expect(() => new Multiply({ name: 'm' }).apply([Input({ shape: [4] }), Input({ shape: [3] })])).toThrow(/Layer "m" \(Multiply\)/);
  });

  it('computes element-wise', async () => {
    await useBackend(ops);
    const a = ops.tensor([1, 5, -2], [1, 3]);
    const b = ops.tensor([4, 2, -3], [1, 3]);
    const y = new Multiply().apply([a, b]) as Tensor;
    expect(Array.from(ops.readSync(y))).toEqual([4, 10, 6]);
  });
});
