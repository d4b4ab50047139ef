import { BasePooling, type BasePoolingArgs } from './base-pooling.js';

export type MaxPooling1DArgs = BasePoolingArgs;

/** 1-D max pooling over `(batch, steps, channels)` inputs. */
export class MaxPooling1D extends BasePooling {
  static override className = 'MaxPooling1D';

  constructor(args: MaxPooling1DArgs = {}) {
    super(1, 'max', args);
  }
}
