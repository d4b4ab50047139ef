import { BaseConvTranspose, type BaseConvTransposeArgs } from './base-conv-transpose.js';

export type Conv2DTransposeArgs = BaseConvTransposeArgs;

/** 2-D transposed convolution ("deconvolution") over `(batch, height, width, channels)` inputs. */
export class Conv2DTranspose extends BaseConvTranspose {
  static override className = 'Conv2DTranspose';

  constructor(args: Conv2DTransposeArgs) {
    super(2, args);
  }
}
