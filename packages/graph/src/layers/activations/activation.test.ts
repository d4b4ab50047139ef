import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { ActivationLayer, clearSession, getLayerClass, Input, ValueError } from '../../index.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Activation (layer)', () => {
  it('passes the layer test', () => {
    runLayerTest({ layer: () => new ActivationLayer({ activation: 'relu' }), inputShape: [null, 3, 4], expectedOutputShape: [null, 3, 4], expectedParams: 0 });
  });

  it('is Keras\'s "Activation" in configs, with the activation by name', () => {
    const layer = new ActivationLayer({ activation: 'sigmoid' });
    expect(layer.name).toBe('activation');
    expect(layer.className).toBe('Activation');
    expect(getLayerClass('Activation')).toBe(ActivationLayer);
    layer.apply(Input({ shape: [2] }));
    expect(Object.keys(layer.getConfig())).toEqual(['name', 'trainable', 'dtype', 'activation']);
    expect(layer.getConfig().activation).toBe('sigmoid');
    expect(layer.getBuildConfig()).toBeNull();
    expect(() => new ActivationLayer({ activation: 'nope', name: 'a' })).toThrow(ValueError);
    expect(() => new ActivationLayer({ activation: 'nope', name: 'a' })).toThrow(/layer "a"/);
  });

  it('applies the activation', async () => {
    await useBackend(ops);
    const y = new ActivationLayer({ activation: 'relu' }).apply(ops.tensor([-3, -1, 0, 2], [1, 4])) as Tensor;
    expect(Array.from(ops.readSync(y))).toEqual([0, 0, 0, 2]);
  });
});
