import { KfnConv2D, type KfnConv2DAttrs } from '@kfn/backend-tfjs';
import type { FusableActivation } from '@kfn/graph';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCRATCH_FLOATS, conv2dGeometry, conv2dValues } from './conv2d.js';
import { registerCpuKernels } from './register.js';

type Pair = [number, number];
type Pad = KfnConv2DAttrs['pad'];
type Shape4 = [number, number, number, number];

interface Case {
  x: Shape4;
  filter: Shape4;
  strides?: Pair;
  pad?: Pad;
  dilations?: Pair;
}

function fullAttrs(c: Case, activation: FusableActivation = 'linear', leakyreluAlpha = 0.2): KfnConv2DAttrs {
  return { strides: c.strides ?? [1, 1], pad: c.pad ?? [0, 0, 0, 0], dilations: c.dilations ?? [1, 1], activation, leakyreluAlpha };
}

function run(x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor | undefined, attrs: KfnConv2DAttrs | object): tf.Tensor {
  const inputs: tf.NamedTensorMap = bias ? { x, filter, bias } : { x, filter };
  return tf.engine().runKernel(KfnConv2D, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/**
 * tfjs's own convolution with the same explicit padding. tfjs refuses strides and dilations
 * both above 1, so that case is the stride-1 result sampled every stride-th pixel.
 */
function reference(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | undefined, a: KfnConv2DAttrs): tf.Tensor {
  return tf.tidy(() => {
    const [top, bottom, left, right] = a.pad;
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [top, bottom], [left, right], [0, 0]];
    const both = a.dilations.some((d) => d > 1) && a.strides.some((s) => s > 1);
    const strides: Pair = both ? [1, 1] : a.strides;
    const { activation, leakyreluAlpha } = a;
    const y = tf.fused.conv2d({ x, filter, strides, pad, dataFormat: 'NHWC', dilations: a.dilations, bias, activation, leakyreluAlpha });
    if (!both) return y;
    const [n, h, w, c] = y.shape;
    return tf.stridedSlice(y, [0, 0, 0, 0], [n, h, w, c], [1, a.strides[0], a.strides[1], 1]);
  });
}

/** Equal within 1e-4 relative to each element and to the tensor's scale (long sums cancel). */
function expectAllClose(actual: tf.Tensor | Float32Array, expected: tf.Tensor): void {
  if (!(actual instanceof Float32Array)) {
    expect(actual.shape).toEqual(expected.shape);
    expect(actual.dtype).toBe('float32');
  }
  const x = actual instanceof Float32Array ? actual : actual.dataSync();
  const y = expected.dataSync();
  expect(x.length).toBe(y.length);
  let scale = 1;
  for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]!));
  for (let i = 0; i < y.length; i++) {
    if (!(Math.abs(x[i]! - y[i]!) <= 1e-4 * (Math.abs(y[i]!) + scale))) throw new Error(`element ${i} is ${x[i]}, expected ${y[i]}`);
  }
}

function inputsFor(c: Case, seed: number): [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D] {
  const x = tf.randomUniform(c.x, -1, 1, 'float32', seed) as tf.Tensor4D;
  const filter = tf.randomUniform(c.filter, -1, 1, 'float32', seed + 1) as tf.Tensor4D;
  const bias = tf.randomUniform([c.filter[3]!], -1, 1, 'float32', seed + 2) as tf.Tensor1D;
  return [x, filter, bias];
}

