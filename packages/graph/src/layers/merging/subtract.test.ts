import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { Subtract, subtract, clearSession, Input, ShapeError, ValueError } from '../../index.js';
import { referenceBackend as ops } from '../../testing/reference-backend.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Subtract', () => {
  it('passes the layer test', () => {
    runLayerTest({
      layer: () => new Subtract(),
      inputShape: [[null, 4, 5], [null, 4, 5]],
      expectedOutputShape: [null, 4, 5],
      expectedParams: 0,
    });
  });

  it('broadcasts, fills unknown dims and names itself like Keras', () => {
    const a = Input({ batchShape: [null, null, 5] });
    const b = Input({ batchShape: [null, 3, 1] });
    const y = subtract([a, b]);
    expect(y.shape).toEqual([null, 3, 5]);
    expect(y.history?.layer.name).toBe('subtract');
    expect(y.history?.layer.getBuildConfig()).toEqual({ input_shape: [[null, null, 5], [null, 3, 1]] });
    expect(() => subtract([Input({ shape: [4] }), Input({ shape: [3] })])).toThrow(ShapeError);
    expect(() => new Subtract({ name: 'm' }).apply([Input({ shape: [4] }), Input({ shape: [3] })])).toThrow(/Layer "m" \(Subtract\)/);
  });

  it('computes element-wise', async () => {
    await useBackend(ops);
    const a = ops.tensor([1, 5, -2], [1, 3]);
    const b = ops.tensor([4, 2, -3], [1, 3]);
    const y = new Subtract().apply([a, b]) as Tensor;
    expect(Array.from(ops.readSync(y))).toEqual([-3, 3, 1]);
  });

  it('takes exactly two inputs', () => {
    const xs = [Input({ shape: [2] }), Input({ shape: [2] }), Input({ shape: [2] })];
    expect(() => subtract(xs)).toThrow(ValueError);
    expect(() => new Subtract({ name: 'diff' }).apply(xs)).toThrow(/Layer "diff" \(Subtract\) should be called on exactly 2 inputs. Received: 3/);
  });
});
