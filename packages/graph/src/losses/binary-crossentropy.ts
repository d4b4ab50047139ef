import type { Backend, Tensor } from '../backend/backend.js';
import { EPSILON, Loss, type LossArgs } from './loss.js';

export interface BinaryCrossentropyArgs extends LossArgs {
  fromLogits?: boolean;
  labelSmoothing?: number;
  axis?: number;
}

/** Crossentropy of independent 0/1 targets, mean over `axis`. */
export class BinaryCrossentropy extends Loss {
  static override className = 'BinaryCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;

  constructor(args: BinaryCrossentropyArgs = {}) {
    super(args, 'binary_crossentropy');
    this.fromLogits = args.fromLogits ?? false;
    this.labelSmoothing = args.labelSmoothing ?? 0;
    this.axis = args.axis ?? -1;
  }

  override call(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
    let t = ops.cast(yTrue, 'float32');
    if (this.labelSmoothing) {
      t = ops.add(ops.mul(t, ops.scalar(1 - this.labelSmoothing)), ops.scalar(0.5 * this.labelSmoothing));
    }
    return ops.mean(binaryCrossentropy(t, yPred, this.fromLogits, ops), this.axis);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
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
