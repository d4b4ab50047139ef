import type * as tfc from '@tensorflow/tfjs-core';
import { customOp, type GradContext } from './custom-op.js';

type T = tfc.Tensor;

/**
 * Nearest upsampling by integer factors (each pixel repeated `sh × sw` times, as Keras's
 * UpSampling2D) with its own backward pass: each block of `dy` summed by two reductions.
 * The forward is tfjs's nearest resize (source pixel `floor(y / s)`), native on every backend;
 * tfjs-backend-cpu 4.22's ResizeNearestNeighborGrad is off by up to 1e-3 here, and tile's
 * gradient (the alternative) is a loop of slices.
 */
export function upsampleWithGrad(ctx: GradContext, x: tfc.Tensor4D, sh: number, sw: number): T {
  const { tf } = ctx;
  const [b, h, w, c] = x.shape;
  return customOp(
    ctx,
    'kfnUpsample',
    [x],
    () => tf.image.resizeNearestNeighbor(x, [h * sh, w * sw], false, false),
    (dy) => [
      () => {
        const rows = tf.sum(tf.reshape(dy, [b * h, sh, w, sw * c]), 1); // [b·h, w, sw·c]
        return tf.reshape(tf.sum(tf.reshape(rows, [b * h * w, sw, c]), 1), [b, h, w, c]);
      },
    ],
  );
}
