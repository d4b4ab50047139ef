import type * as tfc from '@tensorflow/tfjs-core';
import type { FusableActivation } from '@kfn/graph';
import { view, type DirectKernels } from './direct-kernel.js';
import { KfnMatMul, type KfnMatMulAttrs } from './kernel-names.js';

type T = tfc.Tensor;

export interface MatMulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
  bias?: T | null;
  activation?: FusableActivation;
}

/** Keras's `leaky_relu` activation string means `negative_slope=0.2`. */
const LEAKY_RELU_ALPHA = 0.2;

/**
 * `activation(op(a)·op(b) + bias)` for rank-2 `a` and `b`, run directly on a kernel: kfn's
 * `KfnMatMul` where the backend package registers one (cpu), else tfjs's `_FusedMatMul` on
 * rank-3 views of the same data. Returns `null` where a gradient tape would need to record
 * the product: the caller then uses tfjs's ops.
 */
export function directMatMul(kernels: DirectKernels, a: T, b: T, options: MatMulOptions = {}): T | null {
  if (a.rank !== 2 || b.rank !== 2 || a.dtype !== 'float32' || b.dtype !== 'float32' || !kernels.untaped()) return null;
  const attrs: KfnMatMulAttrs = {
    transposeA: options.transposeA ?? false,
    transposeB: options.transposeB ?? false,
    activation: options.activation ?? 'linear',
    leakyreluAlpha: LEAKY_RELU_ALPHA,
  };
  const bias = options.bias ?? null;
  if (bias !== null && (bias.rank !== 1 || bias.dtype !== 'float32')) return null;
  if (kernels.has(KfnMatMul)) {
    return kernels.run(KfnMatMul, bias ? { a, b, bias } : { a, b }, attrs)[0] as T;
  }
  const [m, k] = attrs.transposeA ? [a.shape[1], a.shape[0]] : a.shape;
  const n = attrs.transposeB ? b.shape[0] : b.shape[1];
  if (k !== (attrs.transposeB ? b.shape[1] : b.shape[0])) return null; // let tfjs word the error
  const inputs = { a: view(a, [1, ...a.shape]), b: view(b, [1, ...b.shape]), ...(bias ? { bias } : {}) };
  return kernels.run('_FusedMatMul', inputs, attrs, [[m as number, n as number]])[0] as T;
}
