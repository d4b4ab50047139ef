import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DirectKernels } from './direct-kernel.js';
import { directMatMul } from './mat-mul.js';
import { hostData } from './testing/data.js';

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu'] as const;
const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);

// tfjs-backend-cpu has no KfnMatMul registered here (@kfn/backend-cpu registers its own): both
// backends take the `_FusedMatMul` path, which is what this file checks.
describe.each(['cpu', 'wasm'])('directMatMul on %s', (name) => {
  const setup = async (): Promise<DirectKernels> => {
    await import('./register-gradients.js'); // tfjs-core's Node build registers none
    await tf.setBackend(name);
    await tf.ready();
    return new DirectKernels(tf, name);
  };

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('equals tf.fused.matMul with transposeA=%s, transposeB=%s, bias and every activation', async (transposeA, transposeB) => {
    const kernels = await setup();
    const [m, k, n] = [3, 7, 5];
    const a = tf.tensor(hostData({ shape: [m, k] }, 1).map((v) => v + 1), transposeA ? [k, m] : [m, k]);
    const b = tf.tensor(hostData({ shape: [k, n] }, 2).map((v) => v + 1), transposeB ? [n, k] : [k, n]);
    const bias = tf.tensor(hostData({ shape: [n] }, 3), [n]);
    for (const activation of ACTIVATIONS) {
      const before = tf.memory().numTensors;
      const y = directMatMul(kernels, a, b, { transposeA, transposeB, bias, activation }) as tf.Tensor;
      expect(tf.memory().numTensors).toBe(before + 1);
      const expected = tf.fused.matMul({ a, b, transposeA, transposeB, bias, activation, leakyreluAlpha: 0.2 });
      expect(y.shape).toEqual([m, n]);
      expect(maxDiff(y, expected)).toBeLessThan(1e-5);
      tf.dispose([y, expected]);
    }
    tf.dispose([a, b, bias]);
  });

  it('steps aside (null) where a gradient tape would have to record the product', async () => {
    const kernels = await setup();
    const w = tf.variable(tf.ones([4, 2]));
    const x = tf.ones([1, 4]);
    let direct: tf.Tensor | null = x;
    const { grads } = tf.variableGrads(() => {
      direct = directMatMul(kernels, x, w);
      return tf.sum(tf.matMul(x, w));
    }, [w]);
    expect(direct).toBeNull();
    tf.dispose([w, x, ...Object.values(grads)]);
  });

  it('steps aside for ranks, dtypes and shapes it does not take, so tfjs words the error', async () => {
    const kernels = await setup();
    const ts = [tf.ones([1, 2, 3]), tf.ones([2, 3]), tf.ones([2, 3], 'int32'), tf.ones([4, 2]), tf.ones([3, 2])] as const;
    const [a3, a, ai, bad, b] = ts;
    expect(directMatMul(kernels, a3, b)).toBeNull();
    expect(directMatMul(kernels, ai, b)).toBeNull();
    expect(directMatMul(kernels, a, bad)).toBeNull();
    expect(directMatMul(kernels, a, b, { bias: tf.ones([2, 2]) })).toBeNull();
    tf.dispose([...ts]);
  });
});
