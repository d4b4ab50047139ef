import type * as tfc from '@tensorflow/tfjs-core';
import type { Padding } from '@kfn/graph';
import { customOp, type GradContext } from './custom-op.js';
import { col2im, windowTaps, type Window } from './im2col.js';

type T = tfc.Tensor;
type Pair = [number, number];

/**
 * 2-D max pooling with a backward pass built from common kernels: each window's taps
 * stacked, the first maximum of each window (`argMax`, as tfjs's and TensorFlow's MaxPoolGrad
 * pick it) one-hot, times `dy`, summed back into place by `col2im`. For backends whose
 * MaxPoolGrad is wrong (tfjs-backend-wasm 4.22's drops gradients when batch or channels > 1).
 */
export function maxPoolWithGrad(ctx: GradContext, x: tfc.Tensor4D, poolSize: Pair, strides: Pair, pad: Padding): T {
  const { tf } = ctx;
  return customOp(
    ctx,
    'kfnMaxPool',
    [x],
    (save) => {
      save([x]);
      return tf.maxPool(x, poolSize, strides, pad);
    },
    (dy, [xs]) => [
      () => {
        const x0 = xs as tfc.Tensor4D;
        const [, h, w] = x0.shape;
        const [, oh, ow] = dy.shape as [number, number, number, number];
        const info = tf.backend_util.computePool2DInfo(x0.shape, poolSize, strides, 1, pad);
        const win: Window = { size: poolSize, strides, dilations: [1, 1], top: info.padInfo.top, left: info.padInfo.left, out: [oh, ow] };
        const k = poolSize[0] * poolSize[1];
        const windows = tf.stack(windowTaps(tf, x0, win, -Infinity), 3); // [b, oh, ow, k, c]
        const first = tf.oneHot(tf.argMax(windows, 3), k); // [b, oh, ow, c, k]
        const cols = tf.mul(tf.cast(tf.transpose(first, [0, 1, 2, 4, 3]), 'float32'), tf.expandDims(dy, 3));
        return col2im(tf, cols, win, h, w);
      },
    ],
  );
}
