import type { Backend, Tensor } from '../backend/backend.js';
import { ValueError } from '../common/errors.js';
import { builtinObject, type KerasObject } from '../saving/keras-object.js';

export type Reduction = 'sum_over_batch_size' | 'sum' | 'mean_with_sample_weight' | 'none';
const REDUCTIONS: readonly string[] = ['sum_over_batch_size', 'sum', 'mean_with_sample_weight', 'none'];

export interface LossArgs {
  name?: string;
  reduction?: Reduction | null;
}

/** Keras's `epsilon()`: crossentropies clip probabilities to `[EPSILON, 1 - EPSILON]`. */
export const EPSILON = 1e-7;

/**
 * The base of every loss (Keras's `losses.Loss`): `call` gives per-sample values,
 * `compute` weights and reduces them to the scalar the optimizer minimizes.
 */
export abstract class Loss {
  static className = 'Loss';
  readonly name: string;
  readonly reduction: Reduction;

  constructor(args: LossArgs, defaultName: string) {
    const reduction = args.reduction === null ? 'none' : (args.reduction ?? 'sum_over_batch_size');
    if (!REDUCTIONS.includes(reduction)) {
      throw new ValueError(
        `Invalid value for argument \`reduction\` of loss "${args.name ?? defaultName}": expected one of ${REDUCTIONS.join(', ')}. Received: reduction=${String(reduction)}`,
      );
    }
    this.name = args.name ?? defaultName;
    this.reduction = reduction;
  }

  get className(): string {
    return (this.constructor as typeof Loss).className;
  }

  /** Per-sample losses (the last axis reduced), same math as Keras's loss function. */
  abstract call(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor;

  /** Keras's `Loss.__call__`: per-sample values, times `sampleWeight`, reduced. */
  compute(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null, ops: Backend): Tensor {
    let values = this.call(yTrue, yPred, ops);
    if (sampleWeight !== null) values = ops.mul(values, matchRank(sampleWeight, values.shape.length, ops));
    return reduceValues(values, sampleWeight, this.reduction, ops);
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, reduction: this.reduction };
  }

  /** The `{module, class_name, config, registered_name}` form Keras writes. */
  serialize(): KerasObject {
    return builtinObject('keras.losses', this.className, this.getConfig());
  }
}

/** Keras's `reduce_values`: sum, then divide by the number of values (or of weights). */
export function reduceValues(values: Tensor, sampleWeight: Tensor | null, reduction: Reduction, ops: Backend): Tensor {
  if (reduction === 'none' || values.shape.length === 0) return values;
  const total = ops.sum(values);
  if (reduction === 'sum') return total;
  if (reduction === 'mean_with_sample_weight' && sampleWeight !== null) {
    return divideNoNan(total, ops.sum(ops.cast(sampleWeight, 'float32')), ops);
  }
  const count = values.shape.reduce((a, b) => a * b, 1);
  return count === 0 ? ops.zeros([]) : ops.div(total, ops.scalar(count));
}

function divideNoNan(a: Tensor, b: Tensor, ops: Backend): Tensor {
  const zero = ops.equal(b, ops.scalar(0));
  return ops.where(zero, ops.zerosLike(a), ops.div(a, ops.where(zero, ops.onesLike(b), b)));
}

/** Keras's `squeeze_or_expand_to_same_rank` for sample weights: `(N,)` against `(N, T)` and back. */
export function matchRank(w: Tensor, rank: number, ops: Backend): Tensor {
  let out = w;
  while (out.shape.length > rank && out.shape.at(-1) === 1) out = ops.squeeze(out, [out.shape.length - 1]);
  while (out.shape.length < rank) out = ops.expandDims(out, -1);
  return out;
}

/** `y_true` with a trailing 1 dropped when `y_pred` has one axis less (sparse labels `(N, 1)`). */
export function squeezeLabels(yTrue: Tensor, predRank: number, ops: Backend): Tensor {
  if (yTrue.shape.length === predRank && yTrue.shape.at(-1) === 1) return ops.squeeze(yTrue, [predRank - 1]);
  return yTrue;
}

/** Negative axis to positive, for a tensor of rank `rank`. */
export function normAxis(axis: number, rank: number): number {
  return axis < 0 ? rank + axis : axis;
}
