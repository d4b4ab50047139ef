import { KfnMatMul, type KfnMatMulAttrs } from '@kfn/backend-tfjs';
import type { FusableActivation } from '@kfn/graph';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuKernels } from './register.js';

type TfActivation = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'elu' | 'leakyrelu';

function run(a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor | undefined, attrs: Partial<KfnMatMulAttrs>): tf.Tensor {
  const full: KfnMatMulAttrs = { transposeA: false, transposeB: false, activation: 'linear', leakyreluAlpha: 0.2, ...attrs };
  const inputs: tf.NamedTensorMap = bias ? { a, b, bias } : { a, b };
  return tf.engine().runKernel(KfnMatMul, inputs, full as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function expectAllClose(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe('float32');
  const x = actual.dataSync();
  const y = expected.dataSync();
  for (let i = 0; i < y.length; i++) {
    if (Math.abs(x[i]! - y[i]!) > 1e-5 * Math.max(1, Math.abs(y[i]!))) {
      throw new Error(`element ${i} is ${x[i]}, expected ${y[i]}`);
    }
  }
}

describe('KfnMatMul on cpu', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerCpuKernels(tf);
  });

  const shapes: [number, number, number][] = [[1, 784, 64], [5, 7, 10], [64, 64, 10], [3, 785, 65]];
  for (const [m, k, n] of shapes) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`equals tf.fused.matMul for m=${m} k=${k} n=${n} transposeA=${transposeA} transposeB=${transposeB}`, () => {
          tf.tidy(() => {
            const a = tf.randomUniform(transposeA ? [k, m] : [m, k], -1, 1, 'float32', 1);
            const b = tf.randomUniform(transposeB ? [n, k] : [k, n], -1, 1, 'float32', 2);
            const bias = tf.randomUniform([n], -1, 1, 'float32', 3);
            const expected = tf.fused.matMul({ a, b, bias, transposeA, transposeB, activation: 'relu' });
            expectAllClose(run(a, b, bias, { transposeA, transposeB, activation: 'relu' }), expected);
            expectAllClose(run(a, b, undefined, { transposeA, transposeB }), tf.matMul(a, b, transposeA, transposeB));
          });
        });
      }
    }
  }

  for (const activation of ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu'] as FusableActivation[]) {
    it(`applies ${activation} as tf.fused.matMul does`, () => {
      tf.tidy(() => {
        const a = tf.randomUniform([6, 9], -3, 3, 'float32', 4);
        const b = tf.randomUniform([9, 11], -3, 3, 'float32', 5);
        const bias = tf.randomUniform([11], -1, 1, 'float32', 6);
        const expected = tf.fused.matMul({ a, b, bias, activation: activation as TfActivation, leakyreluAlpha: 0.3 });
        expectAllClose(run(a, b, bias, { activation, leakyreluAlpha: 0.3 }), expected);
      });
    });
  }

  it('allocates only its output', () => {
    const a = tf.ones([4, 3]);
    const b = tf.ones([3, 2]);
    const before = tf.memory().numTensors;
    const out = run(a, b, undefined, {});
    expect(Array.from(out.dataSync())).toEqual([3, 3, 3, 3, 3, 3, 3, 3]);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });

  it('does not modify its inputs', () => {
    tf.tidy(() => {
      const a = tf.tensor2d([[1, 2], [3, 4]]);
      const b = tf.tensor2d([[5, 6], [7, 8]]);
      run(a, b, tf.tensor1d([1, 1]), { activation: 'relu' });
      expect(Array.from(a.dataSync())).toEqual([1, 2, 3, 4]);
      expect(Array.from(b.dataSync())).toEqual([5, 6, 7, 8]);
    });
  });

  it('rejects bad inputs with errors naming the kernel and what it received', () => {
    tf.tidy(() => {
      const a = tf.zeros([2, 3]);
      expect(() => run(a, tf.zeros([4, 2]), undefined, {})).toThrow(/KfnMatMul: inner dimensions must agree.*a=\[2,3\].*has 3.*b=\[4,2\].*has 4/);
      expect(() => run(tf.zeros([2, 3, 1]), tf.zeros([3, 2]), undefined, {})).toThrow(/KfnMatMul: input 'a' must be rank 2. Received: shape=\[2,3,1\]/);
      expect(() => run(a, tf.zeros([3]), undefined, {})).toThrow(/KfnMatMul: input 'b' must be rank 2/);
      expect(() => run(a, tf.zeros([3, 2]), tf.zeros([3]), {})).toThrow(/KfnMatMul: input 'bias' must be rank 1 of length n=2. Received: shape=\[3\]/);
      expect(() => run(a, tf.zeros([3, 2]), tf.zeros([1, 2]), {})).toThrow(/'bias' must be rank 1/);
      expect(() => run(a, tf.zeros([3, 2], 'int32'), undefined, {})).toThrow(/KfnMatMul: input 'b' must be float32. Received: dtype=int32/);
      expect(() => run(a, tf.zeros([3, 2]), undefined, { activation: 'tanh' as FusableActivation })).toThrow(/KfnMatMul: activation must be one of .* Received: activation=tanh/);
    });
  });
});
