import type { Backend, Tensor } from '../backend/backend.js';
import { Loss, type LossArgs } from './loss.js';

/** Arguments of the binary and categorical crossentropies. */
export interface CrossentropyArgs extends LossArgs {
  fromLogits?: boolean;
  labelSmoothing?: number;
  axis?: number;
}

/**
 * What BinaryCrossentropy and CategoricalCrossentropy share: float targets, label smoothing
 * `t · (1 - s) + offset`, and the `from_logits, label_smoothing, axis` config.
 */
export abstract class BaseCrossentropy extends Loss {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;

  constructor(args: CrossentropyArgs, defaultName: string) {
    super(args, defaultName);
    this.fromLogits = args.fromLogits ?? false;
    this.labelSmoothing = args.labelSmoothing ?? 0;
    this.axis = args.axis ?? -1;
  }

  /** What smoothing adds to every target: `s / 2` for binary, `s / classes` for categorical. */
  protected abstract smoothingOffset(yPred: Tensor): number;

  /** The loss of smoothed float targets `t` against `yPred`, reduced over `axis`. */
  protected abstract crossentropy(t: Tensor, yPred: Tensor, ops: Backend): Tensor;

  override call(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
    let t = ops.cast(yTrue, 'float32');
    if (this.labelSmoothing) {
      t = ops.add(ops.mul(t, ops.scalar(1 - this.labelSmoothing)), ops.scalar(this.smoothingOffset(yPred)));
    }
    return this.crossentropy(t, yPred, ops);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
  }
}
