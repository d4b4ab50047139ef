import { BasePooling, type BasePoolingArgs } from './base-pooling.js';

export type AveragePooling1DArgs = BasePoolingArgs;

/** 1-D average pooling over `(batch, steps, channels)` inputs. */
export class AveragePooling1D extends BasePooling {
  static override className = 'AveragePooling1D';

  constructor(args: AveragePooling1DArgs = {}) {
    super(1, 'average', args);
  }
}
