import type { Backend, Tensor } from '../backend/backend.js';
import { BaseCrossentropy, type CrossentropyArgs } from './base-crossentropy.js';
import { EPSILON } from './loss.js';

export type BinaryCrossentropyArgs = CrossentropyArgs;

/** Crossentropy of independent 0/1 targets, mean over `axis`. */
export class BinaryCrossentropy extends BaseCrossentropy {
  static override className = 'BinaryCrossentropy';

  constructor(args: BinaryCrossentropyArgs = {}) {
    super(args, 'binary_crossentropy');
  }

  protected override smoothingOffset(): number {
    return 0.5 * this.labelSmoothing;
  }

  protected override crossentropy(t: Tensor, yPred: Tensor, ops: Backend): Tensor {
    return ops.mean(binaryCrossentropy(t, yPred, this.fromLogits, ops), this.axis);
  }
}

/** Element-wise binary crossentropy (Keras's `ops.binary_crossentropy`). */
export function binaryCrossentropy(t: Tensor, output: Tensor, fromLogits: boolean, ops: Backend): Tensor {
  if (fromLogits) {
    // Stable form: max(x, 0) - x·t + log(1 + exp(-|x|)).
    const x = output;
    return ops.add(ops.sub(ops.relu(x), ops.mul(x, t)), ops.log1p(ops.exp(ops.neg(ops.abs(x)))));
  }
  const p = ops.clip(output, EPSILON, 1 - EPSILON);
  const one = ops.scalar(1);
  return ops.neg(ops.add(ops.mul(t, ops.log(p)), ops.mul(ops.sub(one, t), ops.log(ops.sub(one, p)))));
}
