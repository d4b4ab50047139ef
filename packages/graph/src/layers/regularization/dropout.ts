import type { Tensor } from '../../backend/backend.js';
import { ValueError } from '../../common/errors.js';
import type { Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';

export interface DropoutArgs extends LayerArgs {
  /** Fraction of the inputs to drop, in [0, 1]. */
  rate: number;
  /** Shape of the dropout mask; `null` entries take the input's size (a mask shared along axes of size 1). */
  noiseShape?: readonly (number | null)[] | null;
  seed?: number | null;
}

/**
 * Zeroes a random `rate` of the inputs during training and scales the rest by
 * `1 / (1 - rate)`, so the expected sum is unchanged; the identity at inference.
 * No `build`: Keras builds it at construction, so it has no build config.
 */
export class Dropout extends Layer {
  static override className = 'Dropout';
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  readonly seed: number | null;
  /** Advances a seeded generator, so each training step draws a new mask (Keras's `SeedGenerator`). */
  private draws = 0;

  constructor(args: DropoutArgs) {
    super(args);
    const rate = args?.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new ValueError(`Layer "${this.name}": invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${rate}`);
    }
    const noise = args.noiseShape ?? null;
    if (noise !== null && (!Array.isArray(noise) || !noise.every((d) => d === null || (Number.isInteger(d) && d > 0)))) {
      throw new ValueError(
        `Layer "${this.name}": invalid value received for argument \`noise_shape\`. Expected a tuple of positive integers or None. Received: noise_shape=${JSON.stringify(noise)}`,
      );
    }
    this.rate = rate;
    this.noiseShape = noise === null ? null : [...noise];
    this.seed = args.seed ?? null;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override call(inputs: Tensor, { ops, training }: CallContext): Tensor {
    if (!training || this.rate === 0) return inputs;
    if (this.rate === 1) return ops.zerosLike(inputs);
    const shape = this.noiseShape ? this.noiseShape.map((d, i) => d ?? (inputs.shape[i] as number)) : inputs.shape;
    const seed = this.seed === null ? undefined : this.seed + this.draws++;
    // Keep where u >= rate, for u ~ U[0, 1): each input survives with probability 1 - rate.
    const u = ops.randomUniform(shape, 0, 1, seed);
    const dropped = ops.cast(ops.greater(ops.scalar(this.rate), u), 'float32');
    const keep = ops.sub(ops.scalar(1), dropped);
    return ops.mul(inputs, ops.div(keep, ops.scalar(1 - this.rate)));
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, noise_shape: this.noiseShape };
  }
}
