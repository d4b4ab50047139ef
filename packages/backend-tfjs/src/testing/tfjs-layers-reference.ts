import { clearSession, useBackend, type Activation, type BackendProvider, type Layer, type Tensor } from '@kfn/graph';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, it } from 'vitest';
import { expectClose, hostData, type InputSpec } from './data.js';
import { layerClass } from './layer-cases.js';
import { setDeterministicWeights } from './reference.js';

/** tfjs and Keras 2's hard sigmoid, `clip(0.2x + 0.5, 0, 1)` (Keras 3's is `relu6(x + 3) / 6`). */
const tfjsHardSigmoid: Activation = {
  name: 'hard_sigmoid',
  apply: (x, ops) => ops.clip(ops.add(ops.mul(x, ops.scalar(0.2)), ops.scalar(0.5)), 0, 1),
};

// tfjs-layers' orthogonal initializer fails with this tfjs-core (`rMat.flatten is not a function`);
// the weights are overwritten anyway, so its LSTMs start from zeros.
interface ReferenceCase {
  name: string;
  className: string;
  kfnArgs: Record<string, unknown>;
  tfjs: () => tfl.layers.Layer;
  input: InputSpec;
}

const f = (...shape: number[]): InputSpec => ({ shape });

const CASES: ReferenceCase[] = [
  { name: 'Dense', className: 'Dense', kfnArgs: { units: 5, activation: 'relu' }, tfjs: () => tfl.layers.dense({ units: 5, activation: 'relu' }), input: f(3, 7) },
  {
    name: 'Conv2D same stride 2',
    className: 'Conv2D',
    kfnArgs: { filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
    tfjs: () => tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
    input: f(2, 8, 7, 3),
  },
  {
    name: 'Conv2DTranspose valid',
    className: 'Conv2DTranspose',
    kfnArgs: { filters: 3, kernelSize: 3 },
    tfjs: () => tfl.layers.conv2dTranspose({ filters: 3, kernelSize: 3 }),
    input: f(2, 4, 4, 2),
  },
  {
    name: 'Conv2DTranspose same stride 2',
    className: 'Conv2DTranspose',
    kfnArgs: { filters: 3, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'sigmoid' },
    tfjs: () => tfl.layers.conv2dTranspose({ filters: 3, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'sigmoid' }),
    input: f(2, 4, 3, 2),
  },
  { name: 'MaxPooling2D', className: 'MaxPooling2D', kfnArgs: { poolSize: 3 }, tfjs: () => tfl.layers.maxPooling2d({ poolSize: 3 }), input: f(2, 9, 8, 3) },
  {
    name: 'AveragePooling2D same',
    className: 'AveragePooling2D',
    kfnArgs: { poolSize: 3, strides: 2, padding: 'same' },
    tfjs: () => tfl.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
    input: f(2, 7, 5, 3),
  },
  { name: 'GlobalMaxPooling2D', className: 'GlobalMaxPooling2D', kfnArgs: {}, tfjs: () => tfl.layers.globalMaxPooling2d({}), input: f(2, 5, 4, 3) },
  {
    name: 'Embedding',
    className: 'Embedding',
    kfnArgs: { inputDim: 10, outputDim: 4 },
    tfjs: () => tfl.layers.embedding({ inputDim: 10, outputDim: 4 }),
    input: { shape: [3, 5], kind: 'int', max: 10 },
  },
  {
    name: 'LSTM sigmoid',
    className: 'LSTM',
    kfnArgs: { units: 5, recurrentActivation: 'sigmoid', returnSequences: true },
    tfjs: () => tfl.layers.lstm({ units: 5, recurrentActivation: 'sigmoid', returnSequences: true, recurrentInitializer: 'zeros' }),
    input: f(2, 4, 3),
  },
  {
    name: "LSTM hard_sigmoid (tfjs's definition)",
    className: 'LSTM',
    kfnArgs: { units: 4, recurrentActivation: tfjsHardSigmoid },
    tfjs: () => tfl.layers.lstm({ units: 4, recurrentActivation: 'hardSigmoid', recurrentInitializer: 'zeros' }),
    input: f(2, 5, 3),
  },
];

/**
 * An independent numeric reference: the same layer built in @tensorflow/tfjs-layers 4.22
 * with the same weights, on the same tfjs backend, must give the same output.
 */
export function describeTfjsLayersReference(provider: BackendProvider): void {
  describe('layers equal @tensorflow/tfjs-layers 4.22 with the same weights', () => {
    for (const c of CASES) {
      const Cls = layerClass(c.className);
      (Cls ? it : it.skip)(c.name, async () => {
        clearSession();
        const ops = await useBackend(provider);
        const layer = new (Cls as NonNullable<typeof Cls>)(c.kfnArgs) as Layer<unknown>;
        layer.maybeBuild([null, ...c.input.shape.slice(1)]);
        setDeterministicWeights(layer, 3);
        const data = hostData(c.input, 42);
        const dtype = c.input.kind === 'int' ? 'int32' : 'float32';
        try {
          const got = ops.tidy(() => {
            const y = layer.apply(ops.tensor(data, c.input.shape, dtype)) as Tensor;
            return { shape: [...y.shape], data: ops.readSync(y).slice() };
          });
          const want = tf.tidy(() => {
            const ref = c.tfjs();
            const x = tf.tensor(data, c.input.shape, dtype);
            ref.apply(x); // builds it
            ref.setWeights(layer.weights.map((w) => tf.tensor(w.dataSync(), [...w.shape])));
            const y = ref.apply(x) as tf.Tensor;
            const out = { shape: [...y.shape], data: y.dataSync().slice() as Float32Array };
            ref.dispose();
            return out;
          });
          expectClose(got, want, 1e-5, c.name);
        } finally {
          for (const w of layer.weights) w.dispose();
        }
      });
    }
  });
}
