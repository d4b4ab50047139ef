import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Concatenate, concatenate, Input, ShapeError, ValueError } from '../../index.js';
import { referenceBackend as ops } from '../../testing/reference-backend.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Concatenate', () => {
  it('passes the layer test', () => {
    runLayerTest({
      layer: () => new Concatenate(),
      inputShape: [[null, 32], [null, 8], [null, 12]],
      expectedOutputShape: [null, 52],
      expectedParams: 0,
    });
  });

  it('joins along another axis, with unknown sizes', () => {
    runLayerTest({
      layer: () => new Concatenate({ axis: 1 }),
      inputShape: [[null, 3, 5], [null, null, 5]],
      expectedOutputShape: [null, null, 5],
    });
  });

  it('writes the Keras config and build config of the ticket model', () => {
    const y = concatenate([Input({ shape: [32] }), Input({ shape: [8] }), Input({ shape: [12], name: 'tags' })]);
    const layer = y.history?.layer;
    expect(layer?.name).toBe('concatenate');
    expect(layer?.getConfig()).toMatchObject({ name: 'concatenate', trainable: true, axis: -1 });
    expect(layer?.getBuildConfig()).toEqual({ input_shape: [[null, 32], [null, 8], [null, 12]] });
  });

  it('refuses [null, 128] with [null, 32, 5], naming the layer and the shapes', () => {
    const a = Input({ shape: [128] });
    const b = Input({ shape: [32, 5] });
    expect(() => concatenate([a, b])).toThrow(ShapeError);
    expect(() => new Concatenate({ name: 'features' }).apply([a, b])).toThrow(
      'Layer "features" (Concatenate) requires inputs with matching shapes except for the concatenation axis (axis=-1). Received: input_shape=[(None, 128), (None, 32, 5)]',
    );
    expect(() => new Concatenate().apply(a)).toThrow(ValueError);
  });

  it('concatenates values', async () => {
    await useBackend(ops);
    const y = new Concatenate().apply([ops.tensor([1, 2], [2, 1]), ops.tensor([3, 4, 5, 6], [2, 2])]) as Tensor;
    expect(y.shape).toEqual([2, 3]);
    expect(Array.from(ops.readSync(y))).toEqual([1, 3, 4, 2, 5, 6]);
  });
});
