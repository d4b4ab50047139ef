import type * as tfc from '@tensorflow/tfjs-core';
import { customOp, type GradContext } from './custom-op.js';

type T = tfc.Tensor;

/**
 * `gather(params, indices)` along axis 0 (Embedding) with its own backward pass: the rows of
 * `dy` added into a zero `params`-shaped gradient with one ScatterNd (which sums repeated
 * indices). tfjs's gradient needs UnsortedSegmentSum, which tfjs-backend-wasm 4.22 lacks.
 */
export function gatherRowsWithGrad(ctx: GradContext, params: T, indices: T): T {
  const { tf } = ctx;
  return customOp(
    ctx,
    'kfnGather',
    [params],
    (save) => {
      save([indices]);
      return tf.gather(params, indices, 0);
    },
    (dy, [ids]) => [
      () => {
        const n = indices.size;
        const [rows, ...rest] = params.shape as [number, ...number[]];
        const width = rest.reduce((a, b) => a * b, 1);
        const summed = tf.scatterND(tf.reshape(ids as T, [n, 1]), tf.reshape(dy, [n, width]), [rows, width]);
        return tf.reshape(summed, params.shape);
      },
    ],
  );
}

/**
 * `gather(params, indices, axis)` for any axis through `gatherRowsWithGrad`: the axis moved
 * to the front, rows gathered, the result's axes put back in tfjs's order
 * (`params` before the axis, then `indices`, then `params` after it).
 */
export function gatherWithGrad(ctx: GradContext, params: T, indices: T, axis: number): T {
  const { tf } = ctx;
  const rank = params.rank;
  const a = axis < 0 ? axis + rank : axis;
  if (a === 0) return gatherRowsWithGrad(ctx, params, indices);
  const others = Array.from({ length: rank }, (_, i) => i).filter((i) => i !== a);
  const rows = gatherRowsWithGrad(ctx, tf.transpose(params, [a, ...others]), indices);
  const ri = indices.rank;
  const before = Array.from({ length: a }, (_, i) => ri + i);
  const idx = Array.from({ length: ri }, (_, i) => i);
  const after = Array.from({ length: rank - 1 - a }, (_, i) => ri + a + i);
  return tf.transpose(rows, [...before, ...idx, ...after]);
}
