import { KfnConv2DBackpropFilter, type KfnConv2DBackpropFilterAttrs } from '@kfn/backend-tfjs';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backpropFilterGeometry, conv2dBackpropFilterValues } from './conv2d-backprop-filter.js';
import { SCRATCH_FLOATS } from './im2col.js';
import { registerCpuKernels } from './register.js';

type Pair = [number, number];
type Pad = KfnConv2DBackpropFilterAttrs['pad'];
type Shape4 = [number, number, number, number];

interface Case {
  x: Shape4;
  filter: Shape4;
  strides?: Pair;
  pad?: Pad;
  dilations?: Pair;
}

function outSize(size: number, before: number, after: number, kernel: number, dilation: number, stride: number): number {
  return Math.floor((size + before + after - dilation * (kernel - 1) - 1) / stride) + 1;
}

function attrsOf(c: Case): KfnConv2DBackpropFilterAttrs {
  return { strides: c.strides ?? [1, 1], pad: c.pad ?? [0, 0, 0, 0], dilations: c.dilations ?? [1, 1], filterShape: c.filter };
}

function dyShape(c: Case): Shape4 {
  const { strides, pad, dilations } = attrsOf(c);
  const [n, h, w] = c.x;
  const [kh, kw, , oc] = c.filter;
  return [n, outSize(h, pad[0], pad[1], kh, dilations[0], strides[0]), outSize(w, pad[2], pad[3], kw, dilations[1], strides[1]), oc];
}

function run(x: tf.Tensor, dy: tf.Tensor, attrs: KfnConv2DBackpropFilterAttrs | object): tf.Tensor {
  return tf.engine().runKernel(KfnConv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function inputsFor(c: Case, seed: number): [tf.Tensor4D, tf.Tensor4D] {
  const x = tf.randomUniform(c.x, -1, 1, 'float32', seed) as tf.Tensor4D;
  const dy = tf.randomUniform(dyShape(c), -1, 1, 'float32', seed + 1) as tf.Tensor4D;
  return [x, dy];
}

/**
 * The definition as a float64 loop: dfilter[ky, kx, ch, o] = Σ x[b, iy, ix, ch] · dy[b, oy, ox, o].
 * With `only`, just those flat output indices (the rest stay 0), for shapes too big to loop over whole.
 */
function naive(x: tf.Tensor4D, dy: tf.Tensor4D, a: KfnConv2DBackpropFilterAttrs, only?: number[]): Float64Array {
  const xs = x.dataSync();
  const ds = dy.dataSync();
  const [n, h, w, c] = x.shape;
  const [, oh, ow, oc] = dy.shape;
  const [kh, kw] = a.filterShape;
  const out = new Float64Array(kh * kw * c * oc);
  const indices = only ?? Array.from(out.keys());
  for (const index of indices) {
    const o = index % oc;
    const ch = Math.floor(index / oc) % c;
    const kx = Math.floor(index / (oc * c)) % kw;
    const ky = Math.floor(index / (oc * c * kw));
    let sum = 0;
    for (let b = 0; b < n; b++) {
      for (let oy = 0; oy < oh; oy++) {
        const iy = oy * a.strides[0] - a.pad[0] + ky * a.dilations[0];
        if (iy < 0 || iy >= h) continue;
        for (let ox = 0; ox < ow; ox++) {
          const ix = ox * a.strides[1] - a.pad[2] + kx * a.dilations[1];
          if (ix < 0 || ix >= w) continue;
          sum += xs[((b * h + iy) * w + ix) * c + ch]! * ds[((b * oh + oy) * ow + ox) * oc + o]!;
        }
      }
    }
    out[index] = sum;
  }
  return out;
}

/** tfjs's own filter gradient of conv2d with the same explicit padding (dilations 1 only: tfjs refuses others). */
function tfjsGradient(x: tf.Tensor4D, dy: tf.Tensor4D, a: KfnConv2DBackpropFilterAttrs): tf.Tensor {
  return tf.tidy(() => {
    const [top, bottom, left, right] = a.pad;
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [top, bottom], [left, right], [0, 0]];
    const filter = tf.zeros(a.filterShape) as tf.Tensor4D;
    return tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, f as tf.Tensor4D, a.strides, pad, 'NHWC', a.dilations), dy)))(filter);
  });
}

