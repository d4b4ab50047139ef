import type { Tensor } from '../../backend/backend.js';
import type { DType } from '../../common/dtype.js';
import { normalizePairs, standardizeDataFormat } from '../../common/window-args.js';
import { assertRank, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';

export interface ZeroPadding2DArgs extends LayerArgs {
  /** An int, `[symHeight, symWidth]`, or `[[top, bottom], [left, right]]`. Default 1. */
  padding?: number | readonly (number | readonly number[])[];
  dataFormat?: 'channels_last' | 'channels_first' | null;
}

/** Adds rows and columns of zeros around each image. */
export class ZeroPadding2D extends Layer {
  static override className = 'ZeroPadding2D';
  readonly padding: [[number, number], [number, number]];
  readonly dataFormat = 'channels_last' as const;

  constructor(args: ZeroPadding2DArgs = {}) {
    super(args);
    this.padding = normalizePairs(args.padding ?? 1, 'padding', this.name);
    standardizeDataFormat(args.dataFormat, this.name);
  }

  /** Nothing to build; declared because Keras builds ZeroPadding2D on first call and writes a build config. */
  override build(_inputShape: Shape): void {}

  override computeOutputShape(inputShape: Shape): Shape {
    assertRank(this.name, inputShape, { exact: 4 });
    const grow = (d: number | null, [a, b]: [number, number]) => (d === null ? null : d + a + b);
    return [inputShape[0] ?? null, grow(inputShape[1] ?? null, this.padding[0]), grow(inputShape[2] ?? null, this.padding[1]), inputShape[3] ?? null];
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    // The backend has no `pad`: concatenate zero blocks along height, then width.
    let x = inputs;
    for (const axis of [1, 2] as const) {
      const [before, after] = this.padding[axis - 1] as [number, number];
      const block = (n: number) => ops.zeros(x.shape.map((d, i) => (i === axis ? n : d)), x.dtype as DType);
      const parts = [...(before > 0 ? [block(before)] : []), x, ...(after > 0 ? [block(after)] : [])];
      if (parts.length > 1) x = ops.concat(parts, axis);
    }
    return x;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), padding: this.padding, data_format: this.dataFormat };
  }
}
