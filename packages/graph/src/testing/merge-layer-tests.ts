import { expect, it } from 'vitest';
import type { Tensor } from '../backend/backend.js';
import { useBackend } from '../backend/registry.js';
import { ShapeError } from '../common/errors.js';
import type { LayerArgs } from '../engine/layer.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import { Input } from '../layers/core/input-layer.js';
import type { Merge } from '../layers/merging/base-merge.js';
import { referenceBackend as ops } from './reference-backend.js';
import { runLayerTest } from './run-layer-test.js';

export interface ElementwiseMergeCase {
  /** The layer class, e.g. `Add`. */
  layer: new (args?: LayerArgs) => Merge;
  /** Its functional form, e.g. `add`. */
  merge: (inputs: SymbolicTensor[]) => SymbolicTensor;
  /** The class name errors show, e.g. `'Add'`. */
  className: string;
  /** The automatic name of the first instance, e.g. `'add'`. */
  name: string;
  /** The result for `[1, 5, -2]` and `[4, 2, -3]`. */
  expected: number[];
}

/**
 * The tests every element-wise merge layer (Add, Subtract, Multiply, Average, Maximum, Minimum)
 * passes, registered inside the caller's `describe` (which clears the session before each).
 */
export function elementwiseMergeTests({ layer: MergeLayer, className, merge, name, expected }: ElementwiseMergeCase): void {
  it('passes the layer test', () => {
    runLayerTest({
      layer: () => new MergeLayer(),
      inputShape: [[null, 4, 5], [null, 4, 5]],
      expectedOutputShape: [null, 4, 5],
      expectedParams: 0,
    });
  });

  it('broadcasts, fills unknown dims and names itself like Keras', () => {
    const a = Input({ batchShape: [null, null, 5] });
    const b = Input({ batchShape: [null, 3, 1] });
    const y = merge([a, b]);
    expect(y.shape).toEqual([null, 3, 5]);
    expect(y.history?.layer.name).toBe(name);
    expect(y.history?.layer.getBuildConfig()).toEqual({ input_shape: [[null, null, 5], [null, 3, 1]] });
    expect(() => merge([Input({ shape: [4] }), Input({ shape: [3] })])).toThrow(ShapeError);
    expect(() => new MergeLayer({ name: 'm' }).apply([Input({ shape: [4] }), Input({ shape: [3] })])).toThrow(
      new RegExp(`Layer "m" \\(${className}\\)`),
    );
  });

  it('computes element-wise', async () => {
    await useBackend(ops);
    const a = ops.tensor([1, 5, -2], [1, 3]);
    const b = ops.tensor([4, 2, -3], [1, 3]);
    const y = new MergeLayer().apply([a, b]) as Tensor;
    expect(Array.from(ops.readSync(y))).toEqual(expected);
  });
}