/** Equal within 1e-4 relative to each element and to the tensor's scale (long sums cancel). */
function expectAllClose(actual: tf.Tensor | Float32Array, expected: tf.Tensor | Float64Array, only?: number[]): void {
  if (!(actual instanceof Float32Array) && !(expected instanceof Float64Array)) {
    expect(actual.shape).toEqual(expected.shape);
  }
  if (!(actual instanceof Float32Array)) expect(actual.dtype).toBe('float32');
  const x = actual instanceof Float32Array ? actual : actual.dataSync();
  const y = expected instanceof Float64Array ? expected : expected.dataSync();
  expect(x.length).toBe(y.length);
  const indices = only ?? Array.from(y.keys());
  let scale = 1;
  for (const i of indices) scale = Math.max(scale, Math.abs(y[i]!));
  for (const i of indices) {
    if (!(Math.abs(x[i]! - y[i]!) <= 1e-4 * (Math.abs(y[i]!) + scale))) throw new Error(`element ${i} is ${x[i]}, expected ${y[i]}`);
  }
}

describe('KfnConv2DBackpropFilter on cpu', () => {
  beforeAll(async () => {
    await import('@kfn/backend-tfjs/register-gradients'); // tfjs-core's Node build registers none
    await tf.setBackend('cpu');
    registerCpuKernels(tf);
  });

  const cases: [string, Case][] = [
    ['valid 3×3, c=1', { x: [1, 7, 7, 1], filter: [3, 3, 1, 3] }],
    ['same-like 3×3, c=3, batch 3', { x: [3, 8, 8, 3], filter: [3, 3, 3, 16], pad: [1, 1, 1, 1] }],
    ['valid 3×3, c=16 → 32', { x: [1, 10, 9, 16], filter: [3, 3, 16, 32] }],
    ['stride 2, tfjs-same asymmetric pad, c=16', { x: [1, 9, 10, 16], filter: [3, 3, 16, 8], strides: [2, 2], pad: [1, 1, 0, 1] }],
    ['stride 2 valid 2×2, batch 3 (last row and column unused)', { x: [3, 9, 9, 3], filter: [2, 2, 3, 4], strides: [2, 2] }],
    ['strides [1, 2]', { x: [3, 7, 8, 3], filter: [3, 2, 3, 5], strides: [1, 2], pad: [1, 0, 1, 1] }],
    ['asymmetric pads, c=1, batch 3', { x: [3, 6, 7, 1], filter: [4, 3, 1, 2], pad: [0, 3, 2, 1] }],
    ['1×1 stride 1 (x is the matrix), batch 3', { x: [3, 5, 6, 16], filter: [1, 1, 16, 7] }],
    ['1×1 stride 1, c=1', { x: [1, 4, 4, 1], filter: [1, 1, 1, 3] }],
    ['1×1 stride 2', { x: [3, 5, 6, 3], filter: [1, 1, 3, 4], strides: [2, 2] }],
    ['1×1 padded', { x: [1, 4, 5, 3], filter: [1, 1, 3, 2], pad: [1, 0, 0, 2] }],
    ['pads wider than the filter (all-zero rows)', { x: [1, 3, 3, 2], filter: [2, 2, 2, 3], pad: [4, 4, 3, 5] }],
    ['filter as big as the image', { x: [2, 5, 6, 3], filter: [5, 6, 3, 4] }],
  ];
  cases.forEach(([label, c], i) => {
    it(`equals tfjs's conv2d gradient and the definition: ${label}`, () => {
      tf.tidy(() => {
        const [x, dy] = inputsFor(c, 10 * i);
        const attrs = attrsOf(c);
        const ours = run(x, dy, attrs);
        expect(ours.shape).toEqual(c.filter);
        expectAllClose(ours, tfjsGradient(x, dy, attrs));
        expectAllClose(ours, naive(x, dy, attrs));
      });
    });
  });

  // tfjs's conv2d gradient refuses dilations above 1: the definition is the reference.
  const dilated: [string, Case][] = [
    ['dilation 2, padded, c=3', { x: [1, 12, 11, 3], filter: [3, 3, 3, 5], pad: [2, 2, 2, 2], dilations: [2, 2] }],
    ['dilations [2, 3] valid, c=16, batch 3', { x: [3, 11, 13, 16], filter: [2, 3, 16, 4], dilations: [2, 3] }],
    ['dilation 2 with stride 2, asymmetric pad', { x: [1, 13, 13, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: [1, 2, 2, 1], dilations: [2, 2] }],
    ['dilations [3, 1] with strides [1, 2], batch 3, c=1', { x: [3, 10, 11, 1], filter: [2, 3, 1, 6], strides: [1, 2], pad: [0, 1, 1, 0], dilations: [3, 1] }],
  ];
  dilated.forEach(([label, c], i) => {
    it(`equals the definition: ${label}`, () => {
      tf.tidy(() => {
        const [x, dy] = inputsFor(c, 200 + 10 * i);
        const attrs = attrsOf(c);
        expectAllClose(run(x, dy, attrs), naive(x, dy, attrs));
      });
    });
  });

  it("handles the autoencoder's big shape (x [32,26,26,16], 3×3 → 32) in several chunks", () => {
    tf.tidy(() => {
      const c: Case = { x: [32, 26, 26, 16], filter: [3, 3, 16, 32] };
      expect(32 * 24 * 24 * 144).toBeGreaterThan(4 * SCRATCH_FLOATS);
      const [x, dy] = inputsFor(c, 300);
      const attrs = attrsOf(c);
      const ours = run(x, dy, attrs);
      expect(ours.shape).toEqual(c.filter);
      // tfjs's own kernel takes ~13 s here: the definition on every 7th element instead
      // (7 is prime to 32, 16 and 3, so every ky, kx, ch and o is hit).
      const only = Array.from({ length: Math.ceil((9 * 16 * 32) / 7) }, (_, j) => 7 * j);
      expectAllClose(ours.dataSync() as Float32Array, naive(x, dy, attrs, only), only);
    });
  }, 60_000);

  it("equals tfjs's Conv2DBackpropFilter kernel on the big shape at batch 1", () => {
    tf.tidy(() => {
      const c: Case = { x: [1, 26, 26, 16], filter: [3, 3, 16, 32] };
      const [x, dy] = inputsFor(c, 310);
      const tfjsAttrs = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: c.filter };
      expectAllClose(run(x, dy, attrsOf(c)), tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, tfjsAttrs) as tf.Tensor);
    });
  }, 60_000);

  const chunked: [string, Case, number][] = [
    // 3·7·3 = 63 rows, chunks of 4 rows crossing image rows and batches; k = 27.
    ['4-row chunks', { x: [3, 7, 9, 3], filter: [3, 3, 3, 5], strides: [1, 2], pad: [0, 1, 1, 2] }, 4 * 27 + 3],
    // Rows longer than the scratch budget: one row per gemm call.
    ['rows longer than the budget', { x: [3, 9, 9, 8], filter: [7, 7, 8, 4], pad: [1, 0, 0, 1] }, 10],
    ['dilated, 5-row chunks', { x: [2, 9, 9, 2], filter: [2, 3, 2, 3], dilations: [3, 2] }, 5 * 12 + 5],
    ['1×1 identity, 7-row chunks', { x: [3, 5, 6, 4], filter: [1, 1, 4, 3] }, 7 * 4],
  ];
  for (const [label, c, scratchFloats] of chunked) {
    it(`matches the definition with small scratch budgets: ${label}`, () => {
      tf.tidy(() => {
        const [x, dy] = inputsFor(c, 60);
        const attrs = attrsOf(c);
        const g = backpropFilterGeometry(x, dy, attrs);
        const out = conv2dBackpropFilterValues(x.dataSync() as Float32Array, dy.dataSync() as Float32Array, g, scratchFloats);
        expectAllClose(out, naive(x, dy, attrs));
      });
    });
  }

  it('leaves its inputs untouched and allocates only its output', () => {
    const c: Case = { x: [2, 6, 6, 3], filter: [3, 3, 3, 4], pad: [1, 1, 1, 1] };
    const [x, dy] = inputsFor(c, 70);
    const xBefore = Array.from(x.dataSync());
    const dyBefore = Array.from(dy.dataSync());
    const before = tf.memory().numTensors;
    const dfilter = run(x, dy, attrsOf(c));
    expect(dfilter.shape).toEqual([3, 3, 3, 4]);
    expect(tf.memory().numTensors).toBe(before + 1);
    dfilter.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(x.dataSync())).toEqual(xBefore);
    expect(Array.from(dy.dataSync())).toEqual(dyBefore);
    tf.dispose([x, dy]);
  });

  it('rejects bad shapes, dtypes and attrs, naming what it received', () => {
    tf.tidy(() => {
      const x = tf.zeros([2, 5, 5, 3]);
      const dy = tf.zeros([2, 3, 3, 4]);
      const ok = attrsOf({ x: [2, 5, 5, 3], filter: [3, 3, 3, 4] });
      const K = 'KfnConv2DBackpropFilter';
      expect(() => run(tf.zeros([5, 5, 3]), dy, ok)).toThrow(new RegExp(`${K}: input 'x' must be rank 4 \\[n, h, w, c\\]. Received: shape=\\[5,5,3\\]`));
      expect(() => run(x, tf.zeros([2, 3, 3, 4, 1]), ok)).toThrow(new RegExp(`${K}: input 'dy' must be rank 4 \\[n, oh, ow, oc\\]. Received: shape=\\[2,3,3,4,1\\]`));
      expect(() => run(tf.zeros([2, 5, 5, 3], 'int32'), dy, ok)).toThrow(new RegExp(`${K}: input 'x' must be float32. Received: dtype=int32`));
      expect(() => run(x, tf.zeros([2, 3, 3, 4], 'int32'), ok)).toThrow(new RegExp(`${K}: input 'dy' must be float32. Received: dtype=int32`));
      expect(() => run(x, tf.zeros([1, 3, 3, 4]), ok)).toThrow(new RegExp(`${K}: input 'dy' must have x's batch size 2. Received: x=\\[2,5,5,3\\], dy=\\[1,3,3,4\\]`));
      expect(() => run(x, tf.zeros([2, 3, 3, 5]), ok)).toThrow(new RegExp(`${K}: input 'dy' must have filterShape's 4 output channels`));
      expect(() => run(x, dy, { ...ok, filterShape: [3, 3, 2, 4] })).toThrow(new RegExp(`${K}: attr 'filterShape' must have x's 3 input channels .* filterShape=\\[3,3,2,4\\]`));
      expect(() => run(x, tf.zeros([2, 3, 4, 4]), ok)).toThrow(new RegExp(`${K}: input 'dy' must have the forward convolution's output size 3×3 .* dy=\\[2,3,4,4\\]`));
      expect(() => run(x, dy, { ...ok, pad: [1, 1, 1, 1] })).toThrow(/output size 5×5/);
      expect(() => run(x, dy, { ...ok, strides: [2, 2] })).toThrow(/output size 2×2/);
      expect(() => run(x, dy, { ...ok, filterShape: [6, 3, 3, 4] })).toThrow(/output size 0×3 \(at least 1×1\)/);
      expect(() => run(x, dy, { ...ok, filterShape: [0, 3, 3, 4] })).toThrow(new RegExp(`${K}: attr 'filterShape' must be 4 positive integers \\[kh, kw, c, oc\\]. Received: filterShape=\\[0,3,3,4\\]`));
      expect(() => run(x, dy, { ...ok, filterShape: undefined })).toThrow(/attr 'filterShape' must be .* Received: filterShape=undefined/);
      expect(() => run(x, dy, { ...ok, strides: [0, 1] })).toThrow(new RegExp(`${K}: attr 'strides' must be 2 positive integers \\[sh, sw\\]. Received: strides=\\[0,1\\]`));
      expect(() => run(x, dy, { ...ok, pad: [1, 1, -1, 1] })).toThrow(new RegExp(`${K}: attr 'pad' must be 4 non-negative integers \\[top, bottom, left, right\\]. Received: pad=\\[1,1,-1,1\\]`));
      expect(() => run(x, dy, { ...ok, pad: 'valid' })).toThrow(/attr 'pad' must be 4 non-negative integers .* Received: pad="valid"/);
      expect(() => run(x, dy, { ...ok, dilations: [1, 1.5] })).toThrow(new RegExp(`${K}: attr 'dilations' must be 2 positive integers \\[dh, dw\\]. Received: dilations=\\[1,1.5\\]`));
      expect(() => tf.engine().runKernel(KfnConv2DBackpropFilter, { x }, ok as unknown as tf.NamedAttrMap)).toThrow(new RegExp(`${K}: input 'dy' is required`));
    });
  });
});
