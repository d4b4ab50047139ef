import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession, Dense, Input, ShapeError, ValueError } from '../../index.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Dense', () => {
  it('passes the layer test', () => {
    runLayerTest({
      layer: () => new Dense({ units: 64, activation: 'relu' }),
      inputShape: [null, 784],
      expectedOutputShape: [null, 64],
      expectedParams: 50240,
      expectedTrainableWeights: 2,
      expectedWeightShapes: [[784, 64], [64]],
    });
  });

  it('contracts the last axis of higher-rank inputs', () => {
    runLayerTest({
      layer: () => new Dense({ units: 3, useBias: false }),
      inputShape: [null, 5, 7],
      expectedOutputShape: [null, 5, 3],
      expectedParams: 21,
    });
  });

  it('writes the Keras 3 config', () => {
    const layer = new Dense({ units: 4, name: 'department' });
    layer.apply(Input({ shape: [52] }));
    expect(layer.getConfig()).toMatchObject({ name: 'department', units: 4, activation: 'linear', use_bias: true });
    expect(layer.getBuildConfig()).toEqual({ input_shape: [null, 52] });
  });

  it('refuses a rank-1 input and bad units, naming the layer', () => {
    const layer = new Dense({ units: 2, name: 'head' });
    expect(() => layer.apply(Input({ batchShape: [5] }))).toThrow(ShapeError);
    expect(() => new Dense({ units: 2, name: 'head' }).apply(Input({ batchShape: [5] }))).toThrow(/"head"/);
    expect(() => new Dense({ units: 0 })).toThrow(ValueError);
  });
});
