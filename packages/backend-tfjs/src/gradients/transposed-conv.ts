import type * as tfc from '@tensorflow/tfjs-core';
import type { Padding } from '@kfn/graph';
import { conv2d } from '../conv2d.js';
import type { TfjsCore } from '../tfjs-backend.js';
import type { GradContext } from './custom-op.js';

type T = tfc.Tensor;
type Pair = [number, number];
type Shape4 = [number, number, number, number];

/** `x` `[b, h, w, c]` with `s - 1` zeros between neighbours along axis 1 (rows) or 2 (columns). */
function spread(tf: TfjsCore, x: T, axis: 1 | 2, s: number): T {
  if (s === 1) return x;
  const [b, h, w, c] = x.shape as Shape4;
  if (axis === 1) {
    const z = tf.pad(tf.reshape(x, [b, h, 1, w * c]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]);
    return tf.slice(tf.reshape(z, [b, h * s, w, c]), [0, 0, 0, 0], [b, (h - 1) * s + 1, w, c]);
  }
  const z = tf.pad(tf.reshape(x, [b * h, w, 1, c]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]);
  return tf.slice(tf.reshape(z, [b, h, w * s, c]), [0, 0, 0, 0], [b, h, (w - 1) * s + 1, c]);
}

/** Pads (or crops, where negative) rows and columns of `x` before and after. */
export function padOrCrop(tf: TfjsCore, x: T, top: number, bottom: number, left: number, right: number): T {
  const pads: [number, number][] = [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]];
  const padded = pads.some(([a, b]) => a > 0 || b > 0) ? tf.pad(x, pads) : x;
  if (top >= 0 && bottom >= 0 && left >= 0 && right >= 0) return padded;
  const [b, h, w, c] = padded.shape as Shape4;
  const t0 = Math.max(0, -top);
  const l0 = Math.max(0, -left);
  return tf.slice(padded, [0, t0, l0, 0], [b, h - t0 - Math.max(0, -bottom), w - l0 - Math.max(0, -right), c]);
}

type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

/**
 * The input and padding of the stride-1 convolution that equals `conv2dTranspose(x, filter,
 * outputShape, strides, pad)`: `x` with `stride - 1` zeros between pixels, padded by
 * `k - 1 - top` before and what makes the output `outputShape` after. The padding is left to
 * the convolution (explicit padding) when no side needs cropping: no pad kernel, and no
 * slice in its gradient.
 */
export function transposedConvInput(
  tf: TfjsCore,
  x: T,
  filterShape: number[],
  outputShape: Shape4,
  strides: Pair,
  pad: Padding | ExplicitPad,
): { input: T; pad: 'valid' | ExplicitPad } {
  const [kh, kw] = filterShape as Shape4;
  const info = tf.backend_util.computeConv2DInfo(outputShape, filterShape as Shape4, strides, 1, pad);
  const spaced = spread(tf, spread(tf, x, 1, strides[0]), 2, strides[1]);
  const [, hs, ws] = spaced.shape as Shape4;
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  const bottom = outputShape[1] + kh - 1 - top - hs;
  const right = outputShape[2] + kw - 1 - left - ws;
  if (top >= 0 && bottom >= 0 && left >= 0 && right >= 0) {
    return { input: spaced, pad: [[0, 0], [top, bottom], [left, right], [0, 0]] };
  }
  return { input: padOrCrop(tf, spaced, top, bottom, left, right), pad: 'valid' };
}

/** A conv-transpose filter `[kh, kw, out, in]` as the equivalent convolution's `[kh, kw, in, out]`, flipped. */
export function flippedFilter(tf: TfjsCore, filter: T): tfc.Tensor4D {
  return tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tfc.Tensor4D;
}

/** `conv2dTranspose` (Conv2DBackpropInput) computed as a stride-1 convolution. */
export function transposedConvAsConv(ctx: GradContext, x: T, filter: T, outputShape: Shape4, strides: Pair, pad: Padding | ExplicitPad): tfc.Tensor4D {
  const { tf } = ctx;
  const { input, pad: inputPad } = transposedConvInput(tf, x, filter.shape, outputShape, strides, pad);
  return conv2d(ctx.kernels, tf, input, flippedFilter(tf, filter), { pad: inputPad });
}
