import type { Backend, Tensor } from '../backend/backend.js';
import { ValueError } from '../common/errors.js';
import { Loss, type LossArgs } from './loss.js';

export interface HuberArgs extends LossArgs {
  delta?: number;
}

/** Quadratic for `|error| <= delta`, linear beyond: `0.5 e²` or `delta (|e| - 0.5 delta)`, mean over the last axis. */
export class Huber extends Loss {
  static override className = 'Huber';
  readonly delta: number;

  constructor(args: HuberArgs = {}) {
    super(args, 'huber_loss');
    this.delta = args.delta ?? 1.0;
    if (!(this.delta > 0)) throw new ValueError(`Huber: \`delta\` must be positive. Received: delta=${this.delta}`);
  }

  override call(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
    const absError = ops.abs(ops.sub(yPred, ops.cast(yTrue, 'float32')));
    const delta = ops.scalar(this.delta);
    const quadratic = ops.mul(ops.scalar(0.5), ops.square(absError));
    const linear = ops.sub(ops.mul(delta, absError), ops.scalar(0.5 * this.delta * this.delta));
    return ops.mean(ops.where(ops.greater(absError, delta), linear, quadratic), -1);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), delta: this.delta };
  }
}
