import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { Add, add, clearSession, Input, ShapeError } from '../../index.js';
import { referenceBackend as ops } from '../../testing/reference-backend.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Add', () => {
  it('passes the layer test', () => {
    runLayerTest({
      layer: () => new Add(),
      inputShape: [[null, 4, 5], [null, 4, 5]],
      expectedOutputShape: [null, 4, 5],
      expectedParams: 0,
    });
  });

  it('broadcasts, fills unknown dims and names itself like Keras', () => {
    const a = Input({ batchShape: [null, null, 5] });
    const b = Input({ batchShape: [null, 3, 1] });
    const y = add([a, b]);
    expect(y.shape).toEqual([null, 3, 5]);
    expect(y.history?.layer.name).toBe('add');
    expect(y.history?.layer.getBuildConfig()).toEqual({ input_shape: [[null, null, 5], [null, 3, 1]] });
    expect(() => add([Input({ shape: [4] }), Input({ shape: [3] })])).toThrow(ShapeError);
    expect(() => new Add({ name: 'm' }).apply([Input({ shape: [4] }), Input({ shape: [3] })])).toThrow(/Layer "m" \(Add\)/);
  });

  it('computes element-wise', async () => {
    await useBackend(ops);
    const a = ops.tensor([1, 5, -2], [1, 3]);
    const b = ops.tensor([4, 2, -3], [1, 3]);
    const y = new Add().apply([a, b]) as Tensor;
    expect(Array.from(ops.readSync(y))).toEqual([5, 7, -5]);
  });
});
