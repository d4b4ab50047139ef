import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Embedding, Input, RandomUniform, ValueError } from '../../index.js';
import { referenceBackend as ops } from '../../testing/reference-backend.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Embedding', () => {
  it('passes the layer test', () => {
    runLayerTest({
      layer: () => new Embedding({ inputDim: 100, outputDim: 16 }),
      inputShape: [null, null],
      expectedOutputShape: [null, null, 16],
      expectedParams: 1600,
      expectedTrainableWeights: 1,
      expectedWeightShapes: [[100, 16]],
    });
  });

  it('adds the output dim to inputs of any rank', () => {
    runLayerTest({
      layer: () => new Embedding({ inputDim: 10, outputDim: 3, maskZero: true }),
      inputShape: [null, 4, 5],
      inputDtype: 'int32',
      expectedOutputShape: [null, 4, 5, 3],
      expectedParams: 30,
    });
  });

  it('writes the Keras 3 config, RandomUniform(-0.05, 0.05) included', () => {
    const layer = new Embedding({ inputDim: 100, outputDim: 16, inputLength: 6 });
    const out = layer.apply(Input({ shape: [null], name: 'title' }));
    expect(out.dtype).toBe('float32');
    expect(layer.getConfig()).toEqual({
      name: 'embedding',
      trainable: true,
      dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
      input_dim: 100,
      output_dim: 16,
      embeddings_initializer: {
        module: 'keras.initializers',
        class_name: 'RandomUniform',
        config: { seed: null, minval: -0.05, maxval: 0.05 },
        registered_name: null,
      },
      embeddings_regularizer: null,
      activity_regularizer: null,
      embeddings_constraint: null,
      mask_zero: false,
      quantization_config: null,
    });
    expect(layer.getBuildConfig()).toEqual({ input_shape: [null, null] });
    expect(layer.embeddingsInitializer).toBeInstanceOf(RandomUniform);
    expect(layer.weights[0]?.path).toBe('embedding/embeddings');
  });

  it('refuses string and bool indices and bad sizes, naming the layer', () => {
    const layer = new Embedding({ inputDim: 5, outputDim: 2, name: 'words' });
    expect(() => layer.apply(Input({ shape: [3], dtype: 'string' }))).toThrow(ValueError);
    expect(() => layer.apply(Input({ shape: [3], dtype: 'bool' }))).toThrow(/Layer "words" \(Embedding\) expects integer indices.*bool/);
    expect(() => new Embedding({ inputDim: 0, outputDim: 2 })).toThrow(/input_dim=0/);
    expect(() => new Embedding({ inputDim: 3, outputDim: 1.5 })).toThrow(/output_dim=1.5/);
  });

  it('looks up rows for int32 and float32 ids', async () => {
    await useBackend(ops);
    const layer = new Embedding({ inputDim: 4, outputDim: 2 });
    layer.maybeBuild([null, null]);
    layer.weights[0]?.assign([0, 1, 10, 11, 20, 21, 30, 31]);
    for (const dtype of ['int32', 'float32'] as const) {
      const ids = ops.tensor([3, 0, 2, 2], [2, 2], dtype);
      const y = layer.apply(ids) as Tensor;
      expect(y.shape).toEqual([2, 2, 2]);
      expect(Array.from(ops.readSync(y))).toEqual([30, 31, 0, 1, 20, 21, 20, 21]);
    }
  });
});
