import type { Tensor } from '../../backend/backend.js';
import { normalizePairs, standardizeDataFormat } from '../../common/window-args.js';
import { ShapeError } from '../../common/errors.js';
import { assertRank, formatShape, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';

export interface Cropping2DArgs extends LayerArgs {
  /** An int, `[symHeight, symWidth]`, or `[[top, bottom], [left, right]]`. Default 0. */
  cropping?: number | readonly (number | readonly number[])[];
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/** Removes rows and columns from the edges of each image. */
export class Cropping2D extends Layer {
  static override className = 'Cropping2D';
  readonly cropping: [[number, number], [number, number]];
  readonly dataFormat = 'channels_last' as const;

  constructor(args: Cropping2DArgs = {}) {
    super(args);
    this.cropping = normalizePairs(args.cropping ?? 0, 'cropping', this.name);
    standardizeDataFormat(args.dataFormat, this.name);
  }

  /** Nothing to build; declared because Keras builds Cropping2D on first call and writes a build config. */
  override build(_inputShape: Shape): void {}

  override computeOutputShape(inputShape: Shape): Shape {
    assertRank(this.name, inputShape, { exact: 4 });
    const crop = (d: number | null, [a, b]: [number, number]) => {
      if (d === null) return null;
      if (a + b >= d) {
        throw new ShapeError(
          `Layer "${this.name}" (Cropping2D): values in \`cropping\` must be smaller than the spatial dimensions of the input. ` +
            `Received: input shape ${formatShape(inputShape)}, cropping=${JSON.stringify(this.cropping)}`,
        );
      }
      return d - a - b;
    };
    return [inputShape[0] ?? null, crop(inputShape[1] ?? null, this.cropping[0]), crop(inputShape[2] ?? null, this.cropping[1]), inputShape[3] ?? null];
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    const [, h, w] = this.computeOutputShape([null, ...inputs.shape.slice(1)]) as [null, number, number];
    const [b, , , c] = inputs.shape as [number, number, number, number];
    return ops.slice(inputs, [0, this.cropping[0][0], this.cropping[1][0], 0], [b, h, w, c]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), cropping: this.cropping, data_format: this.dataFormat };
  }
}
