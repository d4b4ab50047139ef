import { BasePooling, type BasePoolingArgs } from './base-pooling.js';

export type MaxPooling2DArgs = BasePoolingArgs;

/** 2-D max pooling over `(batch, height, width, channels)` inputs. */
export class MaxPooling2D extends BasePooling {
  static override className = 'MaxPooling2D';

  constructor(args: MaxPooling2DArgs = {}) {
    super(2, 'max', args);
  }
}
