import type * as tfc from '@tensorflow/tfjs-core';
import type { FusableActivation, Padding } from '@kfn/graph';
import { conv2d, directConv2dBackpropFilter, type ConvPad } from '../conv2d.js';
import { activationGrad, applyActivation, columnSums, customOp, matMulTA, type GradContext } from './custom-op.js';
import { windowTaps, type Window } from './im2col.js';
import { flippedFilter, padOrCrop, transposedConvAsConv, transposedConvInput } from './transposed-conv.js';

type T = tfc.Tensor;
type Pair = [number, number];
export type { ConvPad };

/** The window of a stride/padding convolution of `x` by a `[kh, kw, …]` filter. */
function convWindow(ctx: GradContext, xShape: number[], filterShape: number[], strides: Pair, pad: ConvPad, dilations: Pair): Window {
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
 * The filter gradient of `conv2d(x, filter)` given `dy` `[b, oh, ow, co]`. tfjs-backend-cpu's
 * Conv2DBackpropFilter loops at about 12 MFLOP/s; tfjs-backend-wasm 4.22 has none. It is
 * itself a convolution, with batch and channels swapped: `x` as `[ci, h, w, b]` convolved
 * with `dy` as a `[oh, ow, b, co]` filter gives `[ci, kh, kw, co]` (the forward stride
 * becomes the dilation, the dilation the stride), on the backend's fast Conv2D kernel.
 * tfjs cannot convolve with both strides and dilations: then im2col and one matMul.
 */
export function convFilterGrad(ctx: GradContext, x: T, dy: T, filterShape: number[], win: Window): T {
  const { tf } = ctx;
  const direct = directConv2dBackpropFilter(ctx.kernels, x, dy, filterShape, win);
  if (direct !== null) return direct;
  const [b, oh, ow, co] = dy.shape as [number, number, number, number];
  const strided = win.strides[0] !== 1 || win.strides[1] !== 1;
  const dilated = win.dilations[0] !== 1 || win.dilations[1] !== 1;
  if (!(strided && dilated)) {
    const [, h, w] = x.shape as [number, number, number, number];
    const spanH = (win.size[0] - 1) * win.dilations[0] + (oh - 1) * win.strides[0] + 1;
    const spanW = (win.size[1] - 1) * win.dilations[1] + (ow - 1) * win.strides[1] + 1;
    const image = padOrCrop(tf, x, win.top, spanH - win.top - h, win.left, spanW - win.left - w);
    const grad = conv2d(ctx.kernels, tf, tf.transpose(image, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), {
      strides: win.dilations as Pair,
      pad: 'valid',
      dilations: win.strides as Pair,
    });
    return tf.transpose(grad, [1, 2, 0, 3]);
  }
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
  pad: ConvPad,
  dilations: Pair,
): T {
  const { tf } = ctx;
  const fused = ctx.fuseActivations ? activation : 'linear';
  const run = () => {
    const z = conv2d(ctx.kernels, tf, x, filter, { strides, pad, dilations, bias, activation: fused });
    return fused === activation ? z : applyActivation(tf, z, activation);
  };
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
        () =>
          ctx.transposedConvAsConv
            ? transposedConvAsConv(ctx, dz, f0, x0.shape, strides, pad)
            : tf.conv2dTranspose(dz, f0, x0.shape, strides, pad),
        () => convFilterGrad(ctx, x0, dz, f0.shape, convWindow(ctx, x0.shape, f0.shape, strides, pad, dilations)),
        // Per channel: tfjs-backend-cpu's Sum over three axes takes 18 ms for [32, 26, 26, 16], this 0.2 ms.
        bias ? () => columnSums(ctx, tf.reshape(dz, [-1, dz.shape[3]])) : null,
      ];
    },
  );
}

/**
 * `conv2dTranspose(x, filter)` with filter `[kh, kw, out, in]`, with its own backward pass:
 * it is the input gradient of a convolution, so the input gradient is that convolution
 * (`conv2d(dy, filter)`) and the filter gradient is `convFilterGrad` with the roles of
 * image and output gradient swapped (`dy` the image, `x` the gradient). Where transposed
 * convolutions run as convolutions, it is `conv2dWithGrad` of the spaced, padded input and the
 * flipped filter, differentiated through both.
 */
export function conv2dTransposeWithGrad(
  ctx: GradContext,
  x: tfc.Tensor4D,
  filter: tfc.Tensor4D,
  bias: T | null,
  activation: FusableActivation,
  outputShape: [number, number, number, number],
  strides: Pair,
  pad: Padding,
): T {
  const { tf } = ctx;
  if (ctx.transposedConvAsConv) {
    const { input, pad: inputPad } = transposedConvInput(tf, x, filter.shape, outputShape, strides, pad);
    return conv2dWithGrad(ctx, input as tfc.Tensor4D, flippedFilter(tf, filter), bias, activation, [1, 1], inputPad, [1, 1]);
  }
  const y = transposedConvWithGrad(ctx, x, filter, outputShape, strides, pad);
  // The bias and activation on tfjs's ops here: their gradients are tfjs's.
  return applyActivation(tf, bias ? tf.add(y, bias) : y, activation);
}

function transposedConvWithGrad(ctx: GradContext, x: tfc.Tensor4D, filter: tfc.Tensor4D, outputShape: [number, number, number, number], strides: Pair, pad: Padding): T {
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
        () => conv2d(ctx.kernels, tf, dy0, f0, { strides, pad }),
        () => convFilterGrad(ctx, dy0, x0, f0.shape, convWindow(ctx, dy0.shape, f0.shape, strides, pad, [1, 1])),
      ];
    },
  );
}
