import { BaseGlobalPooling, type BaseGlobalPoolingArgs } from './base-global-pooling.js';

export type GlobalAveragePooling2DArgs = BaseGlobalPoolingArgs;

/** Mean over height and width: `(batch, h, w, c)` to `(batch, c)`. */
export class GlobalAveragePooling2D extends BaseGlobalPooling {
  static override className = 'GlobalAveragePooling2D';

  constructor(args: GlobalAveragePooling2DArgs = {}) {
    super(2, 'average', args);
  }
}
