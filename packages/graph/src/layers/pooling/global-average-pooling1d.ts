import { BaseGlobalPooling, type BaseGlobalPoolingArgs } from './base-global-pooling.js';

export type GlobalAveragePooling1DArgs = BaseGlobalPoolingArgs;

/** Mean over the steps: `(batch, steps, c)` to `(batch, c)`. */
export class GlobalAveragePooling1D extends BaseGlobalPooling {
  static override className = 'GlobalAveragePooling1D';

  constructor(args: GlobalAveragePooling1DArgs = {}) {
    super(1, 'average', args);
  }
}
