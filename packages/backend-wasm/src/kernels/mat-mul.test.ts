import { KfnMatMul, type KfnMatMulAttrs } from '@kfn/backend-tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { matMulConfig } from './mat-mul.js';

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu'] as const;

function run(inputs: tf.NamedTensorMap, attrs: Partial<KfnMatMulAttrs> = {}): tf.Tensor {
  const full: KfnMatMulAttrs = { transposeA: false, transposeB: false, activation: 'linear', leakyreluAlpha: 0.2, ...attrs };
  return tf.engine().runKernel(KfnMatMul, inputs, full as unknown as tf.NamedAttrMap) as tf.Tensor;
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);

describe('KfnMatMul on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    if (tf.getKernel(KfnMatMul, 'wasm') === undefined) tf.registerKernel(matMulConfig);
  });

  for (const [m, k, n] of [[1, 784, 64], [5, 7, 10], [64, 64, 10]] as const) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`equals tf.fused.matMul for m=${m} k=${k} n=${n} transposeA=${transposeA} transposeB=${transposeB}, every activation`, () => {
          const before = tf.memory().numTensors;
          tf.tidy(() => {
            const a = tf.randomUniform(transposeA ? [k, m] : [m, k], -1, 1, 'float32', 1);
            const b = tf.randomUniform(transposeB ? [n, k] : [k, n], -1, 1, 'float32', 2);
            const bias = tf.randomUniform([n], -1, 1, 'float32', 3);
            for (const activation of ACTIVATIONS) {
              const y = run({ a, b, bias }, { transposeA, transposeB, activation });
              expect(y.shape).toEqual([m, n]);
              const expected = tf.fused.matMul({ a, b, bias, transposeA, transposeB, activation, leakyreluAlpha: 0.2 });
              expect(maxDiff(y, expected)).toBeLessThan(1e-5);
            }
            expect(maxDiff(run({ a, b }, { transposeA, transposeB }), tf.matMul(a, b, transposeA, transposeB))).toBeLessThan(1e-5);
          });
          expect(tf.memory().numTensors).toBe(before);
        });
      }
    }
  }

  it('still computes after the wasm memory grows (its heap views are replaced)', () => {
    const a = tf.randomUniform([3, 4], -1, 1, 'float32', 4);
    const b = tf.randomUniform([4, 2], -1, 1, 'float32', 5);
    const first = run({ a, b });
    const heapBytes = (): number => (tf.backend() as unknown as { wasm: { HEAP32: Int32Array } }).wasm.HEAP32.buffer.byteLength;
    const before = heapBytes();
    const big = tf.zeros([before / 4 + 1]); // more than the whole heap: it must grow
    expect(heapBytes()).toBeGreaterThan(before);
    const second = run({ a, b });
    expect(maxDiff(first, second)).toBe(0);
    expect(maxDiff(second, tf.matMul(a, b))).toBeLessThan(1e-6);
    tf.dispose([a, b, first, big, second]);
  });

  it('names what is wrong with its inputs', () => {
    tf.tidy(() => {
      expect(() => run({ a: tf.ones([2, 3]), b: tf.ones([4, 2]) })).toThrow(/KfnMatMul \(wasm\): inner dimensions differ: a gives 3, b gives 4/);
      expect(() => run({ a: tf.ones([1, 2, 3]), b: tf.ones([3, 2]) })).toThrow(/expects rank-2 float32 a and b; received a float32\[1, 2, 3\]/);
      expect(() => run({ a: tf.ones([2, 3]), b: tf.ones([3, 2]), bias: tf.ones([3]) })).toThrow(/expects a bias of shape \[2\]; received \[3\]/);
    });
  });
});
