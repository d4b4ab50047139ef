import type { Tensor } from '../../backend/backend.js';
import { ValueError } from '../../common/errors.js';
import type { Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';

export interface ReLUArgs extends LayerArgs {
  /** Upper bound of the output; `null`: unbounded. */
  maxValue?: number | null;
  /** Slope below the threshold. Default 0. */
  negativeSlope?: number;
  /** Inputs below it are scaled by `negativeSlope` (after subtracting it). Default 0. */
  threshold?: number;
}

/**
 * The rectified linear unit as a layer:
 * `x >= threshold ? min(x, maxValue) : negativeSlope * (x - threshold)`.
 */
export class ReLU extends Layer {
  static override className = 'ReLU';
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(args: ReLUArgs = {}) {
    super(args);
    this.maxValue = args.maxValue ?? null;
    this.negativeSlope = args.negativeSlope ?? 0;
    this.threshold = args.threshold ?? 0;
    for (const [arg, value] of [['max_value', this.maxValue ?? 0], ['negative_slope', this.negativeSlope], ['threshold', this.threshold]] as const) {
      if (typeof value !== 'number' || !(value >= 0)) {
        throw new ValueError(`Layer "${this.name}": ${arg} of a ReLU layer cannot be a negative value. Received: ${arg}=${value}`);
      }
    }
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override call(x: Tensor, { ops }: CallContext): Tensor {
    const { maxValue, negativeSlope: slope, threshold } = this;
    // The common cases map to one backend kernel.
    if (threshold === 0 && slope === 0 && maxValue === null) return ops.relu(x);
    if (threshold === 0 && slope === 0 && maxValue === 6) return ops.relu6(x);
    if (threshold === 0 && maxValue === null) return ops.leakyRelu(x, slope);
    const t = ops.scalar(threshold);
    const above = maxValue === null ? x : ops.minimum(x, ops.scalar(maxValue));
    const below = slope === 0 ? ops.zerosLike(x) : ops.mul(ops.sub(x, t), ops.scalar(slope));
    return ops.where(ops.greater(t, x), below, above);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), max_value: this.maxValue, negative_slope: this.negativeSlope, threshold: this.threshold };
  }
}
