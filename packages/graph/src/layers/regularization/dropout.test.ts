import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Dropout, Input, ValueError } from '../../index.js';
import { goldenLayer } from '../../testing/golden-layer.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Dropout', () => {
  it('passes the layer test', () => {
    runLayerTest({ layer: () => new Dropout({ rate: 0.5 }), inputShape: [null, 32], expectedOutputShape: [null, 32], expectedParams: 0 });
    runLayerTest({ layer: () => new Dropout({ rate: 0.2, noiseShape: [null, 1, 4], seed: 3 }), inputShape: [null, 5, 4], expectedOutputShape: [null, 5, 4] });
  });

  it('writes the Keras 3 config, without a build config (toy_resnet dropout)', () => {
    const golden = goldenLayer('toy_resnet', 'dropout');
    const layer = new Dropout({ rate: 0.5 });
    layer.apply(Input({ shape: [32] }));
    expect(layer.getConfig()).toEqual(golden.config);
    expect(Object.keys(layer.getConfig())).toEqual(Object.keys(golden.config));
    expect(layer.getBuildConfig()).toBeNull();
    expect(golden.build_config).toBeUndefined();
  });

  it('refuses a rate outside [0, 1] and a bad noise shape', () => {
    expect(() => new Dropout({ rate: 1.5, name: 'd' })).toThrow(ValueError);
    expect(() => new Dropout({ rate: 1.5, name: 'd' })).toThrow('Layer "d": invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=1.5');
    expect(() => new Dropout({ rate: 0.5, noiseShape: [null, 0] })).toThrow(/noise_shape/);
  });

  it('is the identity at inference and drops with scaling in training', async () => {
    await useBackend(ops);
    const x = ops.tensor(Array<number>(2000).fill(1), [100, 20]);
    const layer = new Dropout({ rate: 0.25 });
    expect(layer.apply(x)).toBe(x);
    const y = Array.from(ops.readSync(layer.apply(x, { training: true }) as Tensor));
    // Survivors are scaled by 1 / (1 - rate); the rest are 0.
    expect(new Set(y.map((v) => v.toFixed(4)))).toEqual(new Set(['0.0000', (1 / 0.75).toFixed(4)]));
    const dropped = y.filter((v) => v === 0).length / y.length;
    expect(dropped).toBeGreaterThan(0.18);
    expect(dropped).toBeLessThan(0.32);
    // A noise shape with a 1 shares the mask along that axis.
    const shared = new Dropout({ rate: 0.5, noiseShape: [null, 1] }).apply(x, { training: true }) as Tensor;
    const rows = Array.from(ops.readSync(shared));
    for (let r = 0; r < 100; r++) expect(new Set(rows.slice(r * 20, r * 20 + 20)).size).toBe(1);
    expect(Array.from(ops.readSync(new Dropout({ rate: 1 }).apply(x, { training: true }) as Tensor)).every((v) => v === 0)).toBe(true);
  });
});
