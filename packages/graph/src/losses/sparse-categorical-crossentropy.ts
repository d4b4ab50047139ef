import type { Backend, Tensor } from '../backend/backend.js';
import { ValueError } from '../common/errors.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { Loss, squeezeLabels, type LossArgs } from './loss.js';

export interface SparseCategoricalCrossentropyArgs extends LossArgs {
  fromLogits?: boolean;
  ignoreClass?: number | null;
  axis?: number;
}

/** Crossentropy against integer class labels, shape `(N,)` or `(N, 1)`. */
export class SparseCategoricalCrossentropy extends Loss {
  static override className = 'SparseCategoricalCrossentropy';
  readonly fromLogits: boolean;
  readonly ignoreClass: number | null;
  readonly axis: number;

  constructor(args: SparseCategoricalCrossentropyArgs = {}) {
    super(args, 'sparse_categorical_crossentropy');
    this.fromLogits = args.fromLogits ?? false;
    this.ignoreClass = args.ignoreClass ?? null;
    this.axis = args.axis ?? -1;
    if (this.axis !== -1) {
      throw new ValueError(`SparseCategoricalCrossentropy: only axis=-1 is supported. Received: axis=${this.axis}`);
    }
  }

  override call(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
    const classes = yPred.shape.at(-1) as number;
    const labels = ops.cast(squeezeLabels(yTrue, yPred.shape.length, ops), 'int32');
    const oneHot = ops.oneHot(labels, classes);
    const losses = categoricalCrossentropy(oneHot, yPred, this.fromLogits, -1, ops);
    if (this.ignoreClass === null) return losses;
    // Keras zeroes the loss where the label is `ignore_class`.
    const keep = ops.cast(ops.equal(labels, ops.scalar(this.ignoreClass, 'int32')), 'float32');
    return ops.mul(losses, ops.sub(ops.scalar(1), keep));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fromLogits, ignore_class: this.ignoreClass, axis: this.axis };
  }
}
