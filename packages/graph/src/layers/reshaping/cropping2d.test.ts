import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Cropping2D, Input, ShapeError } from '../../index.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Cropping2D', () => {
  it('passes the layer test', () => {
    runLayerTest({ layer: () => new Cropping2D({ cropping: 1 }), inputShape: [null, 4, 5, 2], expectedOutputShape: [null, 2, 3, 2], expectedParams: 0 });
    runLayerTest({ layer: () => new Cropping2D({ cropping: [[1, 0], [2, 0]] }), inputShape: [null, null, 5, 2], expectedOutputShape: [null, null, 3, 2] });
  });

  it('writes cropping as pairs and refuses crops as large as the input', () => {
    const layer = new Cropping2D({ cropping: [1, 2] });
    layer.apply(Input({ shape: [5, 5, 1] }));
    expect(layer.getConfig()).toMatchObject({ name: 'cropping2d', cropping: [[1, 1], [2, 2]], data_format: 'channels_last' });
    expect(layer.getBuildConfig()).toEqual({ input_shape: [null, 5, 5, 1] });
    expect(() => new Cropping2D({ cropping: 2, name: 'crop' }).apply(Input({ shape: [4, 9, 1] }))).toThrow(ShapeError);
    expect(() => new Cropping2D({ cropping: 2, name: 'crop' }).apply(Input({ shape: [4, 9, 1] }))).toThrow(/Layer "crop" \(Cropping2D\).*\(None, 4, 9, 1\)/);
  });

  it('crops the edges', async () => {
    await useBackend(ops);
    const y = new Cropping2D({ cropping: [[1, 0], [0, 1]] }).apply(ops.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1])) as Tensor;
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(ops.readSync(y))).toEqual([4, 5, 7, 8]);
  });
});
