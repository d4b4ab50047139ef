import { BaseGlobalPooling, type BaseGlobalPoolingArgs } from './base-global-pooling.js';

export type GlobalMaxPooling1DArgs = BaseGlobalPoolingArgs;

/** Maximum over the steps: `(batch, steps, c)` to `(batch, c)`. */
export class GlobalMaxPooling1D extends BaseGlobalPooling {
  static override className = 'GlobalMaxPooling1D';

  constructor(args: GlobalMaxPooling1DArgs = {}) {
    super(1, 'max', args);
  }
}
