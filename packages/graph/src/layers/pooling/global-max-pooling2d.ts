import { BaseGlobalPooling, type BaseGlobalPoolingArgs } from './base-global-pooling.js';

export type GlobalMaxPooling2DArgs = BaseGlobalPoolingArgs;

/** Maximum over height and width: `(batch, h, w, c)` to `(batch, c)`. */
export class GlobalMaxPooling2D extends BaseGlobalPooling {
  static override className = 'GlobalMaxPooling2D';

  constructor(args: GlobalMaxPooling2DArgs = {}) {
    super(2, 'max', args);
  }
}