describe('KfnConv2D on cpu', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerCpuKernels(tf);
  });

  const cases: [string, Case][] = [
    ['valid 3×3, c=1', { x: [1, 7, 7, 1], filter: [3, 3, 1, 3] }],
    ['same-like 3×3, c=3, batch 3', { x: [3, 8, 8, 3], filter: [3, 3, 3, 16], pad: [1, 1, 1, 1] }],
    ['valid 3×3, c=16 → 32', { x: [1, 10, 9, 16], filter: [3, 3, 16, 32] }],
    ['stride 2, tfjs-same asymmetric pad, c=16', { x: [1, 9, 10, 16], filter: [3, 3, 16, 8], strides: [2, 2], pad: [1, 1, 0, 1] }],
    ['stride 2 valid 2×2, batch 3', { x: [3, 9, 9, 3], filter: [2, 2, 3, 4], strides: [2, 2] }],
    ['strides [1, 2]', { x: [3, 7, 8, 3], filter: [3, 2, 3, 5], strides: [1, 2], pad: [1, 0, 1, 1] }],
    ['dilation 2, padded', { x: [1, 12, 11, 3], filter: [3, 3, 3, 5], pad: [2, 2, 2, 2], dilations: [2, 2] }],
    ['dilations [2, 3] valid, batch 3', { x: [3, 11, 13, 16], filter: [2, 3, 16, 4], dilations: [2, 3] }],
    ['dilation 2 with stride 2', { x: [1, 13, 13, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: [1, 2, 2, 1], dilations: [2, 2] }],
    ['1×1 stride 1 (x is the matrix)', { x: [3, 5, 6, 16], filter: [1, 1, 16, 7] }],
    ['1×1 stride 1, c=1', { x: [1, 4, 4, 1], filter: [1, 1, 1, 3] }],
    ['1×1 stride 2', { x: [3, 5, 6, 3], filter: [1, 1, 3, 4], strides: [2, 2] }],
    ['1×1 padded', { x: [1, 4, 5, 3], filter: [1, 1, 3, 2], pad: [1, 0, 0, 2] }],
    ['asymmetric pads, c=1', { x: [3, 6, 7, 1], filter: [4, 3, 1, 2], pad: [0, 3, 2, 1] }],
    ['pads wider than the filter (all-zero rows)', { x: [1, 3, 3, 2], filter: [2, 2, 2, 3], pad: [4, 4, 3, 5] }],
    ['filter-gradient shape (big filter)', { x: [4, 14, 14, 8], filter: [12, 12, 8, 6] }],
    ['filter as big as the image', { x: [2, 5, 6, 3], filter: [5, 6, 3, 4] }],
  ];
  cases.forEach(([label, c], i) => {
    it(`equals tfjs's conv2d: ${label}`, () => {
      tf.tidy(() => {
        const [x, filter, bias] = inputsFor(c, 10 * i);
        const attrs = fullAttrs(c);
        expectAllClose(run(x, filter, undefined, attrs), reference(x, filter, undefined, attrs));
        const relu = fullAttrs(c, 'relu');
        expectAllClose(run(x, filter, bias, relu), reference(x, filter, bias, relu));
      });
    });
  });

  for (const activation of ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu'] as FusableActivation[]) {
    it(`applies ${activation} with and without bias as tf.fused.conv2d does`, () => {
      tf.tidy(() => {
        const c: Case = { x: [3, 6, 5, 3], filter: [3, 3, 3, 16], pad: [1, 1, 1, 1] };
        const x = tf.randomUniform(c.x, -2, 2, 'float32', 7) as tf.Tensor4D;
        const filter = tf.randomUniform(c.filter, -1, 1, 'float32', 8) as tf.Tensor4D;
        const bias = tf.randomUniform([16], -3, 3, 'float32', 9) as tf.Tensor1D;
        const attrs = fullAttrs(c, activation, 0.3);
        const withBias = run(x, filter, bias, attrs);
        expectAllClose(withBias, reference(x, filter, bias, attrs));
        expectAllClose(run(x, filter, undefined, attrs), reference(x, filter, undefined, attrs));
        if (activation === 'relu6') expect(tf.max(withBias).dataSync()[0]).toBe(6); // the clip is exercised
      });
    });
  }

  it('splits a large im2col into chunks and matches across their boundaries', () => {
    tf.tidy(() => {
      // 9216 rows of k=144: 1.33M floats, more than one chunk of SCRATCH_FLOATS.
      const c: Case = { x: [4, 48, 48, 16], filter: [3, 3, 16, 8], pad: [1, 1, 1, 1] };
      expect(4 * 48 * 48 * 144).toBeGreaterThan(SCRATCH_FLOATS);
      const [x, filter, bias] = inputsFor(c, 50);
      const attrs = fullAttrs(c, 'elu');
      expectAllClose(run(x, filter, bias, attrs), reference(x, filter, bias, attrs));
    });
  });

  const chunked: [string, Case, number][] = [
    // 3·5·7 = 105 rows (odd: a lone last row), chunks of 4 rows crossing image rows and batches.
    ['4-row chunks', { x: [3, 7, 9, 3], filter: [3, 3, 3, 5], strides: [1, 2], pad: [0, 1, 1, 2] }, 4 * 27 + 3],
    // Rows longer than the scratch budget: still two rows per gemm call.
    ['rows longer than the budget', { x: [3, 9, 9, 8], filter: [7, 7, 8, 4], pad: [1, 0, 0, 1] }, 10],
    ['dilated, 6-row chunks', { x: [2, 9, 9, 2], filter: [2, 3, 2, 3], dilations: [3, 2] }, 6 * 12 + 5],
  ];
  for (const [label, c, scratchFloats] of chunked) {
    it(`matches tfjs with small scratch budgets: ${label}`, () => {
      tf.tidy(() => {
        const [x, filter, bias] = inputsFor(c, 60);
        const attrs = fullAttrs(c, 'leakyrelu');
        const g = conv2dGeometry(x, filter, attrs);
        const out = conv2dValues(x.dataSync() as Float32Array, filter.dataSync() as Float32Array, bias.dataSync() as Float32Array, g, 'leakyrelu', 0.2, scratchFloats);
        expectAllClose(out, reference(x, filter, bias, attrs));
      });
    });
  }

  it('leaves its inputs untouched and allocates only its output', () => {
    const [x, filter, bias] = inputsFor({ x: [2, 6, 6, 3], filter: [3, 3, 3, 4] }, 70);
    const xBefore = Array.from(x.dataSync());
    const filterBefore = Array.from(filter.dataSync());
    const before = tf.memory().numTensors;
    const y = run(x, filter, bias, fullAttrs({ x: x.shape, filter: filter.shape, pad: [1, 1, 1, 1] }, 'relu'));
    expect(y.shape).toEqual([2, 6, 6, 4]);
    expect(tf.memory().numTensors).toBe(before + 1);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(x.dataSync())).toEqual(xBefore);
    expect(Array.from(filter.dataSync())).toEqual(filterBefore);
    tf.dispose([x, filter, bias]);
  });

  it('rejects bad shapes, dtypes and attrs, naming what it received', () => {
    tf.tidy(() => {
      const x = tf.zeros([1, 5, 5, 3]);
      const filter = tf.zeros([3, 3, 3, 4]);
      const ok = fullAttrs({ x: [1, 5, 5, 3], filter: [3, 3, 3, 4] });
      expect(() => run(tf.zeros([5, 5, 3]), filter, undefined, ok)).toThrow(/KfnConv2D: input 'x' must be rank 4 \[n, h, w, c\]. Received: shape=\[5,5,3\]/);
      expect(() => run(x, tf.zeros([3, 3, 4]), undefined, ok)).toThrow(/KfnConv2D: input 'filter' must be rank 4 \[kh, kw, c, oc\]. Received: shape=\[3,3,4\]/);
      expect(() => run(x, tf.zeros([3, 3, 2, 4]), undefined, ok)).toThrow(/KfnConv2D: input 'filter' must have x's 3 input channels .* Received: x=\[1,5,5,3\], filter=\[3,3,2,4\]/);
      expect(() => run(x, tf.zeros([0, 3, 3, 4]), undefined, ok)).toThrow(/KfnConv2D: input 'filter' must be at least 1×1/);
      expect(() => run(tf.zeros([1, 5, 5, 3], 'int32'), filter, undefined, ok)).toThrow(/KfnConv2D: input 'x' must be float32. Received: dtype=int32/);
      expect(() => run(x, tf.zeros([3, 3, 3, 4], 'int32'), undefined, ok)).toThrow(/KfnConv2D: input 'filter' must be float32. Received: dtype=int32/);
      expect(() => run(x, filter, tf.zeros([5]), ok)).toThrow(/KfnConv2D: input 'bias' must be rank 1 of length oc=4. Received: shape=\[5\]/);
      expect(() => run(x, filter, tf.zeros([4], 'int32'), ok)).toThrow(/KfnConv2D: input 'bias' must be float32/);
      expect(() => run(x, filter, undefined, { ...ok, strides: [0, 1] })).toThrow(/KfnConv2D: attr 'strides' must be 2 positive integers \[sh, sw\]. Received: strides=\[0,1\]/);
      expect(() => run(x, filter, undefined, { ...ok, strides: undefined })).toThrow(/attr 'strides' must be .* Received: strides=undefined/);
      expect(() => run(x, filter, undefined, { ...ok, pad: [1, 1, -1, 1] })).toThrow(/KfnConv2D: attr 'pad' must be 4 non-negative integers \[top, bottom, left, right\]. Received: pad=\[1,1,-1,1\]/);
      expect(() => run(x, filter, undefined, { ...ok, pad: [1, 1] })).toThrow(/attr 'pad' must be 4 non-negative integers/);
      expect(() => run(x, filter, undefined, { ...ok, dilations: [1, 1.5] })).toThrow(/KfnConv2D: attr 'dilations' must be 2 positive integers \[dh, dw\]. Received: dilations=\[1,1.5\]/);
      expect(() => run(x, filter, undefined, { ...ok, activation: 'tanh' })).toThrow(/KfnConv2D: activation must be one of .* Received: activation=tanh/);
      expect(() => run(x, filter, undefined, { ...ok, leakyreluAlpha: 'x' })).toThrow(/KfnConv2D: leakyreluAlpha must be a finite number. Received: leakyreluAlpha=x/);
      expect(() => run(x, tf.zeros([6, 3, 3, 4]), undefined, ok)).toThrow(/KfnConv2D: the dilated filter must fit in the padded image .* output 0×3/);
      expect(() => run(x, filter, undefined, { ...ok, dilations: [3, 1] })).toThrow(/output -1×3/);
      expect(() => run(x, filter, undefined, { ...ok, pad: [1, 0, 0, 0], dilations: [3, 1] })).toThrow(/output 0×3/);
      expect(() => run(x, filter, undefined, { ...ok, pad: [1, 1, 0, 0], dilations: [3, 1] })).not.toThrow();
      expect(() => tf.engine().runKernel(KfnConv2D, { filter }, ok as unknown as tf.NamedAttrMap)).toThrow(/KfnConv2D: input 'x' is required/);
    });
  });
});
