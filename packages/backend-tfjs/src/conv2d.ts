import type * as tfc from '@tensorflow/tfjs-core';
import type { FusableActivation, Padding } from '@kfn/graph';
import type { DirectKernels } from './direct-kernel.js';
import type { Window } from './gradients/im2col.js';
import { KfnConv2D, KfnConv2DBackpropFilter, type KfnConv2DAttrs, type KfnConv2DBackpropFilterAttrs } from './kernel-names.js';
import type { TfjsCore } from './tfjs-backend.js';

type T = tfc.Tensor;
type Pair = [number, number];
/** 'valid', 'same', or explicit `[[0, 0], [top, bottom], [left, right], [0, 0]]`. */
export type ConvPad = Padding | [[number, number], [number, number], [number, number], [number, number]];

export interface Conv2DOptions {
  strides?: Pair;
  pad: ConvPad;
  dilations?: Pair;
  bias?: T | null;
  activation?: FusableActivation;
}

/** Keras's `leaky_relu` activation string means `negative_slope=0.2`. */
const LEAKY_RELU_ALPHA = 0.2;

/**
 * `activation(conv2d(x, filter) + bias)` (NHWC) on kfn's `KfnConv2D` where a backend package
 * registers one (cpu: im2col and kfn's matMul, against tfjs-backend-cpu's direct loop), with
 * 'same' resolved to explicit padding as tfjs resolves it. `null` where there is no such kernel
 * or a gradient tape would need to record the convolution: the caller then uses tfjs's ops.
 */
export function directConv2d(kernels: DirectKernels, tf: TfjsCore, x: T, filter: T, o: Conv2DOptions): T | null {
  if (x.rank !== 4 || filter.rank !== 4 || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  if (!kernels.has(KfnConv2D) || !kernels.untaped()) return null;
  const strides = o.strides ?? [1, 1];
  const dilations = o.dilations ?? [1, 1];
  const { padInfo } = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    o.pad,
  );
  const attrs: KfnConv2DAttrs = {
    strides,
    pad: [padInfo.top, padInfo.bottom, padInfo.left, padInfo.right],
    dilations,
    activation: o.activation ?? 'linear',
    leakyreluAlpha: LEAKY_RELU_ALPHA,
  };
  const bias = o.bias ?? null;
  return kernels.run(KfnConv2D, bias ? { x, filter, bias } : { x, filter }, attrs)[0] as T;
}

/**
 * `activation(conv2d(x, filter) + bias)`: directly on kfn's kernel where there is one and no
 * tape records it, else tfjs's `conv2d` (or `fused.conv2d` with a bias or activation).
 */
export function conv2d(kernels: DirectKernels, tf: TfjsCore, x: T, filter: T, o: Conv2DOptions): tfc.Tensor4D {
  const direct = directConv2d(kernels, tf, x, filter, o);
  if (direct !== null) return direct as tfc.Tensor4D;
  const { strides = [1, 1], dilations = [1, 1], bias = null, activation = 'linear' } = o;
  const [x4, f4] = [x as tfc.Tensor4D, filter as tfc.Tensor4D];
  if (bias === null && activation === 'linear') return tf.conv2d(x4, f4, strides, o.pad, 'NHWC', dilations);
  return tf.fused.conv2d({ x: x4, filter: f4, strides, pad: o.pad, dataFormat: 'NHWC', dilations, bias: bias ?? undefined, activation });
}

/**
 * The filter gradient of `conv2d(x, filter)` given `dy`, on kfn's `KfnConv2DBackpropFilter`
 * where a backend package registers one (cpu: im2col(x)ᵀ·dy by chunks, no transposes of `x`
 * and `dy`). `null` otherwise, or where a tape would need to record it.
 */
export function directConv2dBackpropFilter(
  kernels: DirectKernels,
  x: T,
  dy: T,
  filterShape: readonly number[],
  g: Pick<Window, 'size' | 'strides' | 'dilations' | 'top' | 'left'>,
): T | null {
  if (x.dtype !== 'float32' || dy.dtype !== 'float32' || !kernels.has(KfnConv2DBackpropFilter) || !kernels.untaped()) return null;
  const [, h, w] = x.shape as [number, number, number, number];
  const [, oh, ow] = dy.shape as [number, number, number, number];
  // The least padding after the image that gives the forward output size.
  const bottom = Math.max(0, (oh - 1) * g.strides[0] + (g.size[0] - 1) * g.dilations[0] + 1 - h - g.top);
  const right = Math.max(0, (ow - 1) * g.strides[1] + (g.size[1] - 1) * g.dilations[1] + 1 - w - g.left);
  const attrs: KfnConv2DBackpropFilterAttrs = {
    strides: [g.strides[0], g.strides[1]],
    pad: [g.top, bottom, g.left, right],
    dilations: [g.dilations[0], g.dilations[1]],
    filterShape: filterShape as [number, number, number, number],
  };
  return kernels.run(KfnConv2DBackpropFilter, { x, dy }, attrs)[0] as T;
}
