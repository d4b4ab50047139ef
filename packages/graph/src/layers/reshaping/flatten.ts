import type { Tensor } from '../../backend/backend.js';
import { standardizeDataFormat } from '../../common/window-args.js';
import { shapeSize, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';

export interface FlattenArgs extends LayerArgs {
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/** Flattens each sample to one axis: `(batch, ...)` to `(batch, prod(...))`. */
export class Flatten extends Layer {
  static override className = 'Flatten';
  readonly dataFormat = 'channels_last' as const;

  constructor(args: FlattenArgs = {}) {
    super(args);
    standardizeDataFormat(args.dataFormat, this.name);
  }

  /** Nothing to build; declared because Keras builds Flatten on first call and writes a build config. */
  override build(_inputShape: Shape): void {}

  override computeOutputShape(inputShape: Shape): Shape {
    // A `(batch,)` input gains a feature axis of 1, as in Keras.
    return [inputShape[0] ?? null, inputShape.length === 1 ? 1 : shapeSize(inputShape.slice(1))];
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    return ops.reshape(inputs, [inputs.shape[0] as number, -1]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), data_format: this.dataFormat };
  }
}
