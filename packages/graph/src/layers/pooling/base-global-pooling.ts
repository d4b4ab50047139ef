import type { Tensor } from '../../backend/backend.js';
import { standardizeDataFormat } from '../../common/window-args.js';
import { assertRank, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';

export interface BaseGlobalPoolingArgs extends LayerArgs {
  dataFormat?: 'channels_last' | 'channels_first' | null;
  /** Keep the spatial axes with length 1: `(batch, 1, 1, channels)` instead of `(batch, channels)`. */
  keepdims?: boolean;
}

/**
 * Max or mean over all spatial axes (Keras's `BaseGlobalPooling`). No `build`: Keras
 * builds it at construction, so it has no build config.
 */
export abstract class BaseGlobalPooling extends Layer {
  readonly rank: number;
  readonly poolMode: 'max' | 'average';
  readonly dataFormat = 'channels_last' as const;
  readonly keepdims: boolean;

  constructor(rank: number, poolMode: 'max' | 'average', args: BaseGlobalPoolingArgs) {
    super(args);
    this.rank = rank;
    this.poolMode = poolMode;
    standardizeDataFormat(args.dataFormat, this.name);
    this.keepdims = args.keepdims ?? false;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    assertRank(this.name, inputShape, { exact: this.rank + 2 });
    const channels = inputShape.at(-1) ?? null;
    const batch = inputShape[0] ?? null;
    return this.keepdims ? [batch, ...Array<number>(this.rank).fill(1), channels] : [batch, channels];
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    const axes = Array.from({ length: this.rank }, (_, i) => i + 1);
    return this.poolMode === 'max' ? ops.max(inputs, axes, this.keepdims) : ops.mean(inputs, axes, this.keepdims);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), data_format: this.dataFormat, keepdims: this.keepdims };
  }
}
