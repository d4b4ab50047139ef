import type { Tensor } from '../../backend/backend.js';
import { ShapeError, ValueError } from '../../common/errors.js';
import { formatShape, shapeSize, type Dim, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';

export interface ReshapeArgs extends LayerArgs {
  /** The shape of one sample (no batch dim); one entry may be -1, inferred from the input size. */
  targetShape: readonly number[];
}

/** Reshapes each sample to `targetShape`; the batch dimension is kept. No `build` (none in Keras). */
export class Reshape extends Layer {
  static override className = 'Reshape';
  readonly targetShape: number[];

  constructor(args: ReshapeArgs) {
    super(args);
    const target = args?.targetShape;
    if (!Array.isArray(target) || !target.every((d) => Number.isInteger(d) && (d > 0 || d === -1))) {
      throw new ValueError(
        `Layer "${this.name}": the \`target_shape\` argument must be a tuple of positive ints, with at most one -1. Received: target_shape=${JSON.stringify(target)}`,
      );
    }
    if (target.filter((d) => d === -1).length > 1) {
      throw new ValueError(
        `Layer "${this.name}": the \`target_shape\` argument must not contain more than one \`-1\` value. Received: target_shape=${formatShape(target)}`,
      );
    }
    this.targetShape = [...target];
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, ...this.resolve(inputShape.slice(1))];
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    return ops.reshape(inputs, [inputs.shape[0] as number, ...this.targetShape]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), target_shape: this.targetShape };
  }

  /** Keras's `compute_reshape_output_shape`: infers the -1, and checks the sizes agree. */
  private resolve(sample: Shape): Dim[] {
    const size = shapeSize(sample);
    // An unknown input dim leaves the -1 unknown too.
    if (size === null) return this.targetShape.map((d) => (d === -1 ? null : d));
    const known = this.targetShape.reduce((n, d) => (d === -1 ? n : n * d), 1);
    const free = this.targetShape.indexOf(-1);
    const fits = free === -1 ? known === size : size % known === 0;
    if (!fits) {
      throw new ShapeError(
        `Layer "${this.name}" (Reshape) cannot reshape an input of shape ${formatShape([null, ...sample])} (${size} values per sample) ` +
          `to target_shape=${formatShape(this.targetShape)}: the total size must be unchanged` +
          (free === -1 ? ` (target has ${known} values).` : ` (${size} is not divisible by ${known}).`),
      );
    }
    return this.targetShape.map((d) => (d === -1 ? size / known : d));
  }
}
