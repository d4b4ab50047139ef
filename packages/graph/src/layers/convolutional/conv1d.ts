import { BaseConv, type BaseConvArgs } from './base-conv.js';

/** `padding` may also be 'causal': output step t sees only input steps <= t. */
export type Conv1DArgs = BaseConvArgs;

/** 1-D convolution over `(batch, steps, channels)` inputs (temporal convolution). */
export class Conv1D extends BaseConv {
  static override className = 'Conv1D';

  constructor(args: Conv1DArgs) {
    super(1, args);
  }
}
