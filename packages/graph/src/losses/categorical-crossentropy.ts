import type { Backend, Tensor } from '../backend/backend.js';
import { BaseCrossentropy, type CrossentropyArgs } from './base-crossentropy.js';
import { EPSILON, normAxis } from './loss.js';

export type CategoricalCrossentropyArgs = CrossentropyArgs;

/** Crossentropy against one-hot (or soft) targets over `axis`. */
export class CategoricalCrossentropy extends BaseCrossentropy {
  static override className = 'CategoricalCrossentropy';

  constructor(args: CategoricalCrossentropyArgs = {}) {
    super(args, 'categorical_crossentropy');
  }

  protected override smoothingOffset(yPred: Tensor): number {
    const classes = yPred.shape[normAxis(this.axis, yPred.shape.length)] as number;
    return this.labelSmoothing / classes;
  }

  protected override crossentropy(t: Tensor, yPred: Tensor, ops: Backend): Tensor {
    return categoricalCrossentropy(t, yPred, this.fromLogits, this.axis, ops);
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
