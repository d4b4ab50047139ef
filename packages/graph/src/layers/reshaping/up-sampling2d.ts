import type { Tensor } from '../../backend/backend.js';
import { positiveTuple, standardizeDataFormat } from '../../common/window-args.js';
import { ValueError } from '../../common/errors.js';
import { assertRank, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';

export interface UpSampling2DArgs extends LayerArgs {
  /** Repeat factors for rows and columns. Default 2. */
  size?: number | readonly number[];
  dataFormat?: 'channels_last' | 'channels_first' | null;
  /** Only 'nearest' is supported. */
  interpolation?: string;
}

/** Repeats rows and columns: `(batch, h, w, c)` to `(batch, h * size[0], w * size[1], c)`. */
export class UpSampling2D extends Layer {
  static override className = 'UpSampling2D';
  readonly size: [number, number];
  readonly dataFormat = 'channels_last' as const;
  readonly interpolation: 'nearest';

  constructor(args: UpSampling2DArgs = {}) {
    super(args);
    this.size = positiveTuple(args.size ?? 2, 2, 'size', this.name) as [number, number];
    standardizeDataFormat(args.dataFormat, this.name);
    const interpolation = args.interpolation ?? 'nearest';
    if (interpolation !== 'nearest') {
      throw new ValueError(`Layer "${this.name}": kfn supports only interpolation="nearest". Received: interpolation=${JSON.stringify(interpolation)}`);
    }
    this.interpolation = interpolation;
  }

  /** Nothing to build; declared because Keras builds UpSampling2D on first call and writes a build config. */
  override build(_inputShape: Shape): void {}

  override computeOutputShape(inputShape: Shape): Shape {
    assertRank(this.name, inputShape, { exact: 4 });
    const [b, h, w, c] = inputShape as [number | null, number | null, number | null, number | null];
    return [b, h === null ? null : h * this.size[0], w === null ? null : w * this.size[1], c];
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    return ops.upsampleNearest(inputs, this.size);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), size: this.size, data_format: this.dataFormat, interpolation: this.interpolation };
  }
}
