import type { Tensor } from '../../backend/backend.js';
import { checkWindowFits, positiveTuple, standardizeDataFormat, standardizePadding } from '../../common/window-args.js';
import { assertRank, convOutputLength, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';

export interface BasePoolingArgs extends LayerArgs {
  poolSize?: number | readonly number[];
  /** Defaults to `poolSize` (non-overlapping windows), as in Keras. */
  strides?: number | readonly number[] | null;
  padding?: 'valid' | 'same';
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/**
 * Max or average over sliding windows of the spatial axes (Keras's `BasePooling`). No
 * `build`: Keras builds pooling layers at construction, so they have no build config.
 */
export abstract class BasePooling extends Layer {
  readonly rank: number;
  readonly poolMode: 'max' | 'average';
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly dataFormat = 'channels_last' as const;

  constructor(rank: number, poolMode: 'max' | 'average', args: BasePoolingArgs) {
    super(args);
    this.rank = rank;
    this.poolMode = poolMode;
    this.poolSize = positiveTuple(args.poolSize ?? 2, rank, 'pool_size', this.name);
    this.strides = positiveTuple(args.strides ?? this.poolSize, rank, 'strides', this.name);
    this.padding = standardizePadding<'valid' | 'same'>(args.padding, ['valid', 'same'], this.name);
    standardizeDataFormat(args.dataFormat, this.name);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    assertRank(this.name, inputShape, { exact: this.rank + 2 });
    const spatial = inputShape.slice(1, -1).map((d, i) => convOutputLength(d, this.poolSize[i] as number, this.padding, this.strides[i] as number));
    checkWindowFits(this, inputShape, spatial, inputShape.at(-1) ?? null);
    return [inputShape[0] ?? null, ...spatial, inputShape.at(-1) ?? null];
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    const pool = (x: Tensor, poolSize: number[], strides: number[]) =>
      this.poolMode === 'max' ? ops.maxPool(x, { poolSize, strides, padding: this.padding }) : ops.avgPool(x, { poolSize, strides, padding: this.padding });
    if (this.rank === 2) return pool(inputs, this.poolSize, this.strides);
    // 1-D: pool a (batch, 1, steps, channels) image of height 1.
    const y = pool(ops.expandDims(inputs, 1), [1, ...this.poolSize], [1, ...this.strides]);
    return ops.squeeze(y, [1]);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      pool_size: this.poolSize,
      padding: this.padding,
      strides: this.strides,
      data_format: this.dataFormat,
    };
  }
}
