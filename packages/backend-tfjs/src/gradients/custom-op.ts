import type * as tfc from '@tensorflow/tfjs-core';
import type { FusableActivation } from '@kfn/graph';
import type { DirectKernels } from '../direct-kernel.js';
import { directMatMul, type MatMulOptions } from '../mat-mul.js';
import type { TfjsCore } from '../tfjs-backend.js';

type T = tfc.Tensor;

/** How the custom backward passes compute on one tfjs backend. */
export interface GradContext {
  readonly tf: TfjsCore;
  /** The tfjs backend's name, for messages. */
  readonly name: string;
  /**
   * Compute `aᵀ·b` as `matMul(transpose(a), b)` rather than `matMul(a, b, true)`:
   * tfjs-backend-wasm 4.22's matMul with `transposeA` leaves XNNPACK's fast path (3.0 ms
   * against 0.3 ms for the MLP's 784×64 weight gradient).
   */
  readonly explicitTranspose: boolean;
  /**
   * Run transposed convolutions (conv-transpose layers, conv input gradients) as stride-1
   * convolutions of a zero-spaced, padded input with the flipped filter: tfjs-backend-wasm
   * 4.22's Conv2DBackpropInput is a plain loop, its Conv2D is XNNPACK's (3× faster here).
   */
  readonly transposedConvAsConv: boolean;
  /** Fuse activations into the matMul / conv kernel, or apply them after it. */
  readonly fuseActivations: boolean;
  /** Kernels run by name, past tfjs's op wrappers, where no tape records them. */
  readonly kernels: DirectKernels;
  /** Large column sums (conv bias gradients) as ones-row products too (see `columnSums`). */
  readonly largeSumsAsProducts: boolean;
}

/** `aᵀ·b` for rank-2 tensors, in the backend's fastest form. */
export function matMulTA(ctx: GradContext, a: T, b: T): T {
  return ctx.explicitTranspose ? matMul(ctx, ctx.tf.transpose(a), b) : matMul(ctx, a, b, { transposeA: true });
}

/** Up to this many elements, column sums are ones-row products on every backend. */
const SMALL_SUM = 1 << 16;

/**
 * Σ over the rows of a rank-2 `x` (a bias gradient), as a ones-row product where kernels run
 * directly: tfjs's Sum over a leading axis transposes first (wasm: 26 µs for [64, 64], against
 * 3 µs for the product; cpu: 18 ms for [21632, 16], against 0.2 ms). Large sums stay tfjs's
 * unless `largeSumsAsProducts`: XNNPACK packs the whole right operand on every call.
 */
export function columnSums(ctx: GradContext, x: T): T {
  const { tf } = ctx;
  if (x.rank !== 2 || (x.size > SMALL_SUM && !ctx.largeSumsAsProducts)) return tf.sum(x, 0);
  const ones = tf.ones([1, x.shape[0] as number]);
  const row = directMatMul(ctx.kernels, ones, x);
  ones.dispose();
  if (row === null) return tf.sum(x, 0);
  const sums = tf.reshape(row, [x.shape[1] as number]);
  row.dispose();
  return sums;
}

/**
 * `activation(op(a)·op(b) + bias)`: directly on a kernel where untaped, else through tfjs's op
 * (`matMul`, which takes any dtype and rank, or `fused.matMul` with a bias or activation).
 */
export function matMul(ctx: GradContext, a: T, b: T, options: MatMulOptions = {}): T {
  const direct = directMatMul(ctx.kernels, a, b, options);
  if (direct !== null) return direct;
  const { transposeA = false, transposeB = false, bias = null, activation = 'linear' } = options;
  if (bias === null && activation === 'linear') return ctx.tf.matMul(a, b, transposeA, transposeB);
  return ctx.tf.fused.matMul({ a, b, transposeA, transposeB, bias: bias ?? undefined, activation });
}

/** What `tf.engine()` runs `tf.customGrad` with (typed privately in tfjs-core 4.22). */
interface CustomKernelEngine {
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: (tensors: T[]) => void) => T;
    backwardsFunc: (dy: T, saved: T[]) => Record<string, () => T>;
    inputs: Record<string, T>;
  }): T;
  state: { gradientDepth: number };
}

/**
 * One tape node with its own backward pass: `tf.customGrad`'s mechanism, but each input's
 * gradient is a thunk the tape calls only for inputs on the path to the variables (a first
 * layer's input gradient is never computed), as tfjs's registered gradients do.
 * `backward` returns one thunk per input, `null` for inputs given as `null`, and receives what
 * `forward` saved, in order. tfjs clones saved tensors (a kernel each) so that no tidy frees
 * them before the backward pass; variables are passed as they are: nothing frees them, and
 * the backward pass runs before any optimizer assigns them.
 * Outside a gradient tape the forward runs as is.
 */
export function customOp(
  ctx: GradContext,
  scope: string,
  inputs: readonly (T | null)[],
  forward: (save: (tensors: T[]) => void) => T,
  backward: (dy: T, saved: T[]) => ((() => T) | null)[],
): T {
  const engine = ctx.tf.engine() as unknown as CustomKernelEngine;
  if (engine.state.gradientDepth === 0) return forward(() => {});
  const inputMap: Record<string, T> = {};
  inputs.forEach((x, i) => {
    if (x) inputMap[i] = x;
  });
  // A named scope: the tape looks a custom node's gradient up by its scope name first.
  const variables: (T | null)[] = [];
  return ctx.tf.tidy(scope, () =>
    engine.runKernelFunc({
      forwardFunc: (_backend, save) =>
        forward((tensors) => {
          tensors.forEach((x, i) => (variables[i] = x instanceof ctx.tf.Variable ? x : null));
          save(tensors.filter((_, i) => variables[i] === null));
        }),
      backwardsFunc: (dy, cloned) => {
        let next = 0;
        const saved = variables.map((v) => v ?? (cloned[next++] as T));
        const thunks = backward(dy, saved);
        const map: Record<string, () => T> = {};
        thunks.forEach((f, i) => {
          if (f) map[i] = f;
        });
        return map;
      },
      inputs: inputMap,
    }),
  );
}

/** `activation(z)` as its own kernel (where fusing it into the matMul or conv is slower). */
export function applyActivation(tf: TfjsCore, z: T, activation: FusableActivation): T {
  switch (activation) {
    case 'linear':
      return z;
    case 'relu':
      return tf.relu(z);
    case 'relu6':
      return tf.relu6(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'elu':
      return tf.elu(z);
    case 'leakyrelu':
      return tf.leakyRelu(z, 0.2);
  }
}

/** `dL/dz` from `dL/dy` for `y = activation(z)`, from `y` alone (so `z` need not be kept). */
export function activationGrad(tf: TfjsCore, dy: T, y: T | undefined, activation: FusableActivation): T {
  if (activation === 'linear' || !y) return dy;
  switch (activation) {
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'relu6':
      return tf.mul(dy, tf.cast(tf.logicalAnd(tf.greater(y, 0), tf.less(y, 6)), 'float32'));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case 'elu':
      return tf.where(tf.greater(y, 0), dy, tf.mul(dy, tf.add(y, 1)));
    case 'leakyrelu':
      return tf.where(tf.greater(y, 0), dy, tf.mul(dy, 0.2));
  }
}
