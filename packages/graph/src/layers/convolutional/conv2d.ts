import { BaseConv, type BaseConvArgs } from './base-conv.js';

export interface Conv2DArgs extends BaseConvArgs {
  padding?: 'valid' | 'same';
}

/** 2-D convolution over `(batch, height, width, channels)` inputs. */
export class Conv2D extends BaseConv {
  static override className = 'Conv2D';

  constructor(args: Conv2DArgs) {
    super(2, args);
  }
}
