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
        if (pad === 'valid' && strides[0] === poolSize[0] && strides[1] === poolSize[1]) return tiledPoolGrad(ctx, x0, dy, poolSize);
        const windows = tf.stack(windowTaps(tf, x0, win, -Infinity), 3); // [b, oh, ow, k, c]
        const first = tf.oneHot(tf.argMax(windows, 3), k); // [b, oh, ow, c, k]
        const cols = tf.mul(tf.cast(tf.transpose(first, [0, 1, 2, 4, 3]), 'float32'), tf.expandDims(dy, 3));
        return col2im(tf, cols, win, h, w);
      },
    ],
  );
}

/**
 * The same gradient when windows tile the image (stride = pool size, 'valid', as Keras's
 * default pooling): windows gathered by reshapes and transposes instead of strided slices.
 */
function tiledPoolGrad(ctx: GradContext, x: tfc.Tensor4D, dy: T, [ph, pw]: Pair): T {
  const { tf } = ctx;
  const [b, h, w, c] = x.shape;
  const [, oh, ow] = dy.shape as [number, number, number, number];
  const k = ph * pw;
  const used = oh * ph === h && ow * pw === w ? x : tf.slice(x, [0, 0, 0, 0], [b, oh * ph, ow * pw, c]);
  const windows = tf.reshape(tf.transpose(tf.reshape(used, [b * oh, ph, ow, pw, c]), [0, 2, 1, 3, 4]), [b * oh * ow, k, c]);
  const first = tf.cast(tf.oneHot(tf.argMax(windows, 1), k), 'float32'); // [n, c, k]
  const cols = tf.transpose(tf.mul(first, tf.reshape(dy, [b * oh * ow, c, 1])), [0, 2, 1]); // [n, k, c]
  const image = tf.reshape(tf.transpose(tf.reshape(cols, [b * oh, ow, ph, pw, c]), [0, 2, 1, 3, 4]), [b, oh * ph, ow * pw, c]);
  return image.shape[1] === h && image.shape[2] === w ? image : tf.pad(image, [[0, 0], [0, h - oh * ph], [0, w - ow * pw], [0, 0]]);
}
