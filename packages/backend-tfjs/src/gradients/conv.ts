import type * as tfc from '@tensorflow/tfjs-core';
import type { FusableActivation, Padding } from '@kfn/graph';
import { activationGrad, customOp, matMulTA, type GradContext } from './custom-op.js';
import { windowTaps, type Window } from './im2col.js';

type T = tfc.Tensor;
type Pair = [number, number];

/** The window of a stride/padding convolution of `x` by a `[kh, kw, …]` filter. */
function convWindow(ctx: GradContext, xShape: number[], filterShape: number[], strides: Pair, pad: Padding, dilations: Pair): Window {
  const info = ctx.tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations,
    pad,
  );
  return {
    size: [filterShape[0] as number, filterShape[1] as number],
    strides,
    dilations,
    top: info.padInfo.top,
    left: info.padInfo.left,
    out: [info.outHeight, info.outWidth],
  };
}

/**
 * The filter gradient of `conv2d(x, filter)` given `dy` `[b, oh, ow, co]`, as im2col and one
 * matMul: the window's taps over `x` side by side (`[b·oh·ow, kh·kw·ci]`), transposed, times
 * `dy` (`[b·oh·ow, co]`). tfjs-backend-cpu's Conv2DBackpropFilter loops at about 12 MFLOP/s
 * where its matMul reaches 0.87 GFLOP/s; tfjs-backend-wasm 4.22 has no such kernel.
 */
export function convFilterGrad(ctx: GradContext, x: T, dy: T, filterShape: number[], win: Window): T {
  const { tf } = ctx;
  const [b, oh, ow, co] = dy.shape as [number, number, number, number];
  const taps = windowTaps(tf, x, { ...win, out: [oh, ow] });
  const cols = taps.length === 1 ? (taps[0] as T) : tf.concat(taps, 3);
  const k = cols.shape[3] as number;
  const grad = matMulTA(ctx, tf.reshape(cols, [b * oh * ow, k]), tf.reshape(dy, [b * oh * ow, co]));
  return tf.reshape(grad, filterShape);
}

/**
 * `activation(conv2d(x, filter) + bias)` (NHWC) with its own backward pass: the input
 * gradient is tfjs's Conv2DBackpropInput (`conv2dTranspose`, which every backend has), the
 * filter gradient `convFilterGrad`. Dilated convolutions keep tfjs's own gradient (which
 * reports that it does not support them).
 */
export function conv2dWithGrad(
  ctx: GradContext,
  x: tfc.Tensor4D,
  filter: tfc.Tensor4D,
  bias: T | null,
  activation: FusableActivation,
  strides: Pair,
  pad: Padding,
  dilations: Pair,
): T {
  const { tf } = ctx;
  const run = () => tf.fused.conv2d({ x, filter, strides, pad, dataFormat: 'NHWC', dilations, bias: bias ?? undefined, activation });
  if (dilations[0] !== 1 || dilations[1] !== 1) return run();
  return customOp(
    ctx,
    'kfnConv2D',
    [x, filter, bias],
    (save) => {
      const y = run();
      save(activation === 'linear' ? [x, filter] : [x, filter, y]);
      return y;
    },
    (dy, [xs, fs, y]) => {
      const dz = activationGrad(tf, dy, y, activation) as tfc.Tensor4D;
      const x0 = xs as tfc.Tensor4D;
      const f0 = fs as tfc.Tensor4D;
      return [
        () => tf.conv2dTranspose(dz, f0, x0.shape, strides, pad),
        () => convFilterGrad(ctx, x0, dz, f0.shape, convWindow(ctx, x0.shape, f0.shape, strides, pad, dilations)),
        bias ? () => tf.sum(dz, [0, 1, 2]) : null,
      ];
    },
  );
}

/**
 * `conv2dTranspose(x, filter)` with filter `[kh, kw, out, in]`, with its own backward pass:
 * it is the input gradient of a convolution, so the input gradient is that convolution
 * (`conv2d(dy, filter)`) and the filter gradient is `convFilterGrad` with the roles of
 * image and output gradient swapped (`dy` the image, `x` the gradient).
 */
export function conv2dTransposeWithGrad(ctx: GradContext, x: tfc.Tensor4D, filter: tfc.Tensor4D, outputShape: [number, number, number, number], strides: Pair, pad: Padding): T {
  const { tf } = ctx;
  return customOp(
    ctx,
    'kfnConv2DTranspose',
    [x, filter],
    (save) => {
      save([x, filter]);
      return tf.conv2dTranspose(x, filter, outputShape, strides, pad);
    },
    (dy, [xs, fs]) => {
      const dy0 = dy as tfc.Tensor4D;
      const x0 = xs as tfc.Tensor4D;
      const f0 = fs as tfc.Tensor4D;
      return [
        () => tf.conv2d(dy0, f0, strides, pad),
        () => convFilterGrad(ctx, dy0, x0, f0.shape, convWindow(ctx, dy0.shape, f0.shape, strides, pad, [1, 1])),
      ];
    },
  );
}
