import type { Backend, Tensor } from '../backend/backend.js';
import { EPSILON, Loss, normAxis, type LossArgs } from './loss.js';

export interface CategoricalCrossentropyArgs extends LossArgs {
  fromLogits?: boolean;
  labelSmoothing?: number;
  axis?: number;
}

/** Crossentropy against one-hot (or soft) targets over `axis`. */
export class CategoricalCrossentropy extends Loss {
  static override className = 'CategoricalCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;

  constructor(args: CategoricalCrossentropyArgs = {}) {
    super(args, 'categorical_crossentropy');
    this.fromLogits = args.fromLogits ?? false;
    this.labelSmoothing = args.labelSmoothing ?? 0;
    this.axis = args.axis ?? -1;
  }

  override call(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
    let t = ops.cast(yTrue, 'float32');
    if (this.labelSmoothing) {
      const classes = yPred.shape[normAxis(this.axis, yPred.shape.length)] as number;
      t = ops.add(ops.mul(t, ops.scalar(1 - this.labelSmoothing)), ops.scalar(this.labelSmoothing / classes));
    }
    return categoricalCrossentropy(t, yPred, this.fromLogits, this.axis, ops);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
  }
}

/** `-sum(t · log p, axis)`; probabilities are renormalized and clipped, logits go through logSoftmax. */
export function categoricalCrossentropy(t: Tensor, output: Tensor, fromLogits: boolean, axis: number, ops: Backend): Tensor {
  const ax = normAxis(axis, output.shape.length);
  let logProb: Tensor;
  if (fromLogits) {
    logProb = ops.logSoftmax(output, ax);
  } else {
    const p = ops.div(output, ops.sum(output, ax, true));
    logProb = ops.log(ops.clip(p, EPSILON, 1 - EPSILON));
  }
  return ops.neg(ops.sum(ops.mul(t, logProb), ax));
}
