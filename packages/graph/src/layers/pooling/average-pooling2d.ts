import { BasePooling, type BasePoolingArgs } from './base-pooling.js';

export type AveragePooling2DArgs = BasePoolingArgs;

/** 2-D average pooling over `(batch, height, width, channels)` inputs. */
export class AveragePooling2D extends BasePooling {
  static override className = 'AveragePooling2D';

  constructor(args: AveragePooling2DArgs = {}) {
    super(2, 'average', args);
  }
}
